"""Control limits: XmR (individuals) and p-chart, as per-point arrays so both charts read the same way.

XmR: centre = mean of the baseline points; process limits = mean ± 2.66 × mean moving range; the
"2-sigma" near limits sit two thirds of the way out. p-chart: centre p̄ = Σ numerators / Σ denominators
over the baseline; each point's limits are p̄ ± 3 × sqrt(p̄ (1 − p̄) / n) with its own denominator n.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from csc_scorecard.signals.settings import SpcSettings

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Limits:
    """Centre line and limits for every point (constant for XmR, stepped for a p-chart)."""

    mean: Floats
    upper: Floats
    lower: Floats
    upper_near: Floats  # the "2-sigma" line above the mean
    lower_near: Floats
    baseline_points: int  # how many points the centre and limits were computed from
    mean_moving_range: float | None = None  # XmR only, after any screening


def baseline_length(n_points: int, settings: SpcSettings) -> int:
    """How many leading points set the limits: all of them unless a baseline is fixed."""
    if settings.baseline_points is None:
        return n_points
    return min(n_points, settings.baseline_points)


def mean_moving_range(values: Floats, settings: SpcSettings) -> float:
    """Mean of |x_i − x_(i−1)|, optionally screened: ranges ≥ 3.267 × the mean are dropped once."""
    moving_ranges = np.abs(np.diff(values))
    if moving_ranges.size == 0:
        return 0.0
    average = float(moving_ranges.mean())
    if settings.screen_moving_ranges and average > 0:
        kept = moving_ranges[moving_ranges < settings.screen_factor * average]
        # When every range is screened out (rare: two wildly different values) keep the unscreened mean.
        if kept.size:
            average = float(kept.mean())
    return average


def xmr_limits(values: Floats, settings: SpcSettings) -> Limits:
    """XmR limits for a series with no gaps (missing months already dropped)."""
    n = values.size
    base = baseline_length(n, settings)
    centre = float(values[:base].mean())
    spread = settings.limit_factor * mean_moving_range(values[:base], settings)
    near = settings.near_limit_fraction * spread
    ones = np.ones(n)
    return Limits(
        mean=centre * ones,
        upper=(centre + spread) * ones,
        lower=(centre - spread) * ones,
        upper_near=(centre + near) * ones,
        lower_near=(centre - near) * ones,
        baseline_points=base,
        mean_moving_range=spread / settings.limit_factor,
    )


def p_chart_limits(
    values: Floats, denominators: Floats, settings: SpcSettings, *, scale: float = 1.0
) -> Limits:
    """p-chart limits. `values` are proportions on `scale` (1 for fractions, 100 for percentages).

    Limits are clipped to 0 and `scale`: a proportion cannot pass them, so no rule changes.
    """
    n = values.size
    base = baseline_length(n, settings)
    proportions = values / scale
    # p̄ weights each month by its denominator: Σ numerators / Σ denominators over the baseline.
    p_bar = float((proportions[:base] * denominators[:base]).sum() / denominators[:base].sum())
    standard_error = np.sqrt(p_bar * (1 - p_bar) / denominators)
    spread = settings.p_chart_sigmas * standard_error
    near = settings.near_limit_fraction * spread
    return Limits(
        mean=np.full(n, p_bar * scale),
        upper=np.clip(p_bar + spread, 0, 1) * scale,
        lower=np.clip(p_bar - spread, 0, 1) * scale,
        upper_near=np.clip(p_bar + near, 0, 1) * scale,
        lower_near=np.clip(p_bar - near, 0, 1) * scale,
        baseline_points=base,
    )
