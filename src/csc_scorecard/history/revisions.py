"""Revisions: how each figure of a run compares with the figure first reported for the same month.

A later extract recomputes earlier months, and late recording changes them. For every row of the
current results this finds the figure first reported for the same council, ref, month and breakdown
(from an earlier extract, or from the council's published scorecard) and says one of:

    unchanged            the same figure, as printed (rounding differences are not revisions)
    revised              "first reported 1,196 (extract 2023-02-06), now 1,204"
    definition_changed   the ref's definition hash differs, so the two figures measure different
                         things: no "first reported X, now Y" is given
    new                  nothing was reported for that month before (typically the reporting month)

A published figure counts as first reported whenever one is stored: it is what the council first put
in front of people, whatever extracts were computed before it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyarrow as pa

from csc_scorecard.engine.results import Results
from csc_scorecard.history.formatting import format_value
from csc_scorecard.history.store import HistoryStore, Source


class RevisionStatus:
    UNCHANGED = "unchanged"
    REVISED = "revised"
    DEFINITION_CHANGED = "definition_changed"
    NEW = "new"


REVISIONS_SCHEMA = pa.schema(
    [
        ("council", pa.string()),
        ("ref", pa.string()),
        ("period_end", pa.date32()),
        ("breakdown", pa.string()),
        ("breakdown_value", pa.string()),
        ("unit", pa.string()),
        ("first_reported_value", pa.float64()),
        ("first_reported_extract_date", pa.date32()),
        ("first_reported_source", pa.string()),
        ("current_value", pa.float64()),
        ("revision_status", pa.string()),
        ("revision_note", pa.string()),
    ]
)

PREVIOUS_YEAR_SCHEMA = pa.schema(
    [
        ("council", pa.string()),
        ("ref", pa.string()),
        ("period_end", pa.date32()),
        ("breakdown", pa.string()),
        ("breakdown_value", pa.string()),
        ("previous_year_period_end", pa.date32()),
        ("previous_year_value", pa.float64()),
        ("first_reported_value", pa.float64()),
        ("first_reported_extract_date", pa.date32()),
        ("revision_status", pa.string()),
        ("revision_note", pa.string()),
    ]
)

Key = tuple[str, str, date, str, str]  # council, ref, period_end, breakdown, breakdown_value

# The earliest reportable row per key, from the store: published first, then by extract date.
# A not_yet_available row was never a figure, so it is never "first reported".
_FIRST_REPORTED_SQL = """
SELECT council, ref, period_end, breakdown, breakdown_value, value, status, definition_hash,
       extract_date, source
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY council, ref, period_end, breakdown, breakdown_value
        ORDER BY CASE WHEN source = $published THEN 0 ELSE 1 END, extract_date NULLS FIRST,
                 recorded_at, run_id
    ) AS position
    FROM history
    WHERE status <> 'not_yet_available' AND (source = $published OR extract_date < $before)
)
WHERE position = 1
"""


@dataclass(frozen=True)
class FirstReported:
    value: float | None
    status: str
    definition_hash: str | None
    extract_date: date | None
    source: str

    @property
    def basis(self) -> str:
        """Where the first figure came from, as the note says it."""
        if self.source == Source.PUBLISHED:
            return "published scorecard"
        return f"extract {self.extract_date.isoformat()}" if self.extract_date else "an earlier run"


def first_reported(store: HistoryStore, before: date | None) -> dict[Key, FirstReported]:
    """The first-reported figure of every key in the store, from runs with an extract before `before`
    (published figures always count)."""
    cutoff = before or date.max
    table = store.query(_FIRST_REPORTED_SQL, {"published": Source.PUBLISHED.value, "before": cutoff})
    found: dict[Key, FirstReported] = {}
    for row in table.to_pylist():
        key = (row["council"], row["ref"], row["period_end"], row["breakdown"], row["breakdown_value"])
        found[key] = FirstReported(
            value=row["value"],
            status=row["status"],
            definition_hash=row["definition_hash"],
            extract_date=row["extract_date"],
            source=row["source"],
        )
    return found


def _extract_date_of(current: Results) -> date | None:
    dates = [d for d in current.table.column("extract_date").to_pylist() if d is not None]
    return max(dates) if dates else None


def classify(first: FirstReported | None, row: dict[str, Any]) -> tuple[str, str]:
    """(revision_status, revision_note) for one current row against its first-reported figure."""
    if first is None:
        return RevisionStatus.NEW, ""
    unit = row["unit"]
    if first.definition_hash and row["definition_hash"] and first.definition_hash != row["definition_hash"]:
        return RevisionStatus.DEFINITION_CHANGED, f"definition changed since first reported ({first.basis})"
    before, now = format_value(first.value, unit), format_value(row["value"], unit)
    # Compared as printed: a change below the printed precision is not something a reader could see.
    if before == now:
        return RevisionStatus.UNCHANGED, ""
    return RevisionStatus.REVISED, f"first reported {before} ({first.basis}), now {now}"


def revisions(store: HistoryStore, current: Results) -> pa.Table:
    """For each row of `current`, the figure first reported for that month and whether it was revised.

    Earlier figures come from runs whose extract date is before the current extract's (or from a
    published scorecard), so storing `current` before or after calling this gives the same answer.
    """
    earlier = first_reported(store, _extract_date_of(current))
    out: list[dict[str, Any]] = []
    for row in current.table.to_pylist():
        key = (row["council"], row["ref"], row["period_end"], row["breakdown"], row["breakdown_value"])
        first = earlier.get(key)
        status, note = classify(first, row)
        out.append(
            {
                "council": row["council"],
                "ref": row["ref"],
                "period_end": row["period_end"],
                "breakdown": row["breakdown"],
                "breakdown_value": row["breakdown_value"],
                "unit": row["unit"],
                "first_reported_value": first.value if first else None,
                "first_reported_extract_date": first.extract_date if first else None,
                "first_reported_source": first.source if first else None,
                "current_value": row["value"],
                "revision_status": status,
                "revision_note": note,
            }
        )
    return pa.Table.from_pylist(out, schema=REVISIONS_SCHEMA)


def year_earlier(month_end: date) -> date:
    """The last day of the same month a year earlier (29 February → 28 February)."""
    year = month_end.year - 1
    return date(year, month_end.month, calendar.monthrange(year, month_end.month)[1])


def previous_year_revisions(store: HistoryStore, current: Results) -> pa.Table:
    """For each row of `current`, its previous-year value (recomputed from the current extract) and
    the first-reported figure of that same month a year earlier, with its revision note.

    Rows whose month a year earlier is not in `current` are left out (nothing to compare).
    """
    by_key = {
        (r["council"], r["ref"], r["period_end"], r["breakdown"], r["breakdown_value"]): r
        for r in revisions(store, current).to_pylist()
    }
    out: list[dict[str, Any]] = []
    for (council, ref, period_end, breakdown, breakdown_value), _row in by_key.items():
        earlier = by_key.get((council, ref, year_earlier(period_end), breakdown, breakdown_value))
        if earlier is None:
            continue
        out.append(
            {
                "council": council,
                "ref": ref,
                "period_end": period_end,
                "breakdown": breakdown,
                "breakdown_value": breakdown_value,
                "previous_year_period_end": earlier["period_end"],
                "previous_year_value": earlier["current_value"],
                "first_reported_value": earlier["first_reported_value"],
                "first_reported_extract_date": earlier["first_reported_extract_date"],
                "revision_status": earlier["revision_status"],
                "revision_note": earlier["revision_note"],
            }
        )
    return pa.Table.from_pylist(out, schema=PREVIOUS_YEAR_SCHEMA)
