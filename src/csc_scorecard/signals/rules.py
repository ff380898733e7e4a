"""The four MDC special-cause rules as whole-array numpy operations, and the per-point classification.

Each rule returns a boolean array (the points it flags) and the classification gives each point a
signed direction (+1 high, −1 low, 0 common cause) from the first rule that fires, in the order
NHSRplotthedots uses: outside the limits, trend, two in three, shift.

Runs are found by run-length encoding rather than a sliding window, so a series of any length costs
a handful of vector operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from csc_scorecard.signals.limits import Floats, Limits
from csc_scorecard.signals.settings import PointType, SpcSettings, SpecialCauseRule

Bools = NDArray[np.bool_]
Signs = NDArray[np.int8]


def in_long_run(flags: Bools, length: int) -> Bools:
    """True at every position inside a run of at least `length` consecutive Trues.

    >>> in_long_run(np.array([1, 1, 0, 1, 1, 1], dtype=bool), 3).tolist()
    [False, False, False, True, True, True]
    """
    padded = np.concatenate(([0], flags.astype(np.int8), [0]))
    edges = np.diff(padded)
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)  # one past the run's last position
    long_runs = (ends - starts) >= length
    # +1 where a long run starts and −1 just after it ends; a running sum is then positive inside it.
    marks = np.zeros(flags.size + 1, dtype=np.int32)
    marks[starts[long_runs]] += 1
    marks[ends[long_runs]] -= 1
    return np.cumsum(marks[:-1]) > 0


def side_of_mean(values: Floats, mean: Floats) -> Signs:
    """+1 above the mean, −1 below, 0 exactly on it (a point on the mean breaks a run)."""
    return np.sign(values - mean).astype(np.int8)


def outside_limits(values: Floats, limits: Limits) -> Bools:
    """Rule 1: a point above the upper or below the lower process limit."""
    return (values > limits.upper) | (values < limits.lower)


def shift(values: Floats, mean: Floats, length: int) -> Bools:
    """Rule 4: every point in a run of `length` or more on one side of the mean."""
    side = side_of_mean(values, mean)
    return in_long_run(side > 0, length) | in_long_run(side < 0, length)


def trend(values: Floats, length: int) -> tuple[Bools, Signs]:
    """Rule 2: every point in a run of `length` or more each strictly above (or below) the one before.

    Returns the flags and each flagged point's direction (+1 rising, −1 falling). A repeated value
    breaks a trend. A point where a rising trend turns into a falling one takes the later trend's
    direction, as NHSRplotthedots does.
    """
    n = values.size
    if n < 2:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int8)
    steps = np.diff(values)
    # A trend of `length` points is `length − 1` steps of the same sign.
    rising_steps = in_long_run(steps > 0, length - 1)
    falling_steps = in_long_run(steps < 0, length - 1)
    trend_steps = rising_steps | falling_steps
    step_sign = np.where(rising_steps, 1, np.where(falling_steps, -1, 0)).astype(np.int8)
    # Point i sits between step i−1 (on its left) and step i (on its right).
    left_sign = np.concatenate(([0], step_sign)).astype(np.int8)
    right_sign = np.concatenate((step_sign, [0])).astype(np.int8)
    in_trend = np.concatenate(([False], trend_steps)) | np.concatenate((trend_steps, [False]))
    direction = np.where(right_sign != 0, right_sign, left_sign).astype(np.int8)
    return in_trend, direction


def beyond_near_limits(values: Floats, limits: Limits, *, count_beyond_limits: bool) -> Bools:
    """Points beyond the 2-sigma line on their side (optionally not those beyond the process limits)."""
    near = (values > limits.upper_near) | (values < limits.lower_near)
    if count_beyond_limits:
        return near
    return near & ~outside_limits(values, limits)


def two_in_three(values: Floats, limits: Limits, *, count_beyond_limits: bool) -> Bools:
    """Rule 3: two of three consecutive points beyond the 2-sigma line, all three on the same side
    of the mean. Only the points beyond the line are flagged, not the third point of the window."""
    n = values.size
    close = beyond_near_limits(values, limits, count_beyond_limits=count_beyond_limits)
    if n < 3:
        return np.zeros(n, dtype=bool)
    side = side_of_mean(values, limits.mean).astype(np.int32)
    close_count = close[:-2].astype(np.int32) + close[1:-1] + close[2:]
    side_total = side[:-2] + side[1:-1] + side[2:]
    window_fires = (close_count >= 2) & (np.abs(side_total) == 3)  # window starting at each index
    padded = np.concatenate(([False, False], window_fires, [False, False]))
    # Point p lies in the windows starting at p−2, p−1 and p.
    in_firing_window = padded[:n] | padded[1 : n + 1] | padded[2 : n + 2]
    return close & in_firing_window


@dataclass(frozen=True, slots=True)
class RuleFlags:
    """Which rule flagged each point, and the direction each special-cause point signals."""

    outside_limits: Bools
    trend: Bools
    two_in_three: Bools
    shift: Bools
    direction: Signs  # +1 high, −1 low, 0 common cause
    rule: NDArray[np.str_]  # the labelling rule ("" for common cause)

    @property
    def special_cause(self) -> Bools:
        return np.asarray(self.direction != 0, dtype=np.bool_)


def apply_rules(values: Floats, limits: Limits, settings: SpcSettings) -> RuleFlags:
    """Run all four rules and label each point with the first that fires (NHSRplotthedots order)."""
    side = side_of_mean(values, limits.mean)
    outside = outside_limits(values, limits)
    in_trend, trend_direction = trend(values, settings.trend_length)
    near = two_in_three(values, limits, count_beyond_limits=settings.two_in_three_counts_beyond_limits)
    run = shift(values, limits.mean, settings.shift_length)
    conditions = [outside, in_trend, near, run]
    direction = np.select(conditions, [side, trend_direction, side, side], default=0).astype(np.int8)
    rule = np.select(conditions, [r.value for r in SpecialCauseRule], default="")
    return RuleFlags(outside, in_trend, near, run, direction, rule.astype(np.str_))


def point_types(direction: Signs, improvement: int) -> NDArray[np.str_]:
    """Each point's MDC type: `improvement` is +1 when higher is better, −1 when lower, 0 neutral."""
    if improvement == 0:
        labels = np.select(
            [direction > 0, direction < 0],
            [PointType.NEUTRAL_HIGH.value, PointType.NEUTRAL_LOW.value],
            PointType.COMMON_CAUSE.value,
        )
    else:
        oriented = direction * improvement
        labels = np.select(
            [oriented > 0, oriented < 0],
            [PointType.IMPROVEMENT.value, PointType.CONCERN.value],
            PointType.COMMON_CAUSE.value,
        )
    return labels.astype(np.str_)
