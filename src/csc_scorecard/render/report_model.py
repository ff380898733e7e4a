"""Build the render-agnostic ReportModel from assessed results: one pure function, no I/O.

    from csc_scorecard.render.report_model import build_report_model
    model = build_report_model(
        assessed,                       # compare.assess.assess(results.table, ...): pyarrow or pandas
        catalogue=catalogue,            # the (overlaid) catalogue: row order, titles, definitions
        config=config,                  # titles, protective marking, renames, targets
        period="2023-01",
        comparators=comparator_rows,    # compare.comparator_table(...), or () for none
        data_quality=data_quality_from_dataset(dataset, "357"),
        sign_off=signoff_status(store, "357", "2023-01"),
        revisions=revision_notes(revisions_table, period_end),
        narrative={"FD": [NarrativeParagraph("Contacts rose to 1,348.", ("FD1",))]},
        commentary={"FD": [CommentaryParagraph("...", author="Head of MASH")]},
    )

Every number becomes text here, through `render.formats`, so HTML, PDF and Excel agree.
"""

from __future__ import annotations

import calendar
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from csc_scorecard.catalogue.display import council_titles
from csc_scorecard.render import formats
from csc_scorecard.render.model_types import (
    CommentaryParagraph,
    ComparatorHeader,
    ComparatorValue,
    DataQuality,
    DataQualityRow,
    IndicatorRow,
    NarrativeParagraph,
    ReportModel,
    ReportSection,
    SeriesPoint,
    SignOffState,
)
from csc_scorecard.render.report_text import conventions, definitions, settings_used

if TYPE_CHECKING:
    from csc_scorecard.catalogue.model import Catalogue, Indicator
    from csc_scorecard.compare.benchmarks import ComparatorRow
    from csc_scorecard.config.model import CouncilConfig
    from csc_scorecard.history.signoff import SignOff
    from csc_scorecard.ingest.dataset import Dataset

SECTION_CODES = ("FD", "EH", "CIN", "CF", "SG", "WF")
SERIES_MONTHS = 24
USABLE_STATUSES = ("ok", "caveat")

_ARROWS = {"up": "↑", "down": "↓", "no_change": "→"}
_SPECIAL = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "neutral",
    "special_cause_neutral_low": "neutral",
}


def parse_period(period: str | date) -> date:
    """'2023-01' (or any date in the month) → the month's last day, date(2023, 1, 31)."""
    if isinstance(period, date):
        year, month = period.year, period.month
    else:
        year_text, _, month_text = period.strip().partition("-")
        year, month = int(year_text), int(month_text)
    return date(year, month, calendar.monthrange(year, month)[1])


def months_back(day: date, months: int) -> date:
    """The last day of the month `months` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return parse_period(date(index // 12, index % 12 + 1, 1))


def _compared_with(basis: str, period_basis: str, period_end: date) -> str:
    """The month a direction of travel is read against, in words: "December 2022"."""
    months = 12 if basis == "previous_year" else (3 if period_basis == "quarter" else 1)
    return formats.format_period(months_back(period_end, months))


def _current_record(rows: Sequence[Record], period_end: date, period_basis: str) -> Record:
    """The row a report month shows: that month's, or for a quarterly figure the last complete
    quarter's (the latest quarter ending on or before the month, within three months)."""
    exact = next((r for r in rows if r["period_end"] == period_end), None)
    if exact is not None or period_basis != "quarter":
        return exact or {}
    earliest = months_back(period_end, 3)
    earlier = [r for r in rows if earliest < r["period_end"] <= period_end]
    return max(earlier, key=lambda r: r["period_end"]) if earlier else {}


def _period_note(record: Record, period_end: date) -> str:
    """Words for a figure that covers other dates than the report month (a quarter)."""
    start, end = record.get("period_start"), record.get("period_end")
    if not isinstance(start, date) or not isinstance(end, date) or record.get("period_basis") != "quarter":
        return ""
    return f"Quarter {start:%B} to {end:%B %Y}"


def _breakdown_label(breakdown: str, value: str) -> str:
    """A second figure's label in words: "meetings", "outcome: early help" ("" for the main figure)."""
    if value in ("", "all"):
        return ""
    words = value.replace("_", " ")
    return words if breakdown in ("", "all", "count_unit") else f"{breakdown.replace('_', ' ')}: {words}"


def _float(value: Any) -> float | None:
    return None if formats.is_missing(value) else float(value)


def _text(value: Any) -> str:
    return "" if formats.is_missing(value) or value is None else str(value)


def _target_text(written: str, unit: str) -> str:
    """The assess stage gives the target as its TOML text (`[85, 90]`); show it as people write it."""
    if not written:
        return ""
    from csc_scorecard.config.targets import parse_target_value

    try:
        return formats.format_target(parse_target_value(tomllib.loads(f"t = {written}")["t"]), unit)
    except (tomllib.TOMLDecodeError, ValueError):
        return written


