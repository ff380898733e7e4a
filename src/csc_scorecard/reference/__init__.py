"""Reference data shipped with csc-scorecard: councils, statistical neighbours, successions, populations.

The files in `data/` are built by `scripts/build_reference.py` from DfE and ONS published statistics and
read here through `importlib.resources`, so an installed package needs nothing outside itself
(`docs/reference-data.md` says what each file holds and where it came from). Loading is lazy and cached:
importing this module reads nothing.

Codes: a council is named by its DfE 3-digit code (`old_la_code`, "357") or its ONS E-code
(`new_la_code`, "E08000008"); former E-codes of councils that were recoded are accepted too. Years: council
existence uses DfE reporting years (the year to 31 March: 2022 is April 2021 to March 2022); populations
use the ONS mid-year (30 June) of the estimate.

Contains public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Literal, get_args

from csc_scorecard.errors import ScorecardError

__all__ = [
    "ATTRIBUTION",
    "DEFAULT_VINTAGE",
    "Council",
    "PopulationEstimate",
    "SnModel",
    "Succession",
    "UnknownCodeError",
    "Vintage",
    "council",
    "councils",
    "population_0_17",
    "population_estimates",
    "predecessors",
    "statistical_neighbours",
    "successions",
    "successors",
]

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

SnModel = Literal["2021", "2025"]
"""DfE statistical neighbour model: the April 2021 groupings or the 2025 model."""

Vintage = Literal["census2021_based", "census2011_based"]
"""ONS population estimate vintage: the Census 2021-based series DfE uses now (mid-2012 to mid-2024), or
the 2011-based mid-2020 estimates that DfE's 2021-22 children in need release divided by."""

DEFAULT_VINTAGE: Vintage = "census2021_based"


