"""The shipped comparator table and the ref -> measure mapping, read lazily from the package.

`data/comparators.csv` (measure x reporting year x area -> value or marker) and `data/comparator_sources.csv`
(measure x year -> release, publication date, source, population vintage, precision) are built from DfE's
published statistics by `scripts/build_comparators.py`; `measures.yaml` is the mapping both use. Nothing
here reads outside the package. Years are DfE reporting years: 2022 is April 2021 to March 2022 ("2021-22").

Contains public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "MARKER_MEANINGS",
    "Measure",
    "MeasureYear",
    "PublishedValue",
    "RefMapping",
    "latest_year",
    "measure_year",
    "measure_years",
    "measures",
    "published_value",
    "ref_mappings",
    "year_label",
]

# What each published placeholder means (explore education statistics symbols; "-" is LAIT's). A value
# carrying one of these is shipped as the marker alone and never read as a number.
MARKER_MEANINGS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "k": "rounds to zero, but is not zero",
    "u": "low reliability",
    "low": "fewer than the publication threshold",
    "-": "not available (LAIT)",
}


@dataclass(frozen=True, slots=True)
class PublishedValue:
    """One area's value in the shipped table: a number, or no number and the published marker."""

    value: Decimal | None
    marker: str


@dataclass(frozen=True, slots=True)
class MeasureYear:
    """Where one measure's figures for one reporting year come from (a row of comparator_sources.csv).

    `published` is the date the year became available to a report; `date_basis` says how it was set.
    `population_vintage`/`population_mid_year` are the ONS 0-17 estimates the release's rates divide by
    (empty for measures that are not rates)."""

    measure: str
    year: int
    release: str
    release_title: str
    published: date
    date_basis: str
    source_file: str
    source_sha256: str
    value_method: str
    population_vintage: str
    population_mid_year: int | None
    precision: int
    note: str


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    title: str
    unit: str  # "rate_per_10k" or "percent"


@dataclass(frozen=True, slots=True)
class RefMapping:
    """How one scorecard ref's comparator columns are made. `measure` is None when no published figure
    fits (`reason` says why). `derive` is None for a rate/percent row shown as published, else
    "rate_times_population" or "percent_times_own_count" (the "equivalent number at comparator rate")."""

    ref: str
    measure: str | None
    derive: str | None
    own_count: str | None
    display_dp: int
    reason: str


def year_label(year: int) -> str:
    """DfE reporting year 2022 -> "2021-22"."""
    return f"{year - 1}-{year % 100:02d}"


def _read_csv(name: str) -> list[dict[str, str]]:
    text = (resources.files(__package__) / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def _mapping() -> dict[str, Any]:
    text = (resources.files(__package__) / "measures.yaml").read_text(encoding="utf-8")
    # libyaml's parser when PyYAML has it: the same mapping, ten times faster than the pure-Python one.
    loaded: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return loaded


@functools.cache
def measures() -> dict[str, Measure]:
    return {
        name: Measure(name, str(spec["title"]), str(spec["unit"]))
        for name, spec in _mapping()["measures"].items()
    }


@functools.cache
def ref_mappings() -> dict[str, RefMapping]:
    """Every ref of the reference scorecard that has comparator columns, in the scorecard's order."""
    return {
        ref: RefMapping(
            ref=ref,
            measure=spec.get("measure"),
            derive=spec.get("derive"),
            own_count=spec.get("own_count"),
            display_dp=int(spec.get("display_dp", 0)),
            reason=str(spec.get("reason", "")),
        )
        for ref, spec in _mapping()["refs"].items()
    }


@functools.cache
def _values() -> dict[tuple[str, int, str], PublishedValue]:
    return {
        (r["measure"], int(r["year"]), r["area_code"]): PublishedValue(
            Decimal(r["value"]) if r["value"] else None, r["marker"]
        )
        for r in _read_csv("comparators.csv")
    }


@functools.cache
def _sources() -> dict[tuple[str, int], MeasureYear]:
    return {
        (r["measure"], int(r["year"])): MeasureYear(
            measure=r["measure"],
            year=int(r["year"]),
            release=r["release"],
            release_title=r["release_title"],
            published=date.fromisoformat(r["published"]),
            date_basis=r["date_basis"],
            source_file=r["source_file"],
            source_sha256=r["source_sha256"],
            value_method=r["value_method"],
            population_vintage=r["population_vintage"],
            population_mid_year=int(r["population_mid_year"]) if r["population_mid_year"] else None,
            precision=int(r["precision"]),
            note=r["note"],
        )
        for r in _read_csv("comparator_sources.csv")
    }


def published_value(measure: str, year: int, area_code: str) -> PublishedValue | None:
    """The shipped value for a council (DfE code), region (E12/E13) or England (E92000001); None when
    the source has no row for the area that year."""
    return _values().get((measure, year, area_code))


def measure_year(measure: str, year: int) -> MeasureYear | None:
    return _sources().get((measure, year))


def measure_years(measure: str) -> tuple[MeasureYear, ...]:
    """Every shipped year of a measure, oldest first."""
    return tuple(sorted((s for s in _sources().values() if s.measure == measure), key=lambda s: s.year))


def latest_year(measure: str, extract_date: date) -> int | None:
    """The latest reporting year whose release was published on or before `extract_date`."""
    years = [s.year for s in measure_years(measure) if s.published <= extract_date]
    return max(years) if years else None