Record = dict[str, Any]


def _as_records(assessed: pa.Table | pd.DataFrame) -> list[Record]:
    """Plain Python rows (Arrow's to_pylist is far faster than pandas' to_dict on Arrow-backed columns)."""
    table = (
        assessed if isinstance(assessed, pa.Table) else pa.Table.from_pandas(assessed, preserve_index=False)
    )
    records: list[Record] = table.to_pylist()
    for record in records:
        for column in ("period_end", "extract_date"):
            value = record.get(column)
            if isinstance(value, datetime):
                record[column] = value.date()
        record["suppressed"] = bool(record.get("suppressed") or False)
    return records


def _series(rows: Sequence[Record], unit: str, decimals: int) -> tuple[SeriesPoint, ...]:
    points = []
    for record in sorted(rows, key=lambda r: r["period_end"]):
        usable = record["status"] in USABLE_STATUSES and not record["suppressed"]
        value = _float(record["value"]) if usable else None
        points.append(
            SeriesPoint(
                period_end=record["period_end"],
                value=value,
                text=formats.format_value(
                    value, unit, decimals=decimals, suppressed=bool(record["suppressed"])
                ),
                special_cause=_SPECIAL.get(_text(record.get("spc_point_type")), ""),
                mean=_float(record.get("spc_mean")) if usable else None,
                upper=_float(record.get("spc_upper")) if usable else None,
                lower=_float(record.get("spc_lower")) if usable else None,
            )
        )
    return tuple(points)


def _chart_label(title: str, current: str, period_label: str, series: Sequence[SeriesPoint]) -> str:
    known = [p for p in series if p.value is not None]
    if not known:
        return f"{title}: no trend to show for the {len(series)} months to {period_label}"
    low = min(known, key=lambda p: p.value or 0.0)
    high = max(known, key=lambda p: p.value or 0.0)
    return (
        f"{title}: {current} in {period_label}. Trend over {len(series)} months: "
        f"lowest {low.text} ({low.period_end:%B %Y}), highest {high.text} ({high.period_end:%B %Y})."
    )


def _comparator_cells(
    comparator: ComparatorRow | None, headers: Sequence[ComparatorHeader], suppressed: bool
) -> tuple[ComparatorValue, ...]:
    cells = {c.column: c for c in comparator.cells} if comparator else {}
    out = []
    for header in headers:
        cell = cells.get(header.column)
        if cell is None:
            out.append(ComparatorValue(header.column, None, formats.MISSING))
            continue
        value = float(cell.value) if cell.value is not None else None
        if comparator is not None and comparator.unit in ("number", "count") and value is not None:
            # Derived counts come unformatted ("2034"); show them as every other count is shown.
            cell = replace(cell, display=formats.format_value(value, "count"))
        text = formats.format_comparator_cell(cell, with_year=not header.year_label)
        if text.lower() == "not available":
            text = formats.MISSING
        out.append(ComparatorValue(header.column, value, text, cell.note))
    return tuple(out)


def _comparator_headers(rows: Sequence[ComparatorRow]) -> tuple[ComparatorHeader, ...]:
    """The section's comparator columns; a column's year goes in its header when every row shares it."""
    order: dict[str, str] = {}
    years: dict[str, set[str]] = {}
    for row in rows:
        for cell in row.cells:
            order.setdefault(cell.column, cell.label)
            if cell.year_label and cell.display not in ("", "not available"):
                years.setdefault(cell.column, set()).add(cell.year_label)
    return tuple(
        ComparatorHeader(column, label, next(iter(years[column])) if len(years.get(column, ())) == 1 else "")
        for column, label in order.items()
    )


