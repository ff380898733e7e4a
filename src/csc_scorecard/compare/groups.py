"""Comparator groups: statistical neighbours and named groups of councils, and their unweighted means.

A group's value for a year is the unweighted mean of its member councils' published values that year.
Members whose value is suppressed (a published marker) or absent are left out, and the number used is
recorded. Council code changes are followed through `csc_scorecard.reference`: a member that no longer
existed in the year is replaced by its successors (Northamptonshire 928 by 940 and 941 from 2021-22), one
that did not exist yet by its predecessors, and recodes keep the DfE code, so need nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from csc_scorecard import reference
from csc_scorecard.compare.published import published_value

if TYPE_CHECKING:
    from csc_scorecard.config import CouncilConfig

__all__ = [
    "ComparatorGroup",
    "GroupValue",
    "SnModelChoice",
    "group_value",
    "groups_from_config",
    "members_in_year",
    "sn_model_for",
    "statistical_neighbour_group",
]

SnModelChoice = Literal["auto", "2021", "2025"]
"""Which DfE statistical neighbour model: "auto" is the April 2021 groupings for comparator years up to
2023-24 and the 2025 model after, as DfE's own tools switched; or one model always."""

# The last reporting year "auto" compares with the April 2021 groupings: 2023-24.
LAST_YEAR_OF_2021_MODEL = 2024


@dataclass(frozen=True, slots=True)
class ComparatorGroup:
    """A named group of councils (DfE codes) whose mean is a comparator column, as in the council
    configuration's `[comparator_groups.NAME]`. `include_home`: whether the home council counts in its
    own group's mean."""

    name: str
    label: str
    councils: tuple[str, ...]
    include_home: bool = False


@dataclass(frozen=True, slots=True)
class GroupValue:
    """A group's mean in one year. `value` is unrounded, None when no member has a value. `members` are
    the councils after code changes; `suppressed` had a published marker and `missing` no row."""

    value: Decimal | None
    members: tuple[str, ...]
    used: tuple[str, ...]
    suppressed: tuple[str, ...]
    missing: tuple[str, ...]


def groups_from_config(config: CouncilConfig) -> tuple[ComparatorGroup, ...]:
    """The `[comparator_groups.NAME]` tables of a loaded council configuration, in file order. (The
    statistical neighbour choice is `config.comparators.statistical_neighbours`, an `SnModelChoice`.)"""
    return tuple(
        ComparatorGroup(name, group.label, tuple(group.councils), group.include_home)
        for name, group in config.comparator_groups.items()
    )


def sn_model_for(year: int, choice: SnModelChoice = "auto") -> reference.SnModel:
    if choice == "auto":
        return "2021" if year <= LAST_YEAR_OF_2021_MODEL else "2025"
    if choice not in ("2021", "2025"):
        raise ValueError(f"statistical neighbour model must be auto, 2021 or 2025, not {choice!r}")
    return choice


def _in_year(code: str, year: int, seen: frozenset[str] = frozenset()) -> list[str]:
    """The council(s) covering `code`'s area in reporting year `year` (DfE codes)."""
    council = reference.council(code)
    if council.exists_in(year) or code in seen:
        return [council.old_la_code]
    seen = seen | {code}
    if council.last_year is not None and year > council.last_year:
        links = [s.successor_old_la_code for s in reference.successors(council.old_la_code)]
    else:
        links = [s.predecessor_old_la_code for s in reference.predecessors(council.old_la_code)]
    found = [c for link in links for c in _in_year(link, year, seen)]
    return found or [council.old_la_code]


def members_in_year(codes: Iterable[str], year: int, exclude: str | None = None) -> tuple[str, ...]:
    """The councils standing for `codes` in `year`, code changes followed, duplicates and `exclude`
    (the home council, when it is not part of its own group) dropped, order kept."""
    found = dict.fromkeys(c for code in codes for c in _in_year(code, year))
    return tuple(c for c in found if c != exclude)


def statistical_neighbour_group(council: str, year: int, choice: SnModelChoice = "auto") -> tuple[str, ...]:
    """The council's DfE statistical neighbours for comparator year `year`, code changes followed."""
    home = reference.council(council)
    listed = home.neighbours(sn_model_for(year, choice))
    return members_in_year(listed, year, exclude=home.old_la_code)


def group_value(measure: str, year: int, members: Sequence[str]) -> GroupValue:
    """Unweighted mean of the members' published values; suppressed and absent values left out."""
    used: list[str] = []
    suppressed: list[str] = []
    missing: list[str] = []
    values: list[Decimal] = []
    for code in members:
        found = published_value(measure, year, code)
        if found is None:
            missing.append(code)
        elif found.value is None:
            suppressed.append(code)
        else:
            used.append(code)
            values.append(found.value)
    mean = sum(values, Decimal(0)) / len(values) if values else None
    return GroupValue(mean, tuple(members), tuple(used), tuple(suppressed), tuple(missing))
