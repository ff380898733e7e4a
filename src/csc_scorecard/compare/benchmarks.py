"""Every ref's comparator columns for a council: named groups, its region, its statistical neighbours,
England, each labelled with its year. The CLI (`csc-scorecard comparators`) and the report use this.

Rules (docs/comparators.md): England and the region are the published figures at their published
precision; groups are unweighted means of council values, unrounded until shown; shown values are rounded
half up. "Number" rows are "equivalent number at comparator rate": the comparator rate (unrounded) x the
council's 0-17 population (the release's own estimate) / 10,000, or the comparator % x the council's own
count, which is an input and, when absent, makes the cell "not available" rather than zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, cast

from csc_scorecard import reference
from csc_scorecard.compare.groups import (
    ComparatorGroup,
    GroupValue,
    SnModelChoice,
    group_value,
    members_in_year,
    sn_model_for,
    statistical_neighbour_group,
)
from csc_scorecard.compare.published import (
    MARKER_MEANINGS,
    RefMapping,
    latest_year,
    measure_year,
    measures,
    published_value,
    ref_mappings,
    year_label,
)

__all__ = [
    "ComparatorCell",
    "ComparatorRow",
    "Status",
    "comparator_table",
    "parse_year",
    "round_half_up",
]

Status = Literal["ok", "suppressed", "not_available"]
NUMBER_BASIS = "equivalent number at comparator rate"


@dataclass(frozen=True, slots=True)
class ComparatorCell:
    """One comparator column of one ref. `value` is unrounded (None unless `status` is "ok"); `display`
    is what a report shows: the value rounded half up, or why there is none. `councils_used` and
    `councils_listed` are set for group means."""

    column: str  # a group's name, "region", "statistical_neighbours" or "england"
    label: str
    year: int | None
    year_label: str
    value: Decimal | None
    display: str
    status: Status
    basis: str
    councils_used: int | None = None
    councils_listed: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ComparatorRow:
    ref: str
    measure: str | None
    title: str
    unit: str  # "rate_per_10k", "percent", or "number" for derived rows
    cells: tuple[ComparatorCell, ...]


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round half away from zero, as DfE and the reference scorecard do (Python's round() does not)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def parse_year(year: str | int) -> int:
    """A DfE reporting year from "2021-22", "2021/22" or 2022 (the year the reporting year ends)."""
    text = str(year).strip()
    if text.isdigit() and len(text) == 4:
        return int(text)
    for separator in ("-", "/"):
        start, _, end = text.partition(separator)
        if start.isdigit() and len(start) == 4 and end.isdigit() and len(end) in (2, 4):
            ending = int(start) + 1
            if int(end) in (ending, ending % 100):
                return ending
    raise ValueError(f"year must look like 2021-22 (or 2022, the year it ends), not {year!r}")


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    label: str
    kind: Literal["group", "region", "sn", "england"]
    group: ComparatorGroup | None = None


def _columns(home: reference.Council, groups: Sequence[ComparatorGroup]) -> list[_Column]:
    return [
        *(_Column(g.name, g.label, "group", g) for g in groups),
        _Column("region", home.region_name, "region"),
        _Column("statistical_neighbours", "Statistical neighbours", "sn"),
        _Column("england", "England", "england"),
    ]


def _missing(column: _Column, year: int | None, display: str, note: str, basis: str = "") -> ComparatorCell:
    status: Status = "suppressed" if display == "suppressed" else "not_available"
    label = year_label(year) if year is not None else ""
    return ComparatorCell(column.name, column.label, year, label, None, display, status, basis, note=note)


# Markers that stand for a real value withheld (rather than one that does not exist or was not collected).
SUPPRESSION_MARKERS = frozenset({"c", "low", "k", "u"})


@dataclass(frozen=True, slots=True)
class _Found:
    """One column's comparator before any number-row derivation; `value` None says why in `note`."""

    value: Decimal | None
    basis: str
    note: str = ""
    suppressed: bool = False
    detail: GroupValue | None = None


def _comparator_value(
    column: _Column, home: reference.Council, measure: str, year: int, sn_model: SnModelChoice
) -> _Found:
    if column.kind in ("region", "england"):
        area = home.region_code if column.kind == "region" else "E92000001"
        found = published_value(measure, year, area)
        if found is None:
            return _Found(None, "published", f"no published {column.label} figure")
        if found.value is None:
            why = f"published as {found.marker!r}: {MARKER_MEANINGS[found.marker]}"
            return _Found(None, "published", why, found.marker in SUPPRESSION_MARKERS)
        return _Found(found.value, "published")
    if column.kind == "sn":
        model = sn_model_for(year, sn_model)
        members = statistical_neighbour_group(home.old_la_code, year, sn_model)
        basis = f"mean of DfE statistical neighbours ({model} model)"
    else:
        assert column.group is not None
        exclude = None if column.group.include_home else home.old_la_code
        members = members_in_year(column.group.councils, year, exclude=exclude)
        basis = "mean of councils" + (" (home council included)" if column.group.include_home else "")
    if not members:
        return _Found(None, basis, "no councils in the group for this year")
    detail = group_value(measure, year, members)
    notes = []
    if detail.suppressed:
        notes.append(f"suppressed: {', '.join(detail.suppressed)}")
    if detail.missing:
        notes.append(f"not published: {', '.join(detail.missing)}")
    note = f"{len(detail.used)} of {len(members)} councils; " + "; ".join(notes) if notes else ""
    return _Found(detail.value, basis, note, bool(detail.suppressed) and not detail.used, detail)


