"""Reconcile: why our figure for a month differs from the one the council published.

For each ref of the published table, `reconcile` gives the published and computed figures, the
difference, and the likely cause, tried in this order:

    not_published        nothing printed for the month, so nothing to compare
    not_yet_available    printed "Not Yet Available", or the table does not cover the month yet
    not_computed         the ref is not in the computed results (not in the catalogue yet, or excluded)
    missing_table        computed, but the table it needs is missing (status not_available)
    match                the computed figure rounds to the printed one
    definition_setting   the figure under an alternative setting agrees with the published one; or an
                         earlier run in the history store agreed, under a different definition or settings
    data_revision        an earlier extract in the history store gave the published figure under the
                         same definition and settings: the records changed since (late recording)
    unexplained          none of the above

It is a pure function of the published rows, the computed results and the store's earlier runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import pyarrow as pa

from csc_scorecard.engine.results import Results
from csc_scorecard.history.formatting import format_value
from csc_scorecard.history.published import PublishedRow, PublishedStatus, PublishedValue, month_bounds
from csc_scorecard.history.revisions import year_earlier
from csc_scorecard.history.store import HistoryStore, Source


class Cause(StrEnum):
    MATCH = "match"
    DATA_REVISION = "data_revision"
    DEFINITION_SETTING = "definition_setting"
    MISSING_TABLE = "missing_table"
    NOT_YET_AVAILABLE = "not_yet_available"
    NOT_COMPUTED = "not_computed"
    NOT_PUBLISHED = "not_published"
    UNEXPLAINED = "unexplained"


RECONCILE_SCHEMA = pa.schema(
    [
        ("ref", pa.string()),
        ("indicator", pa.string()),
        ("unit", pa.string()),
        ("published", pa.string()),
        ("computed", pa.string()),
        ("difference", pa.string()),
        ("cause", pa.string()),
        ("explanation", pa.string()),
        ("published_value", pa.float64()),
        ("computed_value", pa.float64()),
        ("difference_value", pa.float64()),
        ("computed_status", pa.string()),
        ("published_previous_year", pa.string()),
        ("computed_previous_year", pa.string()),
    ]
)

# Our own figures for the month from earlier runs (computed, never the published run itself).
_EARLIER_SQL = """
SELECT ref, value, definition_hash, settings_hash, extract_date, run_id
FROM history
WHERE source = $computed AND council = $council AND period_end = $period_end
  AND breakdown_value = 'all' AND status <> 'not_yet_available'
  AND (extract_date IS NULL OR extract_date <= $extract_date)
