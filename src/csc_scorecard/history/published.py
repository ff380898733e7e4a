"""A council's own published scorecard table: read it, parse its printed figures, store it.

The table has the shape of the published scorecard (see ../shared/reference/scorecard-2023-01.csv):
`ref`, `indicator`, `current`, `previous_year`, `target` and comparator columns, each figure as it
was printed: "1,348", "22%", "92.0%", "2.1", "Not Yet Available" or blank. Percentages become
fractions (22% → 0.22), as everywhere in Results.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow as pa

from csc_scorecard.engine.results import RESULTS_SCHEMA, Results
from csc_scorecard.errors import ScorecardError
from csc_scorecard.history.store import HistoryStore, RunInfo, Source

PUBLISHED_CATALOGUE_HASH = "published"
_NOT_YET_AVAILABLE = {"not yet available", "nya", "not available yet", "tbc", "to follow"}
_BLANK = {"", "-", "–", "—", "n/a", "na", "none", "null", "."}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


class PublishedStatus(StrEnum):
    OK = "ok"
    NOT_YET_AVAILABLE = "not_yet_available"  # printed "Not Yet Available"
    BLANK = "blank"  # nothing printed
    UNREADABLE = "unreadable"  # printed, but not a figure ("<5", a footnote): kept as text


@dataclass(frozen=True)
class PublishedValue:
    """One printed figure. `value` is a fraction for percentages; `decimals` is the printed precision."""

    text: str
    value: float | None
    status: PublishedStatus
    is_percent: bool = False
    decimals: int = 0

    def display_number(self) -> float | None:
        """The number as printed (22 for "22%")."""
        if self.value is None:
            return None
        return self.value * 100 if self.is_percent else self.value

    def agrees_with(self, computed: float | None, unit: str | None) -> bool:
        """Whether a computed value rounds to this printed figure (22% agrees with 0.2249, not 0.2251)."""
        printed = self.display_number()
        if printed is None or computed is None or math.isnan(computed):
            return False
        shown = computed * 100 if (self.is_percent or (unit == "percent" and abs(printed) > 1)) else computed
        half_step = 0.5 * 10 ** (-self.decimals)
        return bool(abs(shown - printed) <= half_step + 1e-9)


def parse_published_value(text: str | None) -> PublishedValue:
    """Parse a printed figure: "1,348" → 1348; "22%" → 0.22; "92.0%" → 0.92 (1 decimal);
    "Not Yet Available" → not yet available; "" → blank; anything else → unreadable."""
    raw = "" if text is None else str(text)
    cleaned = _SPACES.sub("", raw).replace(",", "")
    if cleaned.lower() in _BLANK:
        return PublishedValue(raw, None, PublishedStatus.BLANK)
    if _SPACES.sub(" ", raw).strip().lower() in _NOT_YET_AVAILABLE:
        return PublishedValue(raw, None, PublishedStatus.NOT_YET_AVAILABLE)
    is_percent = cleaned.endswith("%")
    number = cleaned.rstrip("%")
    if not _NUMBER.match(number):
        return PublishedValue(raw, None, PublishedStatus.UNREADABLE)
    decimals = len(number.split(".", 1)[1]) if "." in number else 0
    value = float(number)
    return PublishedValue(raw, value / 100 if is_percent else value, PublishedStatus.OK, is_percent, decimals)


@dataclass(frozen=True)
class PublishedRow:
    ref: str
    indicator: str
    section: str
    current: PublishedValue
    previous_year: PublishedValue
    target: str


_REQUIRED_COLUMNS = ("ref", "current")


class PublishedFileError(ScorecardError):
    """The published scorecard table cannot be used (not a CSV of the expected shape)."""


def read_published(path: Path) -> list[PublishedRow]:
    """Read a published scorecard table (CSV, UTF-8, with or without a byte-order mark)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = list(csv.DictReader(handle))
    except UnicodeDecodeError:
        raise PublishedFileError(
            f"{path} is not UTF-8 text; save it from Excel as 'CSV UTF-8 (Comma delimited)'"
        ) from None
    return published_rows_from_records(records, str(path))