def _indicator_row(
    indicator: Indicator,
    title: str,
    series_rows: Sequence[Record],
    period_end: date,
    period_label: str,
    comparator: ComparatorRow | None,
    headers: Sequence[ComparatorHeader],
    revision_note: str,
    decimals: int,
) -> IndicatorRow:
    unit = str(indicator.unit)
    record = _current_record(series_rows, period_end, str(indicator.period_basis))
    figure_end: date = record.get("period_end") or period_end
    status = _text(record.get("status")) or "not_available"
    note = _text(record.get("note")) or ("" if record else "not computed in this run")
    suppressed = bool(record.get("suppressed", False))
    usable = status in USABLE_STATUSES
    value = _float(record.get("value")) if usable and not suppressed else None
    breakdown = _breakdown_label(_text(record.get("breakdown")), _text(record.get("breakdown_value")))
    series = _series(series_rows, unit, decimals)
    current = formats.format_value(value, unit, decimals=decimals, suppressed=suppressed)
    previous_year_value = _float(record.get("previous_year_value"))
    year_earlier = months_back(figure_end, 12)
    previous_year_hidden = any(p.text == formats.SUPPRESSED for p in series if p.period_end == year_earlier)
    direction = _text(record.get("direction"))
    basis = _text(record.get("direction_basis")) or "previous_period"
    change = _float(record.get(f"{basis}_change"))
    arrow = ""
    if direction and direction != "not_comparable" and change is not None:
        arrow = _ARROWS["no_change" if direction == "no_change" else ("up" if change > 0 else "down")]
    change_text = formats.format_change(change, unit, decimals=decimals) if not suppressed else ""
    title_shown = f"{title} ({breakdown})" if breakdown else title
    return IndicatorRow(
        ref=indicator.ref,
        title=title_shown,
        indicator_title=title,
        unit=unit,
        unit_label=formats.UNIT_LABELS.get(unit, unit),
        polarity=_text(record.get("polarity")) or str(indicator.polarity),
        decimals=decimals,
        breakdown_label=breakdown,
        period_note=_period_note(record, period_end),
        value=value,
        numerator=None if suppressed else _float(record.get("numerator")),
        denominator=None if suppressed else _float(record.get("denominator")),
        current=current,
        previous_year_value=previous_year_value,
        previous_year=formats.format_value(
            previous_year_value, unit, decimals=decimals, suppressed=previous_year_hidden
        ),
        previous_year_change=""
        if suppressed
        else formats.format_change(_float(record.get("previous_year_change")), unit, decimals=decimals),
        target=_target_text(_text(record.get("target")), unit),
        target_status=_text(record.get("target_status_label")),
        comparators=_comparator_cells(comparator, headers, suppressed),
        direction="" if suppressed else direction,
        direction_label="" if suppressed else _text(record.get("direction_label")),
        direction_arrow="" if suppressed else arrow,
        direction_change=f"{change_text} on {_compared_with(basis, str(indicator.period_basis), figure_end)}"
        if change_text
        else "",
        rag="" if suppressed else _text(record.get("rag")),
        rag_label="" if suppressed else _text(record.get("rag_label")),
        spc_variation="" if suppressed else _text(record.get("spc_variation")),
        spc_variation_label="" if suppressed else _text(record.get("spc_variation_label")),
        spc_assurance="" if suppressed else _text(record.get("spc_assurance")),
        spc_assurance_label="" if suppressed else _text(record.get("spc_assurance_label")),
        spc_note=_text(record.get("spc_note")),
        status="suppressed" if suppressed else status,
        status_text=formats.format_status("suppressed" if suppressed else status, "" if suppressed else note),
        revision_note="" if suppressed else revision_note,
        suppressed=suppressed,
        series=series,
        chart_label=_chart_label(f"{indicator.ref} {title_shown}", current, period_label, series),
    )


def _published_decimals(comparator: ComparatorRow | None) -> int | None:
    """The decimals the ref's published comparators are shown with, so the council's figure reads
    like-for-like beside them (DfE prints small percentages such as 2.8% to one decimal)."""
    if comparator is None or comparator.unit != "percent":
        return None
    places = [
        len(cell.display.rstrip("%").partition(".")[2])
        for cell in comparator.cells
        if cell.display.endswith("%")
    ]
    return max(places) if places else None


def _sign_off_state(sign_off: SignOff | None) -> SignOffState:
    if sign_off is None:
        return SignOffState(False, "DRAFT: not yet signed off")
    when = f"{sign_off.signed_at.day} {sign_off.signed_at:%B %Y}"
    note = f" ({sign_off.note})" if sign_off.note else ""
    return SignOffState(True, f"Signed off by {sign_off.signed_by} on {when}{note}")


