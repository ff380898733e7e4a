"""The four special-cause rules on hand-made series and hand-set limits (mean 50, 2-sigma lines at
40 and 60, process limits at 35 and 65), the labelling order, and point types by polarity."""

from __future__ import annotations

import numpy as np
import pytest

from csc_scorecard.signals.limits import Limits
from csc_scorecard.signals.rules import (
    apply_rules,
    in_long_run,
    outside_limits,
    point_types,
    shift,
    trend,
    two_in_three,
)
from csc_scorecard.signals.settings import SpcSettings

DEFAULTS = SpcSettings()


def limits_for(n: int, mean: float = 50.0, near: float = 10.0, limit: float = 15.0) -> Limits:
    ones = np.ones(n)
    return Limits(
        mean=mean * ones,
        upper=(mean + limit) * ones,
        lower=(mean - limit) * ones,
        upper_near=(mean + near) * ones,
        lower_near=(mean - near) * ones,
        baseline_points=n,
    )


def flagged(flags: np.ndarray) -> list[int]:
    return np.flatnonzero(flags).tolist()


def test_in_long_run_marks_whole_runs_only() -> None:
    flags = np.array([1, 1, 0, 1, 1, 1, 0, 1], dtype=bool)
    assert flagged(in_long_run(flags, 3)) == [3, 4, 5]
    assert flagged(in_long_run(flags, 2)) == [0, 1, 3, 4, 5]
    assert flagged(in_long_run(np.ones(4, dtype=bool), 4)) == [0, 1, 2, 3]
    assert flagged(in_long_run(np.zeros(0, dtype=bool), 2)) == []


# --- rule 1: outside the process limits -----------------------------------------------------------


def test_outside_limits_is_strict() -> None:
    values = np.array([50.0, 65.0, 65.1, 35.0, 34.9])
    assert flagged(outside_limits(values, limits_for(5))) == [2, 4]


# --- rule 4: shift -------------------------------------------------------------------------------


def test_seven_on_one_side_is_a_shift_and_six_is_not() -> None:
    values = np.array([45.0, 52, 51, 53, 52, 51, 54, 52, 45])  # points 1-7: seven above the mean
    assert flagged(shift(values, np.full(9, 50.0), 7)) == [1, 2, 3, 4, 5, 6, 7]
    six = np.array([45.0, 52, 51, 53, 52, 51, 54, 45])
    assert flagged(shift(six, np.full(8, 50.0), 7)) == []


def test_shift_below_the_mean_and_a_longer_run_flags_every_point() -> None:
    values = np.array([48.0] * 9)
    assert flagged(shift(values, np.full(9, 50.0), 7)) == list(range(9))


def test_a_point_on_the_mean_breaks_a_run() -> None:
    values = np.array([52.0, 52, 52, 50, 52, 52, 52, 52])  # 3 above, one on the mean, 4 above
    assert flagged(shift(values, np.full(8, 50.0), 7)) == []


def test_shift_length_is_a_parameter() -> None:
    values = np.array([52.0] * 7 + [45.0])
    assert flagged(shift(values, np.full(8, 50.0), 8)) == []
    assert flagged(shift(values, np.full(8, 50.0), 7)) == list(range(7))


# --- rule 2: trend -------------------------------------------------------------------------------


def test_seven_rising_points_are_a_trend() -> None:
    values = np.array([50.0, 40, 41, 42, 43, 44, 45, 46, 30])
    flags, direction = trend(values, 7)
    assert flagged(flags) == [1, 2, 3, 4, 5, 6, 7]
    assert direction[1:8].tolist() == [1] * 7


def test_six_rising_points_are_not_a_trend() -> None:
    flags, _ = trend(np.array([50.0, 40, 41, 42, 43, 44, 45, 30]), 7)
    assert flagged(flags) == []


def test_a_repeated_value_breaks_a_trend() -> None:
    flags, _ = trend(np.array([40.0, 41, 42, 42, 43, 44, 45, 46]), 7)
    assert flagged(flags) == []


def test_falling_trend_direction_and_length_parameter() -> None:
    values = np.array([60.0, 59, 58, 57, 56, 55])
    flags, direction = trend(values, 6)
    assert flagged(flags) == [0, 1, 2, 3, 4, 5]
    assert direction.tolist() == [-1] * 6
    assert flagged(trend(values, 7)[0]) == []


