"""Checks against known change points: is a step flagged soon enough, and how often is a flat series
flagged? Written for the synthetic council's `ground_truth.json` (a ref, a first month with the new
level, a step size), and usable on any monthly series.

"Flagged within 3 months" means: with the chart drawn over the whole series, at least one point from
the change month to three months after it is special cause (in the step's direction, when given).
A shift shows as a run of seven that starts at the change, so the run's first points are flagged
even though the run is only complete seven months on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from csc_scorecard.config.targets import Polarity
from csc_scorecard.signals.settings import Chart, SpcSettings
from csc_scorecard.signals.spc import DEFAULT_SETTINGS, SpcResult, spc_series


def month_number(month: str | date) -> int:
    """'2022-04' or a date in April 2022 → a running month number (year × 12 + month − 1)."""
    if isinstance(month, date):
        return month.year * 12 + month.month - 1
    year, month_of_year = (int(part) for part in month.strip()[:7].split("-"))
    return year * 12 + month_of_year - 1


@dataclass(frozen=True, slots=True)
class ChangePointCheck:
    """Whether a known change was flagged, and when."""

    change_month: str
    within_months: int
    flagged: bool
    first_flag_month: str | None  # first special-cause month in the window (YYYY-MM)
    months_after_change: int | None  # 0 when the change month itself is flagged
    spc: SpcResult


def _month_text(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def change_point_flagged(
    months: Sequence[str | date],
    values: Sequence[float],
    change_month: str | date,
    *,
    within_months: int = 3,
    step_direction: int | None = None,
    chart: Chart = Chart.XMR,
    denominators: Sequence[float] | None = None,
    settings: SpcSettings = DEFAULT_SETTINGS,
    scale: float = 1.0,
) -> ChangePointCheck:
    """Is a special-cause point found from `change_month` to `within_months` months after it?

    `months` and `values` are the series in time order (missing months dropped); `step_direction`
    (+1 up, −1 down) counts only signals in that direction. The series is judged as a neutral
    measure, so both directions are special cause.

    >>> months = [f"2021-{m:02d}" for m in range(1, 13)] + [f"2022-{m:02d}" for m in range(1, 13)]
    >>> values = [10, 12, 11, 9, 10, 11, 10, 12, 9, 11, 10, 11] + [20, 21, 19, 22, 20, 21, 19, 20, 22, 21, 20, 21]
    >>> change_point_flagged(months, values, "2022-01").months_after_change
    0
    """
    numbers = np.array([month_number(m) for m in months])
    if numbers.size != len(values):
        raise ValueError(f"{numbers.size} months but {len(values)} values")
    if np.any(np.diff(numbers) <= 0):
        raise ValueError("months must be in time order with no month twice")
    spc = spc_series(
        values,
        polarity=Polarity.NEUTRAL,
        chart=chart,
        denominators=denominators,
        settings=settings,
        scale=scale,
    )
    start = month_number(change_month)
    in_window = (numbers >= start) & (numbers <= start + within_months)
    hits = in_window & spc.special_cause
    if step_direction is not None:
        hits &= spc.direction == np.sign(step_direction)
    found = np.flatnonzero(hits)
    first = int(numbers[found[0]]) if found.size else None
    return ChangePointCheck(
        change_month=_month_text(start),
        within_months=within_months,
        flagged=first is not None,
        first_flag_month=_month_text(first) if first is not None else None,
        months_after_change=first - start if first is not None else None,
        spc=spc,
    )


def special_cause_share(result: SpcResult) -> float:
    """The share of a series' points flagged special cause (0 when the series was not judged)."""
    if result.values.size == 0:
        return 0.0
    return float(result.special_cause.mean())
