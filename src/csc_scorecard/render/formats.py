"""The one shared formatter: the only place in csc-scorecard where a number becomes text.

Every output (HTML, PDF, Excel labels, narrative) formats through these functions, so a figure reads
the same everywhere. Values arrive as the engine stores them: a percentage is a fraction (0.62 is 62%).
Rounding is half up (away from zero), as DfE and published scorecards round; Python's round() is not.

    format_value(1348, "count")                 → "1,348"
    format_value(0.934, "percent")              → "93%"
    format_value(0.92, "percent", decimals=1)   → "92.0%"
    format_value(457.2, "rate_per_10k")         → "457"
    format_value(12.345, "days")                → "12.3"
    format_target(Target(range 85–90), "percent") → "85–90%"
    format_status("not_available", "table ssd_cla_health missing") → "Not available: table ssd_cla_health missing"
    format_period(date(2023, 1, 31))            → "January 2023"
    format_change(152, "count")                 → "up 152";  format_change(-0.03, "percent") → "down 3 points"
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Protocol

__all__ = [
    "DEFAULT_DECIMALS",
    "MISSING",
    "STATUS_LABELS",
    "SUPPRESSED",
    "UNIT_LABELS",
    "decimals_for",
    "format_change",
    "format_comparator_cell",
    "format_count",
    "format_number",
    "format_period",
    "format_status",
    "format_target",
    "format_value",
    "is_missing",
    "round_half_up",
]

SUPPRESSED = "c"  # DfE's symbol for a value withheld to protect confidentiality
MISSING = "–"  # an en dash: nothing to show (the status column says why)

# Decimal places per unit when neither the catalogue nor the configuration says otherwise. Percentages
# are whole numbers (the published scorecard's "62%"); durations and caseloads keep one decimal.
DEFAULT_DECIMALS: Mapping[str, int] = {
    "count": 0,
    "number": 0,
    "percent": 0,
    "rate_per_10k": 0,
    "days": 1,
    "cases_per_worker": 1,
}

UNIT_LABELS: Mapping[str, str] = {
    "count": "number",
    "number": "number",
    "percent": "percentage",
    "rate_per_10k": "rate per 10,000 children aged 0 to 17",
    "days": "days (mean)",
    "cases_per_worker": "children per worker",
}

STATUS_LABELS: Mapping[str, str] = {
    "ok": "",
    "not_available": "Not available",
    "not_yet_available": "Not yet available",
    "incomplete_history": "Incomplete history",
    "caveat": "Caveat",
    "suppressed": "Suppressed to protect confidentiality",
}


def is_missing(value: Any) -> bool:
    """True for None and NaN (pandas and Arrow give either for an empty cell)."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def decimals_for(unit: str, decimals: int | None = None) -> int:
    """The decimal places for a unit: the catalogue's or configuration's choice, else the default."""
    if decimals is not None:
        return decimals
    return DEFAULT_DECIMALS.get(unit, 1)


def round_half_up(value: float | Decimal | int, places: int) -> Decimal:
    """Round half away from zero. Floats go through their shortest repr, so 0.925 rounds to 0.93."""
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value: float | Decimal | int, places: int) -> str:
    """A number with thousands separators and exactly `places` decimals: 1348 → "1,348"."""
    rounded = round_half_up(value, places)
    if rounded == 0:
        rounded = abs(rounded)  # never print "-0"
    return f"{rounded:,.{places}f}"


def format_count(value: float | int) -> str:
    return format_number(value, 0)


def _as_percent(fraction: float | Decimal) -> Decimal:
    number = fraction if isinstance(fraction, Decimal) else Decimal(repr(float(fraction)))
    return number * 100


def format_value(
    value: float | Decimal | int | None,
    unit: str,
    *,
    decimals: int | None = None,
    suppressed: bool = False,
) -> str:
    """One figure as a reader sees it. A missing value is an en dash (the status says why);
    a suppressed one is "c"."""
    if suppressed:
        return SUPPRESSED
    if is_missing(value):
        return MISSING
    assert value is not None
    places = decimals_for(unit, decimals)
    try:
        if unit == "percent":
            return f"{format_number(_as_percent(value), places)}%"
        return format_number(value, places)
    except InvalidOperation:
        return MISSING


class _TargetLike(Protocol):
    @property
    def kind(self) -> Any: ...
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def low_inclusive(self) -> bool: ...
    @property
    def high_inclusive(self) -> bool: ...


def _target_number(number: float, unit: str) -> str:
    # Targets are printed as the council wrote them (85 means 85%), keeping any decimals it wrote.
    text = format_number(number, 0) if float(number).is_integer() else f"{Decimal(repr(float(number))):,f}"
    return f"{text}%" if unit == "percent" else text


def format_target(target: _TargetLike | None, unit: str) -> str:
    """A target as written: 85 → "85%", [85, 90] → "85–90%", "<7" → "<7%", {band=[16, 18]} → "16–18"."""
    if target is None:
        return ""
    kind = str(getattr(target.kind, "value", target.kind))
    low, high = target.low, target.high
    if kind == "point" and low is not None:
        return _target_number(low, unit)
    if kind in ("range", "band") and low is not None and high is not None:
        suffix = "%" if unit == "percent" else ""
        return f"{_target_number(low, '')}–{_target_number(high, '')}{suffix}"
    if high is not None:
        return ("≤" if target.high_inclusive else "<") + _target_number(high, unit)
    if low is not None:
        return ("≥" if target.low_inclusive else ">") + _target_number(low, unit)
    return ""


def format_status(status: str | None, note: str | None = None) -> str:
    """A result's status in words, with its note: "Not available: table ssd_cla_health missing".
    An ok figure has no status text (an ok figure with a note shows just the note)."""
    label = STATUS_LABELS.get(status or "ok", str(status).replace("_", " ").capitalize())
    note_text = (note or "").strip()
    if not label:
        return note_text
    return f"{label}: {note_text}" if note_text else label


def format_period(day: date, basis: str = "month") -> str:
    """A reporting month in words: date(2023, 1, 31) → "January 2023"; month-end snapshots
    read "at 31 January 2023"."""
    if basis == "month_end":
        return f"at {day.day} {day:%B %Y}"
    return f"{day:%B %Y}"


def format_change(change: float | None, unit: str, *, decimals: int | None = None) -> str:
    """A change in words: +152 → "up 152"; −0.03 (percent) → "down 3 points"; 0 → "no change"."""
    if is_missing(change):
        return ""
    assert change is not None
    places = decimals_for(unit, decimals)
    if unit == "percent":
        size = format_number(abs(_as_percent(change)), places)
        if Decimal(size.replace(",", "")) == 0:
            return "no change"
        word = "point" if size == "1" else "points"
        return f"{'up' if change > 0 else 'down'} {size} {word}"
    size = format_number(abs(change), places)
    if Decimal(size.replace(",", "")) == 0:
        return "no change"
    return f"{'up' if change > 0 else 'down'} {size}"


class _CellLike(Protocol):
    @property
    def display(self) -> str: ...
    @property
    def year_label(self) -> str: ...
    @property
    def status(self) -> Any: ...


def format_comparator_cell(cell: _CellLike | None, *, with_year: bool = False) -> str:
    """A comparator cell as shown (already rounded half up by the comparator stage); with its year
    when the column header does not carry it: "62% (2021-22)". A published "c" stays "c"."""
    if cell is None:
        return MISSING
    display = (cell.display or "").strip() or MISSING
    if with_year and cell.year_label and display not in (MISSING, SUPPRESSED):
        return f"{display} ({cell.year_label})"
    return display