ORDER BY extract_date, recorded_at, run_id
"""


@dataclass(frozen=True)
class EarlierFigure:
    value: float | None
    definition_hash: str | None
    settings_hash: str | None
    extract_date: date | None
    run_id: str


def _earlier_figures(
    store: HistoryStore | None, council: str, period_end: date, extract_date: date | None
) -> dict[str, list[EarlierFigure]]:
    if store is None:
        return {}
    table = store.query(
        _EARLIER_SQL,
        {
            "computed": Source.COMPUTED.value,
            "council": council,
            "period_end": period_end,
            "extract_date": extract_date or date.max,
        },
    )
    found: dict[str, list[EarlierFigure]] = {}
    for row in table.to_pylist():
        found.setdefault(row["ref"], []).append(
            EarlierFigure(
                row["value"], row["definition_hash"], row["settings_hash"], row["extract_date"], row["run_id"]
            )
        )
    return found


def _rows_for(results: Results, council: str, period_end: date) -> dict[str, dict[str, Any]]:
    found = {}
    for row in results.table.to_pylist():
        if row["council"] == council and row["period_end"] == period_end and row["breakdown_value"] == "all":
            found[row["ref"]] = row
    return found


def _only(values: set[Any], what: str) -> Any:
    values.discard(None)
    if len(values) != 1:
        raise ValueError(
            f"give {what}: the computed results have {len(values)} ({sorted(values, key=str)[:5]})"
        )
    return values.pop()


def format_difference(difference: float | None, unit: str | None) -> str:
    """+0.012 percent → "+1.2 pts"; +8 count → "+8"."""
    if difference is None:
        return ""
    if unit == "percent":
        return f"{difference * 100:+.1f} pts"
    text = format_value(abs(difference), unit)
    return ("-" if difference < 0 else "+") + text


def _printed(value: PublishedValue) -> str:
    return value.text.strip() or "(blank)"


def reconcile(
    published_rows: Sequence[PublishedRow],
    computed: Results,
    store: HistoryStore | None,
    *,
    council: str | None = None,
    period: str | None = None,
    settings_hash: str | None = None,
    alternatives: Mapping[str, Results] | None = None,
) -> pa.Table:
    """Compare each published ref with the computed figure for the month and name the likely cause.

    `council` and `period` ("2023-01") default to the computed results' only council and latest month.
    `settings_hash` (of the computed run) lets an earlier run with other settings count as a setting
    difference. `alternatives` maps a setting's description ("CIN8 counting calendar days") to
    results computed under it: a figure that agrees under one is a definition setting.
    """
    table = computed.table
    council = council or _only(set(table.column("council").to_pylist()), "the council")
    if period is None:
        period = max(table.column("period_end").to_pylist()).strftime("%Y-%m")
    _, period_end = month_bounds(period)
    extract_dates = [d for d in table.column("extract_date").to_pylist() if d is not None]
    extract_date = max(extract_dates) if extract_dates else None

    current = _rows_for(computed, council, period_end)
    year_before = _rows_for(computed, council, year_earlier(period_end))
    alternative_rows = {name: _rows_for(r, council, period_end) for name, r in (alternatives or {}).items()}
    earlier = _earlier_figures(store, council, period_end, extract_date)

    out = []
    for published in published_rows:
        row = current.get(published.ref)
        unit = row["unit"] if row else ("percent" if published.current.is_percent else "count")
        computed_value = row["value"] if row else None
        difference = None
        if published.current.value is not None and computed_value is not None:
            difference = computed_value - published.current.value
        cause, explanation = _cause(
            published, row, alternative_rows, earlier.get(published.ref, []), settings_hash
        )
        previous = year_before.get(published.ref)
        out.append(
            {
                "ref": published.ref,
                "indicator": published.indicator,
                "unit": unit,
                "published": _printed(published.current),
                "computed": format_value(computed_value, unit) if row else "",
                "difference": "" if cause == Cause.MATCH else format_difference(difference, unit),
                "cause": cause.value,
                "explanation": explanation,
                "published_value": published.current.value,
                "computed_value": computed_value,
                "difference_value": difference,
                "computed_status": row["status"] if row else None,
                "published_previous_year": published.previous_year.text.strip(),
                "computed_previous_year": format_value(previous["value"], unit) if previous else "",
            }
        )
    return pa.Table.from_pylist(out, schema=RECONCILE_SCHEMA)


def _cause(
    published: PublishedRow,
    row: dict[str, Any] | None,
    alternative_rows: Mapping[str, Mapping[str, dict[str, Any]]],
    earlier: Sequence[EarlierFigure],
    settings_hash: str | None,
) -> tuple[Cause, str]:
    figure = published.current
    if figure.status is PublishedStatus.BLANK:
        return Cause.NOT_PUBLISHED, "nothing was published for this month"
    if figure.status is PublishedStatus.NOT_YET_AVAILABLE:
        return Cause.NOT_YET_AVAILABLE, "published as not yet available"
    if row is None:
        return Cause.NOT_COMPUTED, "not computed: the ref is not in the catalogue yet, or is excluded"
    unit = row["unit"]
    if row["status"] == "not_available":
        return Cause.MISSING_TABLE, row["note"] or "a table this indicator needs is missing"
    if row["status"] == "not_yet_available":
        return Cause.NOT_YET_AVAILABLE, row["note"] or "the data does not cover this month yet"
    if figure.status is PublishedStatus.UNREADABLE:
        return Cause.UNEXPLAINED, f"the published figure {figure.text.strip()!r} is not a number"
    if figure.agrees_with(row["value"], unit):
        return Cause.MATCH, ""
    for name, rows in alternative_rows.items():
        alternative = rows.get(published.ref)
        if alternative and figure.agrees_with(alternative["value"], unit):
            shown = format_value(alternative["value"], unit)
            return Cause.DEFINITION_SETTING, f"under {name} the figure is {shown}, as published"
    agreeing = [e for e in earlier if figure.agrees_with(e.value, unit)]
    same_rules = [
        e
        for e in agreeing
        if e.definition_hash == row["definition_hash"]
        and (settings_hash is None or e.settings_hash == settings_hash)
    ]
    if same_rules:
        first = same_rules[0]
        return Cause.DATA_REVISION, (
            f"extract {_date_text(first.extract_date)} gave {format_value(first.value, unit)}, as published; "
            f"the current extract gives {format_value(row['value'], unit)}: records changed since"
        )
    if agreeing:
        first = agreeing[0]
        what = "definition" if first.definition_hash != row["definition_hash"] else "settings"
        explanation = (
            f"extract {_date_text(first.extract_date)} gave {format_value(first.value, unit)}, as published, "
            f"under a different {what} (run {first.run_id})"
        )
        # The setting is the whole story only if the data did not change as well: the same extract
        # under today's rules is stored and does not give the published figure.
        same_extract_today = [
            e
            for e in earlier
            if e.extract_date == first.extract_date
            and e.definition_hash == row["definition_hash"]
            and (settings_hash is None or e.settings_hash == settings_hash)
        ]
        if first.extract_date != row["extract_date"] and not same_extract_today:
            explanation += "; the records have changed since too, so part of the difference may be a revision"
        return Cause.DEFINITION_SETTING, explanation
    return Cause.UNEXPLAINED, "no earlier run or alternative setting gives the published figure"


def _date_text(value: date | None) -> str:
    return value.isoformat() if value else "(undated)"