def build_report_model(
    assessed: pa.Table | pd.DataFrame,
    *,
    catalogue: Catalogue,
    config: CouncilConfig,
    period: str | date,
    council: str | None = None,
    comparators: Sequence[ComparatorRow] = (),
    data_quality: DataQuality | None = None,
    sign_off: SignOff | None = None,
    revisions: Mapping[tuple[str, str], str] | None = None,
    narrative: Mapping[str, Sequence[NarrativeParagraph]] | None = None,
    commentary: Mapping[str, Sequence[CommentaryParagraph]] | None = None,
    decimals: Mapping[str, int] | None = None,
    generated_at: datetime | None = None,
    public: bool = False,
    notes: Sequence[str] = (),
) -> ReportModel:
    """The report for one council and month. `revisions` maps (ref, breakdown_value) to a note such as
    "first reported 1,196, now 1,204"; `decimals` maps a ref to its decimal places (else the unit's)."""
    council_code = council or config.council.dfe_code
    period_end = parse_period(period)
    start = months_back(period_end, SERIES_MONTHS - 1)
    records = [
        r
        for r in _as_records(assessed)
        if r.get("council", council_code) == council_code and start <= r["period_end"] <= period_end
    ]
    period_label = formats.format_period(period_end)
    by_series: dict[str, dict[str, list[Record]]] = {}
    for record in records:
        by_series.setdefault(record["ref"], {}).setdefault(
            str(record.get("breakdown_value") or "all"), []
        ).append(record)
    comparator_by_ref = {row.ref: row for row in comparators}
    revision_by_key = revisions or {}
    rename = council_titles(catalogue, config)
    section_titles = config.report.sections

    sections = []
    for code in SECTION_CODES:
        indicators = [i for i in catalogue.indicators if str(i.section.value).upper() == code]
        headers = _comparator_headers(
            [comparator_by_ref[i.ref] for i in indicators if i.ref in comparator_by_ref]
        )
        rows = []
        for indicator in indicators:
            ref_series = by_series.get(indicator.ref) or {"all": []}
            places = formats.decimals_for(
                str(indicator.unit),
                (decimals or {}).get(
                    indicator.ref, _published_decimals(comparator_by_ref.get(indicator.ref))
                ),
            )
            # The main figure first, then its second figures (e.g. meetings), in the results' order.
            for breakdown, series_rows in sorted(ref_series.items(), key=lambda item: item[0] != "all"):
                rows.append(
                    _indicator_row(
                        indicator,
                        rename.get(indicator.ref, indicator.title),
                        series_rows,
                        period_end,
                        period_label,
                        comparator_by_ref.get(indicator.ref) if breakdown == "all" else None,
                        headers,
                        revision_by_key.get((indicator.ref, breakdown), ""),
                        places,
                    )
                )
        shown_commentary = tuple(c for c in (commentary or {}).get(code, ()) if c.public or not public)
        sections.append(
            ReportSection(
                code=code,
                title=getattr(section_titles, code),
                commentary=shown_commentary,
                narrative=tuple((narrative or {}).get(code, ())),
                comparator_headers=headers,
                rows=tuple(rows),
            )
        )

    extract_dates = [r["extract_date"] for r in records if isinstance(r.get("extract_date"), date)]
    spc_settings = next((r["spc_settings"] for r in records if isinstance(r.get("spc_settings"), str)), "")
    direction_basis = next(
        (r["direction_basis"] for r in records if isinstance(r.get("direction_basis"), str)),
        "previous_period",
    )
    return ReportModel(
        title=config.report.title,
        council_name=config.council.name,
        council_code=council_code,
        period_end=period_end,
        period_label=period_label,
        protective_marking="OFFICIAL" if public else config.report.protective_marking,
        data_as_at=max(extract_dates) if extract_dates else None,
        generated_at=generated_at or datetime.now(UTC).replace(microsecond=0),
        sign_off=_sign_off_state(sign_off),
        sections=tuple(sections),
        data_quality=data_quality or DataQuality(),
        definitions=definitions(catalogue, config, rename, period_end),
        conventions=conventions(public),
        settings=settings_used(config, _spc_settings(spc_settings), direction_basis),
        public=public,
        notes=tuple(notes),
    )


def _spc_settings(text: str) -> dict[str, Any]:
    try:
        loaded = json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def revision_notes(revisions: pa.Table | pd.DataFrame, period_end: date) -> dict[tuple[str, str], str]:
    """(ref, breakdown_value) → note for figures of `period_end` revised since first reported (the
    history stage's revisions table)."""
    frame = revisions.to_pandas() if isinstance(revisions, pa.Table) else revisions
    notes: dict[tuple[str, str], str] = {}
    for record in frame.to_dict("records"):
        when = pd.Timestamp(record["period_end"]).date()
        if when == period_end and record.get("revision_status") == "revised":
            notes[(str(record["ref"]), str(record["breakdown_value"]))] = str(
                record.get("revision_note") or ""
            )
    return notes


def data_quality_from_dataset(dataset: Dataset, council: str) -> DataQuality:
    """The data-quality panel for one council of a loaded Dataset: each table's rows and coverage."""
    rows = []
    for (code, table), load in sorted(dataset.loads.items()):
        if code != council:
            continue
        coverage = ""
        if load.coverage.first and load.coverage.last:
            coverage = f"{load.coverage.first:%B %Y} to {load.coverage.last:%B %Y}"
        rows.append(
            DataQualityRow(
                table=table,
                status=str(load.status.value),
                rows_read=load.rows_read,
                rows_accepted=load.rows_accepted,
                rows_quarantined=load.rows_quarantined,
                field_issues=load.field_issues,
                coverage=coverage,
                missing_columns=tuple(load.missing_columns),
            )
        )
    levels = [str(getattr(issue.level, "value", issue.level)).lower() for issue in dataset.issues]
    return DataQuality(tuple(rows), errors=levels.count("error"), warnings=levels.count("warning"))
