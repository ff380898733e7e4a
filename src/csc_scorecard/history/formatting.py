"""A minimal number formatter for revision and reconciliation notes.

Temporary home: the report issue will own one shared formatter, and this module should then call it.
Values are as stored in Results: a percent is a fraction (0.22 shows as "22%").
"""

from __future__ import annotations

import math

NOT_AVAILABLE_TEXT = "not available"


def format_value(value: float | None, unit: str | None) -> str:
    """0.22, "percent" → "22%"; 0.027 → "2.7%"; 1204, "count" → "1,204"; 722.4, "rate_per_10k" → "722";
    2.14, "days" → "2.1". A missing value reads "not available"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_AVAILABLE_TEXT
    if unit == "percent":
        percent = value * 100
        # Small percentages keep one decimal, as the published scorecard prints them (2.7%, 7.9%).
        if abs(percent) < 10 and round(percent, 1) != round(percent):
            return f"{percent:.1f}%"
        return f"{percent:.0f}%"
    if unit == "rate_per_10k":
        return f"{value:,.0f}"
    if unit in ("days", "cases_per_worker"):
        return f"{value:,.1f}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"
