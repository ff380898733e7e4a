"""One series end to end: chart choice, "too few to judge", the variation icon from the latest point,
the assurance icon for every target shape, and the settings recorded in the result."""

from __future__ import annotations

import json

import numpy as np
import pytest

from csc_scorecard.config.targets import parse_target_value
from csc_scorecard.signals import (
    AssuranceIcon,
    Chart,
    SpcOutcome,
    SpcSettings,
    VariationIcon,
    choose_chart,
    spc_series,
)
from csc_scorecard.signals.icons import assurance_icon

# Twelve steady months: mean 601 / 12 = 50.083, moving ranges 2, 4, 3, 2, 1, 3, 6, 3, 2, 4, 3 (mean 3),
# so the limits are 50.083 ± 7.98 (42.10–58.06) and the 2-sigma lines 50.083 ± 5.32 (44.76–55.40).
STEADY = [50.0, 52, 48, 51, 49, 50, 53, 47, 50, 52, 48, 51]


def test_steady_series_is_common_cause() -> None:
    result = spc_series(STEADY, polarity="higher_is_better")
    assert result.outcome is SpcOutcome.ASSESSED
    assert result.mean[0] == pytest.approx(601 / 12)
    assert result.upper[0] == pytest.approx(601 / 12 + 2.66 * 3)
    assert result.lower[0] == pytest.approx(601 / 12 - 2.66 * 3)
    assert not result.special_cause.any()
    assert result.variation is VariationIcon.COMMON_CAUSE
    assert result.variation.label == "Common cause variation"


@pytest.mark.parametrize(
    "polarity, last, icon",
    [
        ("higher_is_better", 75.0, VariationIcon.IMPROVEMENT_HIGH),
        ("higher_is_better", 25.0, VariationIcon.CONCERN_LOW),
        ("lower_is_better", 75.0, VariationIcon.CONCERN_HIGH),
        ("lower_is_better", 25.0, VariationIcon.IMPROVEMENT_LOW),
        ("neutral", 75.0, VariationIcon.NEITHER_HIGH),
        ("neutral", 25.0, VariationIcon.NEITHER_LOW),
    ],
)
def test_variation_icon_from_an_astronomical_latest_point(
    polarity: str, last: float, icon: VariationIcon
) -> None:
    # Adding 75 (or 25): mean and moving ranges move, but 75 and 25 are far outside either way.
    result = spc_series([*STEADY, last], polarity=polarity)
    assert result.rule[-1] == "outside_limits"
    assert result.variation is icon


def test_variation_icon_reads_the_latest_point_not_the_latest_signal() -> None:
    # An astronomical point in month 6, ordinary months after it: the latest point is common cause.
    values = [*STEADY[:6], 90.0, *STEADY[6:]]
    result = spc_series(values, polarity="higher_is_better")
    assert result.rule[6] == "outside_limits"
    assert result.variation is VariationIcon.COMMON_CAUSE


def test_shift_in_the_latest_months_is_special_cause() -> None:
    # Twelve months around 50, then seven around 58: the last seven are a shift above the mean.
    values = [*STEADY, 57.0, 58, 59, 58, 57, 58, 59]
    result = spc_series(values, polarity="lower_is_better")
    assert result.shift[-7:].all()
    assert result.variation is VariationIcon.CONCERN_HIGH


def test_eleven_points_are_too_few_to_judge() -> None:
    result = spc_series(STEADY[:11], polarity="higher_is_better", target=parse_target_value(40))
    assert result.outcome is SpcOutcome.TOO_FEW_POINTS
    assert result.too_few_to_judge
    assert "too few to judge" in result.note
    assert result.variation is None and result.assurance is None
    assert np.isnan(result.upper).all() and not result.special_cause.any()


def test_minimum_points_is_a_parameter() -> None:
    result = spc_series(STEADY[:11], polarity="higher_is_better", settings=SpcSettings(minimum_points=10))
    assert result.outcome is SpcOutcome.ASSESSED


def test_p_chart_with_median_denominator_under_20_is_too_few_to_judge() -> None:
    values = [0.5] * 12
    result = spc_series(
        values, polarity="higher_is_better", chart=Chart.P, denominators=[19.0] * 6 + [30.0] * 6
    )
    # The median of six 19s and six 30s is 24.5: judged.
    assert result.outcome is SpcOutcome.ASSESSED
    small = spc_series(
        values, polarity="higher_is_better", chart=Chart.P, denominators=[19.0] * 7 + [30.0] * 5
    )
    assert small.outcome is SpcOutcome.SMALL_DENOMINATORS
    assert "median denominator 19" in small.note


def test_p_chart_flags_a_month_beyond_its_own_limits() -> None:
    # p̄ = 0.5 over 12 months of 100 (limits 0.35–0.65) then one month of 0.70 → p̄ moves to
    # (600 + 70) / 1300 = 0.5154; σ = sqrt(0.5154 × 0.4846 / 100) = 0.04998, upper limit 0.665.
    values = [0.5] * 12 + [0.70]
    result = spc_series(values, polarity="higher_is_better", chart=Chart.P, denominators=[100.0] * 13)
    p_bar = 670 / 1300
    assert result.upper[-1] == pytest.approx(p_bar + 3 * np.sqrt(p_bar * (1 - p_bar) / 100))
    assert result.rule[-1] == "outside_limits"
    assert result.variation is VariationIcon.IMPROVEMENT_HIGH


def test_chart_none_is_not_suitable() -> None:
    result = spc_series(STEADY, polarity="neutral", chart=Chart.NONE, note="rolling")
    assert result.outcome is SpcOutcome.NOT_SUITABLE
    assert result.variation is None


