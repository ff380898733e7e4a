"""The facts a drafted sentence may be built from: one frozen `RefFact` per indicator and month.

A fact holds each figure twice, as a number (to choose what to say) and as the text the report shows
(formatted once, here, through `render.formats`), so a sentence can only ever quote a figure exactly
as the scorecard's table prints it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from csc_scorecard.render import formats

# One definition of a reporting month for the report and its narrative.
from csc_scorecard.render.report_model import months_back
from csc_scorecard.render.report_model import parse_period as month_end  # re-exported by narrative

if TYPE_CHECKING:
    from csc_scorecard.catalogue.model import Catalogue
    from csc_scorecard.compare.benchmarks import ComparatorRow

USABLE_STATUSES = ("ok", "caveat")
MAIN_BREAKDOWN = "all"

# Period bases whose previous period is three months back (the assess stage's rule).
_PREVIOUS_PERIOD_MONTHS = {"quarter": 3}


@dataclass(frozen=True, slots=True)
class ComparatorFact:
    """One published comparator beside a council figure: "the North West average of 21%"."""

    label: str  # "North West", "England", "Statistical neighbours", "Greater Manchester"
    text: str  # as the report shows it
    value: float  # in the council figure's units (a percentage as a fraction)
    year_label: str


@dataclass(frozen=True, slots=True)
class RefFact:
    """What a sentence may say about one indicator's main figure in the report month."""

    ref: str
    section: str  # "FD", "EH", ...
    title: str  # the council's display name for the ref
    unit: str
    polarity: str  # higher_is_better, lower_is_better, neutral
    period_end: date
    value: float | None
    current: str  # formatted value
    previous_end: date
    previous_value: float | None
    previous: str  # formatted previous-period value ("" when there is none)
    direction: str  # the assess stage's previous-period direction: up, down, improving, no_change...
    target: str  # as written, "20–24%" ("" without a target)
    target_status: str  # on_target, exceeding, off_target, not_judged, no_target, no_value
    rag: str
    target_shortfall: float | None
    point_type: str  # the latest point's SPC type: "common_cause", "special_cause_concern", ...
    rule: str  # the SPC rule that labelled it: outside_limits, shift, trend, two_in_three ("" if none)
    run_length: int  # latest months in a row on the same side of the mean (signed: + above, − below)
    spc_assessed: bool  # SPC judged this series (enough points, a monthly basis)
    comparators: tuple[ComparatorFact, ...] = ()
    suppressed: bool = False

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous_value is None:
            return None
        return self.value - self.previous_value

    @property
    def special_cause(self) -> bool:
        return self.point_type.startswith("special_cause")

    @property
    def cited_texts(self) -> frozenset[str]:
        """Every figure a sentence about this ref may quote, as printed."""
        texts = {self.current, self.previous, self.target, *(c.text for c in self.comparators)}
        return frozenset(t for t in texts if t and t not in (formats.MISSING, formats.SUPPRESSED))


def records_of(assessed: pa.Table | pd.DataFrame) -> list[dict[str, Any]]:
    """Plain rows with dates as `date`, whatever the table's engine gave."""
    table = (
        assessed if isinstance(assessed, pa.Table) else pa.Table.from_pandas(assessed, preserve_index=False)
    )
    records: list[dict[str, Any]] = table.to_pylist()
    for record in records:
        value = record.get("period_end")
        if isinstance(value, datetime):  # pandas Timestamps are datetimes too
            record["period_end"] = value.date()
    return records


def _number(value: Any) -> float | None:
    return None if formats.is_missing(value) else float(value)


def _text(value: Any) -> str:
    return "" if value is None or formats.is_missing(value) else str(value)


def target_text(written: str, unit: str) -> str:
    """The assess stage keeps a target as its TOML text (`[20, 24]`); show it as people write it."""
    if not written:
        return ""
    from csc_scorecard.config.targets import parse_target_value

    try:
        return formats.format_target(parse_target_value(tomllib.loads(f"t = {written}")["t"]), unit)
    except (tomllib.TOMLDecodeError, ValueError, TypeError):
        return ""


def published_decimals(comparator: ComparatorRow | None) -> int | None:
    """The decimals a ref's published percentages are printed with, so the council's figure reads
    like-for-like beside them (the report table makes the same choice)."""
    if comparator is None or comparator.unit != "percent":
        return None
    places = [
        len(cell.display.rstrip("%").partition(".")[2])
        for cell in comparator.cells
        if cell.display.endswith("%")
    ]
    return max(places) if places else None