class UnknownCodeError(ScorecardError, KeyError):
    """No council (or region, for populations) has this code. Also a KeyError, for `except KeyError`."""

    def __init__(self, code: str, suggestions: tuple[str, ...] = (), what: str = "council") -> None:
        hint = f"; close matches: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(
            f"no {what} with code {code!r}: expected a DfE 3-digit code (e.g. 357) or an ONS E-code "
            f"(e.g. E08000008){hint}"
        )
        self.code = code
        self.suggestions = suggestions

    def __str__(self) -> str:
        # KeyError would print the message in quotes, as if it were the missing key
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class Council:
    """A council with children's services, current or abolished.

    `first_year`/`last_year` are the first and last DfE reporting years it existed in; None where it
    existed before the sources begin (2013) or still exists. Statistical neighbour lists are DfE 3-digit
    codes in DfE's rank order (nearest first), empty for a model made when the council did not exist.
    """

    old_la_code: str
    new_la_code: str
    former_new_la_codes: tuple[str, ...]
    name: str
    council_type: str
    region_code: str
    region_name: str
    dfe_region_code: str
    dfe_region_name: str
    first_year: int | None
    last_year: int | None
    sn_2021: tuple[str, ...]
    sn_2021_closeness: tuple[str, ...]
    sn_2025: tuple[str, ...]
    sn_2025_closeness: tuple[str, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code this council is known by: DfE code, current E-code, former E-codes."""
        return (self.old_la_code, self.new_la_code, *self.former_new_la_codes)

    def exists_in(self, reporting_year: int) -> bool:
        """Whether the council existed in DfE reporting year `reporting_year` (the year to 31 March)."""
        after_start = self.first_year is None or reporting_year >= self.first_year
        before_end = self.last_year is None or reporting_year <= self.last_year
        return after_start and before_end

    def neighbours(self, model: SnModel) -> tuple[str, ...]:
        return self.sn_2021 if _model(model) == "2021" else self.sn_2025

    def closeness(self, model: SnModel) -> tuple[str, ...]:
        """DfE's closeness label for each neighbour ("Extremely close" ... "Not close"), same order."""
        return self.sn_2021_closeness if _model(model) == "2021" else self.sn_2025_closeness


@dataclass(frozen=True, slots=True)
class Succession:
    """One predecessor → successor link: a reorganisation, or a council that kept its DfE code but got a
    new E-code (`kind == "recode"`). `predecessor_area` is "whole" when all of the predecessor's area
    went to this successor, "part" when it was split."""

    effective_date: date
    first_reporting_year: int
    kind: str
    predecessor_old_la_code: str
    predecessor_new_la_code: str
    successor_old_la_code: str
    successor_new_la_code: str
    predecessor_area: str
    note: str


@dataclass(frozen=True, slots=True)
class PopulationEstimate:
    """ONS estimate of children aged 0 to 17 at 30 June of `mid_year`. `old_la_code` is empty for
    England and regions; `area_code` is the E-code the area had that year."""

    vintage: str
    mid_year: int
    geographic_level: str
    area_code: str
    old_la_code: str
    area_name: str
    population_0_17: int


# ---------------------------------------------------------------- loading


def _read(name: str) -> list[dict[str, str]]:
    text = (resources.files(__name__) / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split(";")) if value else ()


def _year(value: str) -> int | None:
    return int(value) if value else None


@functools.cache
def councils() -> tuple[Council, ...]:
    """Every council in the shipped lookup, current and abolished, in DfE code order."""
    return tuple(
        Council(
            old_la_code=r["old_la_code"],
            new_la_code=r["new_la_code"],
            former_new_la_codes=_split(r["former_new_la_codes"]),
            name=r["name"],
            council_type=r["council_type"],
            region_code=r["region_code"],
            region_name=r["region_name"],
            dfe_region_code=r["dfe_region_code"],
            dfe_region_name=r["dfe_region_name"],
            first_year=_year(r["first_year"]),
            last_year=_year(r["last_year"]),
            sn_2021=_split(r["sn_2021"]),
            sn_2021_closeness=_split(r["sn_2021_closeness"]),
            sn_2025=_split(r["sn_2025"]),
            sn_2025_closeness=_split(r["sn_2025_closeness"]),
        )
        for r in _read("councils.csv")
    )


@functools.cache
def _by_code() -> dict[str, Council]:
    return {code: c for c in councils() for code in c.codes}


@functools.cache
def successions() -> tuple[Succession, ...]:
    """Every recorded reorganisation and recode, oldest first."""
    return tuple(
        Succession(
            effective_date=date.fromisoformat(r["effective_date"]),
            first_reporting_year=int(r["first_reporting_year"]),
            kind=r["kind"],
            predecessor_old_la_code=r["predecessor_old_la_code"],
            predecessor_new_la_code=r["predecessor_new_la_code"],
            successor_old_la_code=r["successor_old_la_code"],
            successor_new_la_code=r["successor_new_la_code"],
            predecessor_area=r["predecessor_area"],
            note=r["note"],
        )
        for r in _read("council_successions.csv")
    )


@functools.cache
def population_estimates() -> tuple[PopulationEstimate, ...]:
    """The whole population table, for joining in bulk (one call per figure is `population_0_17`)."""
    return tuple(
        PopulationEstimate(
            vintage=r["vintage"],
            mid_year=int(r["mid_year"]),
            geographic_level=r["geographic_level"],
            area_code=r["area_code"],
            old_la_code=r["old_la_code"],
            area_name=r["area_name"],
            population_0_17=int(r["population_0_17"]),
        )
        for r in _read("population_0_17.csv")
    )


@functools.cache
def _population_index() -> dict[tuple[str, int, str], int]:
    # Councils are keyed by DfE code, which survives recodes (North Yorkshire is one series across
    # E10000023 → E06000065); England and regions by their E-code.
    return {
        (p.vintage, p.mid_year, p.old_la_code or p.area_code): p.population_0_17
        for p in population_estimates()
    }


@functools.cache
def _area_codes() -> frozenset[str]:
    return frozenset(p.area_code for p in population_estimates() if not p.old_la_code)


# ---------------------------------------------------------------- lookups


def _normalise(code: str) -> str:
    return str(code).strip().upper()


def _model(model: str) -> str:
    if model not in get_args(SnModel):
        raise ValueError(f"statistical neighbour model must be one of {get_args(SnModel)}, not {model!r}")
    return model


def _suggestions(query: str) -> tuple[str, ...]:
    """Councils whose code or name is close to `query`, as "357 Tameside (E08000008)"."""
    by_key = dict(_by_code())
    by_key.update({c.name.upper(): c for c in councils()})
    matches = difflib.get_close_matches(query, list(by_key), n=5, cutoff=0.6)
    found = dict.fromkeys(by_key[m] for m in matches)  # keeps order, drops repeats
    return tuple(f"{c.old_la_code} {c.name} ({c.new_la_code})" for c in found)


def council(code: str) -> Council:
    """The council with this DfE 3-digit code, E-code or former E-code.

    Raises UnknownCodeError (a KeyError) naming close matches, e.g. for a council's name or a mistyped code.
    """
    key = _normalise(code)
    found = _by_code().get(key)
    if found is None:
        raise UnknownCodeError(str(code), _suggestions(key))
    return found


def statistical_neighbours(code: str, model: SnModel) -> tuple[str, ...]:
    """The council's ten DfE statistical neighbours (DfE 3-digit codes, nearest first) in `model`.

    Empty when the model was made without the council (Cumberland in 2021; old Dorset in 2025). The 2021
    groupings name councils that no longer exist (e.g. Cumbria's list includes 940); `successors` maps them.
    """
    return council(code).neighbours(model)


def population_0_17(code: str, mid_year: int, vintage: Vintage = DEFAULT_VINTAGE) -> int | None:
    """ONS estimate of children aged 0 to 17 at 30 June `mid_year`, or None when the vintage has none.

    `code` is a council code (any of its codes), a region's E-code (E12..., or DfE's Inner/Outer London
    E13000001/2) or England (E92000001). Which mid-year a DfE reporting year divides by is a counting
    convention, not a property of the data: DfE's current releases use mid-(t-1) for reporting year t;
    the 2021-22 children in need release used mid-2020, 2011-based (Tameside 50,956).
    """
    if vintage not in get_args(Vintage):
        raise ValueError(f"population vintage must be one of {get_args(Vintage)}, not {vintage!r}")
    key = _normalise(code)
    if key not in _area_codes():
        key = council(code).old_la_code
    return _population_index().get((vintage, mid_year, key))


def successors(code: str) -> tuple[Succession, ...]:
    """What this code became. A DfE code follows reorganisations (909 → 942, 943); an E-code also
    follows recodes (E10000023 → E06000065). Empty for a code still in use."""
    council(code)  # an unknown code is an error, not "no successors"
    key = _normalise(code)
    if key.isdigit():
        return tuple(
            s for s in successions() if s.predecessor_old_la_code == key and s.successor_old_la_code != key
        )
    return tuple(s for s in successions() if s.predecessor_new_la_code == key)


def predecessors(code: str) -> tuple[Succession, ...]:
    """What this code replaced: the mirror of `successors` (839 ← 835, 836, 837)."""
    council(code)
    key = _normalise(code)
    if key.isdigit():
        return tuple(
            s for s in successions() if s.successor_old_la_code == key and s.predecessor_old_la_code != key
        )
    return tuple(s for s in successions() if s.successor_new_la_code == key)