def published_rows_from_records(
    records: Sequence[dict[str, Any]], name: str = "the published table"
) -> list[PublishedRow]:
    """Published rows from CSV records (column names are matched ignoring case and spaces)."""
    rows = []
    for record in records:
        fields = {str(k).strip().lower().replace(" ", "_"): (v or "") for k, v in record.items() if k}
        missing = [c for c in _REQUIRED_COLUMNS if c not in fields]
        if missing:
            raise PublishedFileError(
                f"{name} has no {' or '.join(missing)} column; expected the scorecard table's columns "
                "ref, indicator, current, previous_year, target"
            )
        ref = fields["ref"].strip()
        if not ref:
            continue  # a section heading or an empty row
        rows.append(
            PublishedRow(
                ref=ref,
                indicator=fields.get("indicator", "").strip(),
                section=fields.get("section", "").strip(),
                current=parse_published_value(fields["current"]),
                previous_year=parse_published_value(fields.get("previous_year", "")),
                target=fields.get("target", "").strip(),
            )
        )
    return rows


def month_bounds(period: str) -> tuple[date, date]:
    """ "2023-01" → (1 January 2023, 31 January 2023)."""
    year, month = (int(part) for part in period.split("-"))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def published_results(
    rows: Sequence[PublishedRow], council: str, period: str, computed: Results | None = None
) -> Results:
    """The published figures for `period` as Results rows (blank figures are left out).

    Unit, period basis and period start are taken from the computed row for the same ref when there
    is one (the printed table does not say them); otherwise percent when printed with %, else count.
    """
    start, end = month_bounds(period)
    known: dict[str, dict[str, Any]] = {}
    if computed is not None:
        for row in computed.table.to_pylist():
            if row["period_end"] == end and row["breakdown_value"] == "all" and row["council"] == council:
                known[row["ref"]] = row
    out = []
    for published in rows:
        figure = published.current
        if figure.status is PublishedStatus.BLANK:
            continue
        twin = known.get(published.ref, {})
        status = {
            PublishedStatus.OK: "ok",
            PublishedStatus.NOT_YET_AVAILABLE: "not_yet_available",
            PublishedStatus.UNREADABLE: "not_available",
        }[figure.status]
        out.append(
            {
                "council": council,
                "ref": published.ref,
                "period_start": twin.get("period_start", start),
                "period_end": end,
                "period_basis": twin.get("period_basis", "month"),
                "unit": twin.get("unit") or ("percent" if figure.is_percent else "count"),
                "breakdown": "all",
                "breakdown_value": "all",
                "value": figure.value,
                "numerator": None,
                "denominator": None,
                "status": status,
                "note": f"published as {figure.text.strip()!r}",
                "extract_date": None,
                "catalogue_hash": PUBLISHED_CATALOGUE_HASH,
                "definition_hash": None,
            }
        )
    return Results(pa.Table.from_pylist(out, schema=RESULTS_SCHEMA))


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def store_published(
    store: HistoryStore,
    rows: Sequence[PublishedRow],
    council: str,
    period: str,
    content_hash: str,
    computed: Results | None = None,
) -> tuple[RunInfo, bool]:
    """Store the published figures as a run with source "published" (first reported).

    The same table loaded twice is stored once: (the existing run, False); otherwise (new run, True).
    """
    for run in store.runs():
        same_table = run.settings_hash == content_hash and run.source == Source.PUBLISHED
        if same_table and council in run.councils and run.period == period:
            return run, False
    results = published_results(rows, council, period, computed)
    if len(results) == 0:
        raise PublishedFileError(f"the published table has no figures for {period}")
    return store.append_run(results, content_hash, source=Source.PUBLISHED), True
