"""Direction of travel: the no-change band for percentages (1 point) and everything else (2%), polarity,
neutral measures, missing and zero values."""

from __future__ import annotations

import pytest

from csc_scorecard.compare.trend import (
    Direction,
    NoChangeBand,
    TrendBasis,
    classify_changes,
    direction_of_travel,
)

IMPROVING, WORSENING, NO_CHANGE = Direction.IMPROVING, Direction.WORSENING, Direction.NO_CHANGE
UP, DOWN, NOT_COMPARABLE = Direction.UP, Direction.DOWN, Direction.NOT_COMPARABLE


@pytest.mark.parametrize(
    "current, earlier, polarity, expected",
    [
        # Percentages stored as fractions (the engine's units): one point is 0.01.
        (0.62, 0.60, "higher_is_better", IMPROVING),
        (0.58, 0.60, "higher_is_better", WORSENING),
        (0.62, 0.60, "lower_is_better", WORSENING),
        (0.58, 0.60, "lower_is_better", IMPROVING),
        (0.605, 0.60, "higher_is_better", NO_CHANGE),  # half a point
        (0.595, 0.60, "lower_is_better", NO_CHANGE),
        (0.85, 0.84, "lower_is_better", WORSENING),  # exactly one point is a move
        (0.84, 0.85, "higher_is_better", WORSENING),
        (0.62, 0.60, "neutral", UP),
        (0.58, 0.60, "neutral", DOWN),
        (0.605, 0.60, "neutral", NO_CHANGE),
    ],
)
def test_percentages(current: float, earlier: float, polarity: str, expected: Direction) -> None:
    assert direction_of_travel(current, earlier, polarity=polarity, unit="percent").direction is expected


@pytest.mark.parametrize(
    "current, earlier, unit, polarity, expected",
    [
        (101, 100, "count", "higher_is_better", NO_CHANGE),  # 1% < 2%
        (102, 100, "count", "higher_is_better", IMPROVING),  # exactly 2% is a move
        (98, 100, "count", "lower_is_better", IMPROVING),
        (98.5, 100, "count", "lower_is_better", NO_CHANGE),
        (52.0, 50.0, "rate_per_10k", "lower_is_better", WORSENING),  # 4%
        (50.9, 50.0, "rate_per_10k", "lower_is_better", NO_CHANGE),  # 1.8%
        (18.5, 18.0, "cases_per_worker", "lower_is_better", WORSENING),  # 2.8%
        (14.2, 14.0, "days", "lower_is_better", NO_CHANGE),  # 1.4%
        (120, 100, "count", "neutral", UP),
        (80, 100, "count", "neutral", DOWN),
    ],
)
def test_counts_rates_and_averages(
    current: float, earlier: float, unit: str, polarity: str, expected: Direction
) -> None:
    assert direction_of_travel(current, earlier, polarity=polarity, unit=unit).direction is expected


def test_change_and_basis_are_reported() -> None:
    travel = direction_of_travel(120, 100, polarity="neutral", unit="count", basis=TrendBasis.PREVIOUS_YEAR)
    assert travel.change == pytest.approx(20) and travel.earlier == 100
    assert travel.basis is TrendBasis.PREVIOUS_YEAR
    assert travel.direction.label == "Up"


def test_from_zero_any_change_moves_and_zero_to_zero_is_no_change() -> None:
    assert direction_of_travel(1, 0, polarity="neutral", unit="count").direction is UP
    assert direction_of_travel(0, 0, polarity="higher_is_better", unit="count").direction is NO_CHANGE


def test_missing_values_are_not_comparable() -> None:
    travel = direction_of_travel(5, None, polarity="neutral", unit="count")
    assert travel.direction is NOT_COMPARABLE and travel.change is None and travel.earlier is None
    assert direction_of_travel(None, 5, polarity="neutral", unit="count").direction is NOT_COMPARABLE


def test_percentages_written_0_to_100() -> None:
    assert (
        direction_of_travel(62, 61.5, polarity="higher_is_better", unit="percent", percent_point=1).direction
        is NO_CHANGE
    )
    assert (
        direction_of_travel(62, 61, polarity="higher_is_better", unit="percent", percent_point=1).direction
        is IMPROVING
    )


def test_band_is_a_parameter() -> None:
    wide = NoChangeBand(percentage_points=2.0, relative=0.05)
    assert (
        direction_of_travel(0.615, 0.60, polarity="higher_is_better", unit="percent", band=wide).direction
        is NO_CHANGE
    )
    assert (
        direction_of_travel(104, 100, polarity="higher_is_better", unit="count", band=wide).direction
        is NO_CHANGE
    )


def test_arrays() -> None:
    labels = classify_changes(
        [0.62, 0.605, float("nan")], [0.60, 0.60, 0.60], polarity="higher_is_better", unit="percent"
    )
    assert labels.tolist() == ["improving", "no_change", "not_comparable"]
