"""Hand-made Results tables for the history tests: a few refs, a few months, one or two extracts."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from csc_scorecard.engine.results import RESULTS_SCHEMA, Results

COUNCIL = "357"
REFERENCE_CSV = Path(__file__).resolve().parents[3] / "shared" / "reference" / "scorecard-2023-01.csv"

# ref → (unit, period basis, definition hash)
REFS = {
    "FD1": ("count", "month", "def-fd1"),
    "CIN4": ("percent", "rolling_12_months", "def-cin4"),
    "CIN8": ("percent", "month", "def-cin8"),
    "CIN2": ("rate_per_10k", "rolling_12_months", "def-cin2"),
    "EH1": ("days", "month", "def-eh1"),
    "WF3": ("percent", "month_end", "def-wf3"),
    "SG16": ("count", "month", "def-sg16"),
}


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def row(
    ref: str,
    month: tuple[int, int],
    value: float | None,
    *,
    extract: date,
    status: str = "ok",
    definition_hash: str | None = None,
    council: str = COUNCIL,
    catalogue_hash: str = "cat-1",
    note: str = "",
) -> dict[str, Any]:
    unit, basis, default_hash = REFS[ref]
    year, number = month
    return {
        "council": council,
        "ref": ref,
        "period_start": date(year, number, 1),
        "period_end": month_end(year, number),
        "period_basis": basis,
        "unit": unit,
        "breakdown": "all",
        "breakdown_value": "all",
        "value": value,
        "numerator": None,
        "denominator": None,
        "status": status,
        "note": note,
        "extract_date": extract,
        "catalogue_hash": catalogue_hash,
        "definition_hash": definition_hash or default_hash,
    }


def results(rows: Iterable[Mapping[str, Any]]) -> Results:
    return Results(pa.Table.from_pylist(list(rows), schema=RESULTS_SCHEMA))


def extract(
    values: Mapping[tuple[str, tuple[int, int]], float | None],
    extract_date: date,
    definition_hashes: Mapping[str, str] | None = None,
) -> Results:
    """One extract: {(ref, (year, month)): value} → Results."""
    hashes = definition_hashes or {}
    return results(
        row(ref, month, value, extract=extract_date, definition_hash=hashes.get(ref))
        for (ref, month), value in values.items()
    )


def big_results(rows: int, extract_date: date = date(2023, 2, 6)) -> Results:
    """A large table (many breakdown values) so that writing it takes a noticeable time."""
    base = row("FD1", (2023, 1), 1.0, extract=extract_date)
    columns = {name: [base[name]] * rows for name in RESULTS_SCHEMA.names}
    columns["breakdown"] = ["team"] * rows
    columns["breakdown_value"] = [f"team-{i:08d}" for i in range(rows)]
    columns["value"] = [float(i) for i in range(rows)]
    return Results(pa.table(columns, schema=RESULTS_SCHEMA))