def _comparator_facts(comparator: ComparatorRow | None, unit: str) -> tuple[ComparatorFact, ...]:
    """Comparators in the council figure's units; a comparator in other units is left out."""
    if comparator is None:
        return ()
    same_units = comparator.unit == unit or {comparator.unit, unit} <= {"count", "number"}
    if not same_units:
        return ()
    facts = []
    for cell in comparator.cells:
        if cell.value is None or str(getattr(cell.status, "value", cell.status)) != "ok":
            continue
        shown = formats.format_comparator_cell(cell)
        if shown in (formats.MISSING, formats.SUPPRESSED):
            continue
        value = float(cell.value) / 100 if unit == "percent" else float(cell.value)
        facts.append(ComparatorFact(cell.label, shown, value, cell.year_label))
    return tuple(facts)


def _run_length(series: Sequence[dict[str, Any]]) -> int:
    """How many of the latest charted months sit on the same side of their mean (+ above, − below)."""
    length, side = 0, 0
    for record in reversed(series):
        value, mean = _number(record.get("value")), _number(record.get("spc_mean"))
        if value is None or mean is None or record.get("status") not in USABLE_STATUSES:
            break
        this_side = (value > mean) - (value < mean)
        if this_side == 0 or (side and this_side != side):
            break
        side = this_side
        length += 1
    return side * length


def ref_facts(
    assessed: pa.Table | pd.DataFrame,
    *,
    catalogue: Catalogue,
    period: str | date,
    council: str | None = None,
    comparators: Sequence[ComparatorRow] = (),
    display_names: Mapping[str, str] | None = None,
    decimals: Mapping[str, int] | None = None,
) -> dict[str, RefFact]:
    """ref → its fact for the report month, for every ref whose main figure has a row that month
    (in catalogue order). `display_names` are the council's renames (`[indicators] rename`)."""
    period_end = month_end(period)
    by_ref: dict[str, list[dict[str, Any]]] = {}
    for record in records_of(assessed):
        if council is not None and record.get("council", council) != council:
            continue
        if _text(record.get("breakdown_value")) not in ("", MAIN_BREAKDOWN):
            continue
        if isinstance(record.get("period_end"), date) and record["period_end"] <= period_end:
            by_ref.setdefault(str(record["ref"]), []).append(record)
    comparator_by_ref = {row.ref: row for row in comparators}
    names = display_names or {}
    facts: dict[str, RefFact] = {}
    for indicator in catalogue.indicators:
        series = sorted(by_ref.get(indicator.ref, ()), key=lambda r: r["period_end"])
        if not series or series[-1]["period_end"] != period_end:
            continue
        record = series[-1]
        unit = _text(record.get("unit")) or str(indicator.unit)
        comparator = comparator_by_ref.get(indicator.ref)
        places = formats.decimals_for(
            unit, (decimals or {}).get(indicator.ref, published_decimals(comparator))
        )
        suppressed = bool(record.get("suppressed") or False)
        usable = _text(record.get("status")) in USABLE_STATUSES and not suppressed
        value = _number(record.get("value")) if usable else None
        previous_value = None if suppressed else _number(record.get("previous_period_value"))
        basis = _text(record.get("period_basis")) or str(indicator.period_basis)
        facts[indicator.ref] = RefFact(
            ref=indicator.ref,
            section=str(indicator.section.value).upper(),
            title=names.get(indicator.ref, indicator.title),
            unit=unit,
            polarity=_text(record.get("polarity")) or str(indicator.polarity),
            period_end=period_end,
            value=value,
            current=formats.format_value(value, unit, decimals=places, suppressed=suppressed),
            previous_end=months_back(period_end, _PREVIOUS_PERIOD_MONTHS.get(basis, 1)),
            previous_value=previous_value,
            previous=""
            if previous_value is None
            else formats.format_value(previous_value, unit, decimals=places),
            direction=_text(record.get("previous_period_direction")) or _text(record.get("direction")),
            target=target_text(_text(record.get("target")), unit),
            target_status=_text(record.get("target_status")) or "no_target",
            rag="" if suppressed else _text(record.get("rag")),
            target_shortfall=_number(record.get("target_shortfall")),
            point_type="" if not usable else _text(record.get("spc_point_type")),
            rule="" if not usable else _text(record.get("spc_rule")),
            run_length=0 if not usable else _run_length(series),
            spc_assessed=usable and _text(record.get("spc_outcome")) == "assessed",
            comparators=() if value is None else _comparator_facts(comparator, unit),
            suppressed=suppressed,
        )
    return facts