def test_a_peak_between_two_trends_takes_the_later_direction() -> None:
    # Rises for 7 points (0-6), then falls for 7 points (6-12): point 6 is in both.
    values = np.array([1.0, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1])
    flags, direction = trend(values, 7)
    assert flags.all()
    assert direction[5] == 1 and direction[6] == -1 and direction[7] == -1


# --- rule 3: two in three beyond the 2-sigma line -------------------------------------------------


def test_two_of_three_beyond_the_line_on_one_side_flags_those_two() -> None:
    values = np.array([50.0, 62, 55, 61, 50])  # 62 and 61 beyond 60; all of 62, 55, 61 above the mean
    assert flagged(two_in_three(values, limits_for(5), count_beyond_limits=True)) == [1, 3]


def test_two_in_three_needs_all_three_on_the_same_side() -> None:
    values = np.array([50.0, 62, 45, 61, 50])  # the middle point is below the mean
    assert flagged(two_in_three(values, limits_for(5), count_beyond_limits=True)) == []


def test_two_in_three_beyond_opposite_lines_is_not_a_signal() -> None:
    values = np.array([62.0, 38, 52])
    assert flagged(two_in_three(values, limits_for(3), count_beyond_limits=True)) == []


def test_a_point_beyond_the_process_limit_counts_since_november_2023() -> None:
    # 70 is beyond the process limit (65) and 61 beyond the 2-sigma line: MDC counts both; the older
    # rule (NHSRplotthedots 0.2.2, abspc) counts only points between the lines, so finds one.
    values = np.array([70.0, 61, 55])
    assert flagged(two_in_three(values, limits_for(3), count_beyond_limits=True)) == [0, 1]
    assert flagged(two_in_three(values, limits_for(3), count_beyond_limits=False)) == []


def test_two_in_three_on_a_short_series() -> None:
    assert flagged(two_in_three(np.array([62.0, 63]), limits_for(2), count_beyond_limits=True)) == []


# --- labelling and point types -------------------------------------------------------------------


def test_outside_limits_labels_a_point_before_trend_and_shift() -> None:
    # Seven rising points, all above the mean, the last beyond the upper limit.
    values = np.array([51.0, 52, 53, 54, 55, 56, 70])
    rules = apply_rules(values, limits_for(7), DEFAULTS)
    assert rules.rule.tolist() == ["trend"] * 6 + ["outside_limits"]
    assert rules.shift.all() and rules.trend.all()
    assert rules.direction.tolist() == [1] * 7


def test_a_rising_trend_below_the_mean_signals_high() -> None:
    # MDC reads a trend by its slope: rising is "high" even though every point is below the mean.
    values = np.array([41.0, 42, 43, 44, 45, 46, 47])
    rules = apply_rules(values, limits_for(7), DEFAULTS)
    assert rules.rule.tolist() == ["trend"] * 7
    assert rules.direction.tolist() == [1] * 7
    assert point_types(rules.direction, improvement=1).tolist() == ["special_cause_improvement"] * 7
    assert point_types(rules.direction, improvement=-1).tolist() == ["special_cause_concern"] * 7


def test_two_in_three_labels_before_shift() -> None:
    values = np.array([52.0, 61, 52, 62, 52, 52, 52])  # seven above; 61 and 62 beyond the 2-sigma line
    rules = apply_rules(values, limits_for(7), DEFAULTS)
    assert rules.rule.tolist() == [
        "shift",
        "two_in_three",
        "shift",
        "two_in_three",
        "shift",
        "shift",
        "shift",
    ]


def test_common_cause_points_have_no_rule_and_no_direction() -> None:
    rules = apply_rules(np.array([48.0, 52, 49, 51]), limits_for(4), DEFAULTS)
    assert rules.rule.tolist() == ["", "", "", ""]
    assert not rules.special_cause.any()


@pytest.mark.parametrize(
    "improvement, expected",
    [
        (1, ["special_cause_improvement", "special_cause_concern", "common_cause"]),
        (-1, ["special_cause_concern", "special_cause_improvement", "common_cause"]),
        (0, ["special_cause_neutral_high", "special_cause_neutral_low", "common_cause"]),
    ],
)
def test_point_types_follow_polarity(improvement: int, expected: list[str]) -> None:
    direction = np.array([1, -1, 0], dtype=np.int8)
    assert point_types(direction, improvement).tolist() == expected