def _format(value: Decimal, places: int, unit: str) -> str:
    return f"{round_half_up(value, places)}" + ("%" if unit == "percent" else "")


def _cell(
    mapping: RefMapping,
    column: _Column,
    home: reference.Council,
    year: int,
    sn_model: SnModelChoice,
    own_counts: Mapping[str, float | int | Decimal],
) -> ComparatorCell:
    assert mapping.measure is not None
    measure = measures()[mapping.measure]
    found = _comparator_value(column, home, mapping.measure, year, sn_model)
    value, basis, note, detail = found.value, found.basis, found.note, found.detail
    used = len(detail.used) if detail else None
    listed = len(detail.members) if detail else None
    if value is None:
        cell = _missing(column, year, "suppressed" if found.suppressed else "not available", note, basis)
        return replace(cell, councils_used=used, councils_listed=listed)
    unit = measure.unit
    if mapping.derive == "rate_times_population":
        source = measure_year(mapping.measure, year)
        assert source is not None
        population = None
        if source.population_mid_year is not None:
            population = reference.population_0_17(
                home.old_la_code,
                source.population_mid_year,
                cast(reference.Vintage, source.population_vintage),
            )
        if population is None:
            return _missing(column, year, "not available", "no 0-17 population for the council", NUMBER_BASIS)
        value = value * population / 10000
        note = (
            f"{basis} x {population:,} children aged 0-17 (ONS mid-{source.population_mid_year}, "
            f"{source.population_vintage}) / 10,000" + (f"; {note}" if note else "")
        )
        basis, unit = NUMBER_BASIS, "number"
    elif mapping.derive == "percent_times_own_count":
        own = own_counts.get(mapping.own_count or "")
        if own is None:
            why = f"needs the council's own {mapping.own_count} count, which was not given"
            return _missing(column, year, "not available", why, NUMBER_BASIS)
        value = value * Decimal(str(own)) / 100
        note = f"{basis} x own {mapping.own_count} count {own} / 100" + (f"; {note}" if note else "")
        basis, unit = NUMBER_BASIS, "number"
    return ComparatorCell(
        column.name,
        column.label,
        year,
        year_label(year),
        value,
        _format(value, mapping.display_dp, unit),
        "ok",
        basis,
        used,
        listed,
        note,
    )


def _year_for(
    mapping: RefMapping,
    year: int | None,
    extract_date: date | None,
    year_overrides: Mapping[str, str | int],
) -> int | None:
    assert mapping.measure is not None
    override = year_overrides.get(mapping.ref, year_overrides.get(mapping.measure))
    if override is not None:
        return parse_year(override)
    if year is not None:
        return year
    return latest_year(mapping.measure, extract_date or date.today())


def comparator_table(
    council: str,
    year: str | int | None = None,
    groups: Sequence[ComparatorGroup] = (),
    *,
    extract_date: date | None = None,
    sn_model: SnModelChoice = "auto",
    own_counts: Mapping[str, float | int | Decimal] | None = None,
    year_overrides: Mapping[str, str | int] | None = None,
    refs: Sequence[str] | None = None,
) -> list[ComparatorRow]:
    """Every mapped ref's comparator columns for `council` (DfE code or E-code).

    Year: `year` ("2021-22") for every measure; else, per measure, the latest year whose release was
    published on or before `extract_date` (default today). `year_overrides` maps a ref or measure name to a
    year and wins over both. `own_counts` gives the council's own counts for "number" rows derived from a
    percentage (e.g. {"CF1": 661}). Columns: `groups` in order, the region, statistical neighbours, England.
    """
    home = reference.council(council)
    fixed_year = parse_year(year) if year is not None else None
    counts = own_counts or {}
    overrides = year_overrides or {}
    mappings = ref_mappings()
    unknown = [r for r in refs or () if r not in mappings]
    if unknown:
        raise KeyError(f"no comparator mapping for refs {unknown}; mapped: {', '.join(mappings)}")
    columns = _columns(home, groups)
    rows = []
    for ref in refs or list(mappings):
        mapping = mappings[ref]
        if mapping.measure is None:
            cells = tuple(_missing(c, None, "not available", mapping.reason) for c in columns)
            rows.append(ComparatorRow(ref, None, "", "", cells))
            continue
        measure = measures()[mapping.measure]
        unit = "number" if mapping.derive else measure.unit
        chosen = _year_for(mapping, fixed_year, extract_date, overrides)
        if chosen is None or measure_year(mapping.measure, chosen) is None:
            why = (
                "no release published by the extract date"
                if chosen is None
                else f"no {year_label(chosen)} figures shipped for {mapping.measure}"
            )
            cells = tuple(_missing(c, chosen, "not available", why) for c in columns)
        else:
            cells = tuple(_cell(mapping, c, home, chosen, sn_model, counts) for c in columns)
        rows.append(ComparatorRow(ref, mapping.measure, measure.title, unit, cells))
    return rows