def test_missing_values_and_bad_denominators_are_refused() -> None:
    with pytest.raises(ValueError, match="missing"):
        spc_series([*STEADY, float("nan")], polarity="neutral")
    with pytest.raises(ValueError, match="denominator"):
        spc_series(STEADY, polarity="neutral", chart=Chart.P)
    with pytest.raises(ValueError, match="positive"):
        spc_series(STEADY, polarity="neutral", chart=Chart.P, denominators=[0.0] * 12)


def test_result_records_settings_and_is_read_only() -> None:
    settings = SpcSettings(shift_length=8, trend_length=6)
    result = spc_series(STEADY, polarity="neutral", settings=settings)
    assert result.settings is settings
    recorded = json.loads(settings.to_json())
    assert (
        recorded["shift_length"] == 8 and recorded["trend_length"] == 6 and recorded["limit_factor"] == 2.66
    )
    with pytest.raises(ValueError):
        result.values[0] = 1.0


def test_input_is_not_changed() -> None:
    values = np.array(STEADY)
    spc_series(values, polarity="neutral")
    assert values.tolist() == STEADY


@pytest.mark.parametrize(
    "period_basis, unit, has_denominators, chart, note",
    [
        ("month", "count", False, Chart.XMR, ""),
        ("month", "percent", True, Chart.P, ""),
        ("month", "percent", False, Chart.XMR, ""),
        ("month", "rate_per_10k", True, Chart.XMR, ""),
        ("month_end", "count", False, Chart.XMR, "month-end snapshot"),
        ("rolling_12_months", "percent", True, Chart.NONE, "rolling"),
        ("financial_year_to_date", "count", False, Chart.NONE, "year-to-date"),
        ("quarter", "percent", True, Chart.NONE, "quarterly"),
    ],
)
def test_choose_chart(period_basis: str, unit: str, has_denominators: bool, chart: Chart, note: str) -> None:
    choice = choose_chart(unit=unit, period_basis=period_basis, has_denominators=has_denominators)
    assert choice.chart is chart
    assert note in choice.note


def test_choose_chart_follows_the_catalogue_field_and_the_proportion_setting() -> None:
    assert choose_chart(unit="count", period_basis="month", spc_allowed=False).chart is Chart.NONE
    xmr = SpcSettings(proportion_chart=Chart.XMR)
    assert (
        choose_chart(unit="percent", period_basis="month", has_denominators=True, settings=xmr).chart
        is Chart.XMR
    )


# --- assurance ---------------------------------------------------------------------------------

PASSES, FAILS, HIT_AND_MISS = (
    AssuranceIcon.CONSISTENTLY_PASSES,
    AssuranceIcon.CONSISTENTLY_FAILS,
    AssuranceIcon.HIT_AND_MISS,
)


@pytest.mark.parametrize(
    "target, polarity, lower, upper, icon",
    [
        # point 85, higher is better: limits 86-97 all above → passes; 70-84 all below → fails
        (85, "higher_is_better", 86, 97, PASSES),
        (85, "higher_is_better", 70, 84, FAILS),
        (85, "higher_is_better", 80, 90, HIT_AND_MISS),
        (85, "higher_is_better", 85, 95, HIT_AND_MISS),  # target on a limit: strict comparison
        # point 29, lower is better
        (29, "lower_is_better", 20, 28, PASSES),
        (29, "lower_is_better", 30, 40, FAILS),
        (29, "lower_is_better", 25, 33, HIT_AND_MISS),
        # range [85, 90]: the near end is what must be met (85 when higher is better, 90 when lower)
        ([85, 90], "higher_is_better", 86, 99, PASSES),
        ([85, 90], "higher_is_better", 70, 84, FAILS),
        ([85, 90], "lower_is_better", 70, 89, PASSES),
        ([85, 90], "lower_is_better", 91, 99, FAILS),
        ([85, 90], "lower_is_better", 86, 95, HIT_AND_MISS),
        # band: both limits inside → passes; both outside on one side → fails; astride an edge → hit and miss
        ({"band": [20, 24]}, "lower_is_better", 21, 23, PASSES),
        ({"band": [20, 24]}, "lower_is_better", 25, 30, FAILS),
        ({"band": [20, 24]}, "higher_is_better", 10, 19, FAILS),
        ({"band": [20, 24]}, "neutral", 18, 23, HIT_AND_MISS),
        ({"band": [20, 24]}, "neutral", 21, 23, PASSES),
        # bounds read by their own direction, whatever the polarity
        ("<7", "higher_is_better", 2, 6, PASSES),
        ("<7", "lower_is_better", 8, 12, FAILS),
        (">65", "lower_is_better", 66, 80, PASSES),
        (">65", "neutral", 50, 64, FAILS),
        (">65", "higher_is_better", 60, 70, HIT_AND_MISS),
    ],
)
def test_assurance_for_every_target_shape(
    target: object, polarity: str, lower: float, upper: float, icon: AssuranceIcon
) -> None:
    assert assurance_icon(parse_target_value(target), polarity, lower, upper) is icon


@pytest.mark.parametrize("target", [85, [85, 90]])
def test_neutral_measure_with_a_point_or_range_has_no_assurance(target: object) -> None:
    assert assurance_icon(parse_target_value(target), "neutral", 80, 90) is None


def test_no_target_has_no_assurance() -> None:
    assert assurance_icon(None, "higher_is_better", 80, 90) is None


def test_assurance_in_a_series_uses_the_limits() -> None:
    # STEADY limits are 42.10–58.06: a target of 40 (higher is better) is always met.
    result = spc_series(STEADY, polarity="higher_is_better", target=parse_target_value(40))
    assert result.assurance is PASSES
    assert result.assurance.label == "Will consistently meet the target"
