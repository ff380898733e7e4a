"""Numbers in revision and reconciliation notes, through the shared formatter (`render.formats`).

Values are as stored in Results: a percent is a fraction (0.22 shows as "22%"). The choices of
decimals are the notes' own (they must show a revision of 2.7% to 2.8%); the rounding and the text
are the formatter's, so a note reads like the report.
"""

from __future__ import annotations

from csc_scorecard.render import formats

NOT_AVAILABLE_TEXT = "not available"


def _percent_decimals(value: float) -> int:
    # Small percentages keep one decimal, as the published scorecard prints them (2.7%, 7.9%).
    percent = value * 100
    one_decimal = formats.round_half_up(percent, 1)
    return 1 if abs(percent) < 10 and one_decimal != formats.round_half_up(percent, 0) else 0


def format_value(value: float | None, unit: str | None) -> str:
    """0.22, "percent" → "22%"; 0.027 → "2.7%"; 1204, "count" → "1,204"; 722.4, "rate_per_10k" → "722";
    2.14, "days" → "2.1". A missing value reads "not available"."""
    if formats.is_missing(value):
        return NOT_AVAILABLE_TEXT
    assert value is not None
    if unit == "percent":
        return formats.format_value(value, "percent", decimals=_percent_decimals(value))
    if unit == "rate_per_10k":
        return formats.format_value(value, unit, decimals=0)
    if unit in ("days", "cases_per_worker"):
        return formats.format_value(value, unit, decimals=1)
    return formats.format_value(value, "number", decimals=0 if float(value).is_integer() else 1)
