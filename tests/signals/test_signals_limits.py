"""Control limits, worked out by hand: XmR (with and without moving-range screening, with a fixed
baseline) and p-charts (limits per point from each denominator)."""

from __future__ import annotations

import numpy as np
import pytest

from csc_scorecard.signals.limits import mean_moving_range, p_chart_limits, xmr_limits
from csc_scorecard.signals.settings import SpcSettings

DEFAULTS = SpcSettings()


def test_xmr_limits_alternating_series() -> None:
    # 10, 14, 10, 14 ...: mean 12, every moving range 4, so limits 12 ± 2.66 × 4 = 12 ± 10.64 and
    # the 2-sigma lines 12 ± (2/3) × 10.64 = 12 ± 7.0933.
    values = np.array([10.0, 14.0] * 6)
    limits = xmr_limits(values, DEFAULTS)
    assert limits.mean_moving_range == pytest.approx(4.0)
    assert limits.mean == pytest.approx(np.full(12, 12.0))
    assert limits.upper == pytest.approx(np.full(12, 22.64))
    assert limits.lower == pytest.approx(np.full(12, 1.36))
    assert limits.upper_near[0] == pytest.approx(12 + 2 / 3 * 10.64)
    assert limits.lower_near[0] == pytest.approx(12 - 2 / 3 * 10.64)
    assert limits.baseline_points == 12


def test_moving_range_screening_drops_the_big_jump_only_when_asked() -> None:
    # 10, 12, ..., 10, 40: ten ranges of 2 and one of 30, mean 50 / 11 = 4.5455. 30 ≥ 3.267 × 4.5455
    # = 14.85, so screening drops it and the mean moving range becomes 2.
    values = np.array([10.0, 12.0] * 5 + [10.0, 40.0])
    assert mean_moving_range(values, DEFAULTS) == pytest.approx(50 / 11)
    assert mean_moving_range(values, SpcSettings(screen_moving_ranges=True)) == pytest.approx(2.0)
    screened = xmr_limits(values, SpcSettings(screen_moving_ranges=True))
    # mean = (6 × 10 + 5 × 12 + 40) / 12 = 160 / 12
    assert screened.upper[0] == pytest.approx(160 / 12 + 2.66 * 2)
    assert xmr_limits(values, DEFAULTS).upper[0] == pytest.approx(160 / 12 + 2.66 * 50 / 11)


def test_screening_keeps_the_unscreened_mean_when_every_range_would_go() -> None:
    # One moving range only: it is never at least 3.267 times itself, so nothing is dropped.
    assert mean_moving_range(np.array([1.0, 5.0]), SpcSettings(screen_moving_ranges=True)) == pytest.approx(
        4.0
    )


def test_constant_series_has_limits_on_the_mean() -> None:
    limits = xmr_limits(np.full(12, 7.0), DEFAULTS)
    assert limits.upper == pytest.approx(np.full(12, 7.0))
    assert limits.lower == pytest.approx(np.full(12, 7.0))


def test_fixed_baseline_sets_limits_from_the_first_points_only() -> None:
    # First 12 points alternate 10/14 (mean 12, MR 4); three later points at 30 do not move the limits.
    values = np.array([10.0, 14.0] * 6 + [30.0, 30.0, 30.0])
    limits = xmr_limits(values, SpcSettings(baseline_points=12))
    assert limits.baseline_points == 12
    assert limits.mean == pytest.approx(np.full(15, 12.0))
    assert limits.upper == pytest.approx(np.full(15, 22.64))
    # Every point: mean (120 + 90) / 15 = 14
    assert xmr_limits(values, DEFAULTS).mean[0] == pytest.approx(15.6)


def test_p_chart_limits_step_with_each_denominator() -> None:
    # p̄ = Σ numerators / Σ denominators = (50 + 10 + 50) / (100 + 20 + 100) = 0.5.
    # n = 100: σ = sqrt(0.25 / 100) = 0.05 → limits 0.35–0.65, 2-sigma lines 0.40–0.60.
    # n = 25 would give σ = 0.1; here n = 20: σ = sqrt(0.25 / 20) = 0.1118.
    values = np.array([0.5, 0.5, 0.5])
    denominators = np.array([100.0, 20.0, 100.0])
    limits = p_chart_limits(values, denominators, DEFAULTS)
    assert limits.mean == pytest.approx([0.5, 0.5, 0.5])
    assert limits.upper == pytest.approx([0.65, 0.5 + 3 * np.sqrt(0.25 / 20), 0.65])
    assert limits.lower == pytest.approx([0.35, 0.5 - 3 * np.sqrt(0.25 / 20), 0.35])
    assert limits.upper_near == pytest.approx([0.60, 0.5 + 2 * np.sqrt(0.25 / 20), 0.60])


def test_p_chart_centre_weights_months_by_denominator() -> None:
    # 9/10 and 10/100: p̄ = 19 / 110, not the mean of 0.9 and 0.1.
    limits = p_chart_limits(np.array([0.9, 0.1]), np.array([10.0, 100.0]), DEFAULTS)
    assert limits.mean[0] == pytest.approx(19 / 110)


def test_p_chart_on_a_percentage_scale_and_clipped_limits() -> None:
    # Values 0-100 with scale 100: p̄ = 0.9; n = 4 gives σ = 0.15, so the upper limit 1.35 is clipped to 100.
    limits = p_chart_limits(np.array([90.0, 90.0]), np.array([4.0, 4.0]), DEFAULTS, scale=100)
    assert limits.mean == pytest.approx([90.0, 90.0])
    assert limits.upper == pytest.approx([100.0, 100.0])
    assert limits.lower == pytest.approx([45.0, 45.0])


def test_settings_refuse_impossible_rule_lengths() -> None:
    with pytest.raises(ValueError, match="trend_length"):
        SpcSettings(trend_length=2)
    with pytest.raises(ValueError, match="baseline_points"):
        SpcSettings(baseline_points=1)
