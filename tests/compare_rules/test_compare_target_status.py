"""Target status and RAG for each target shape with each polarity, tolerance bases, units, and the
position against a comparator. Values here are written 0-100 (percent_point=1) unless a test says
otherwise, so the arithmetic reads as it would on a scorecard."""

from __future__ import annotations

import pytest

from csc_scorecard.compare.target_status import (
    DEFAULT_TOLERANCE,
    Position,
    Rag,
    RagTolerance,
    TargetReading,
    TargetStatus,
    Tolerance,
    comparator_position,
    read_target,
    target_in_value_units,
)
from csc_scorecard.config.model import RagTolerance as ConfigRagTolerance
from csc_scorecard.config.model import ToleranceBasis
from csc_scorecard.config.targets import parse_target_value

ON, EXCEEDING, OFF = TargetStatus.ON_TARGET, TargetStatus.EXCEEDING, TargetStatus.OFF_TARGET
NOT_JUDGED = TargetStatus.NOT_JUDGED
GREEN, AMBER, RED = Rag.GREEN, Rag.AMBER, Rag.RED
HIGHER, LOWER, NEUTRAL = "higher_is_better", "lower_is_better", "neutral"


def reading(
    value: float | None,
    target: object,
    polarity: str,
    unit: str = "percent",
    tolerance: Tolerance = DEFAULT_TOLERANCE,
) -> TargetReading:
    return read_target(
        value, parse_target_value(target), polarity=polarity, unit=unit, percent_point=1, tolerance=tolerance
    )


@pytest.mark.parametrize(
    "target, polarity, value, status, rag",
    [
        # point 85, higher is better: at or above is on target (never "exceeding"); amber down to 80
        (85, HIGHER, 85, ON, GREEN),
        (85, HIGHER, 97, ON, GREEN),
        (85, HIGHER, 82, OFF, AMBER),
        (85, HIGHER, 80, OFF, AMBER),
        (85, HIGHER, 79.9, OFF, RED),
        # point 85, lower is better: at or below is on target; amber up to 90
        (85, LOWER, 85, ON, GREEN),
        (85, LOWER, 60, ON, GREEN),
        (85, LOWER, 88, OFF, AMBER),
        (85, LOWER, 90.1, OFF, RED),
        # point, neutral: not judged, no colour
        (85, NEUTRAL, 70, NOT_JUDGED, None),
        # range [85, 90], higher is better: above 90 is exceeding, not failing
        ([85, 90], HIGHER, 84, OFF, AMBER),
        ([85, 90], HIGHER, 85, ON, GREEN),
        ([85, 90], HIGHER, 90, ON, GREEN),
        ([85, 90], HIGHER, 93, EXCEEDING, GREEN),
        ([85, 90], HIGHER, 78, OFF, RED),
        # range [85, 90], lower is better: below 85 is exceeding, above 90 off target
        ([85, 90], LOWER, 84, EXCEEDING, GREEN),
        ([85, 90], LOWER, 88, ON, GREEN),
        ([85, 90], LOWER, 92, OFF, AMBER),
        ([85, 90], LOWER, 96, OFF, RED),
        ([85, 90], NEUTRAL, 88, NOT_JUDGED, None),
        # band {20, 24}: off target on both sides, whatever the polarity
        ({"band": [20, 24]}, LOWER, 22, ON, GREEN),
        ({"band": [20, 24]}, LOWER, 20, ON, GREEN),
        ({"band": [20, 24]}, LOWER, 24, ON, GREEN),
        ({"band": [20, 24]}, LOWER, 19, OFF, AMBER),
        ({"band": [20, 24]}, LOWER, 26, OFF, AMBER),
        ({"band": [20, 24]}, LOWER, 30, OFF, RED),
        ({"band": [20, 24]}, HIGHER, 14, OFF, RED),
        ({"band": [20, 24]}, HIGHER, 25, OFF, AMBER),
        ({"band": [20, 24]}, NEUTRAL, 15, OFF, AMBER),  # 5 points below: the edge of amber
        ({"band": [20, 24]}, NEUTRAL, 23, ON, GREEN),
        # bounds: read by their own direction, whatever the polarity; < and > exclude the number
        ("<7", LOWER, 6.9, ON, GREEN),
        ("<7", LOWER, 7, OFF, AMBER),
        ("<=7", LOWER, 7, ON, GREEN),
        ("<7", LOWER, 12.5, OFF, RED),
        ("<7", HIGHER, 6, ON, GREEN),
        ("<7", NEUTRAL, 8, OFF, AMBER),
        (">65", HIGHER, 66, ON, GREEN),
        (">65", HIGHER, 65, OFF, AMBER),
        (">=65", HIGHER, 65, ON, GREEN),
        (">65", HIGHER, 59, OFF, RED),
        (">65", LOWER, 70, ON, GREEN),
        (">65", NEUTRAL, 61, OFF, AMBER),
    ],
)
def test_status_and_rag(
    target: object, polarity: str, value: float, status: TargetStatus, rag: Rag | None
) -> None:
    result = reading(value, target, polarity)
    assert result.status is status
    assert result.rag is rag


def test_shortfall_is_measured_from_the_missed_edge() -> None:
    below = reading(19, {"band": [20, 24]}, LOWER)
    assert below.shortfall == pytest.approx(1) and below.missed_edge == 20
    above = reading(26, {"band": [20, 24]}, LOWER)
    assert above.shortfall == pytest.approx(2) and above.missed_edge == 24
    assert reading(88, 85, HIGHER).shortfall is None


def test_labels_never_rely_on_colour() -> None:
    assert reading(82, 85, HIGHER).label == "Amber: off target, within tolerance"
    assert reading(70, 85, HIGHER).label == "Red: off target, beyond tolerance"
    assert reading(93, [85, 90], HIGHER).label == "Green: on target"
    assert reading(70, 85, NEUTRAL).label == "Not judged (context measure)"


def test_no_target_and_no_value() -> None:
    nothing = read_target(70, None, polarity=HIGHER, unit="percent")
    assert nothing.status is TargetStatus.NO_TARGET and nothing.rag is None and nothing.label == "No target"
    missing = reading(None, 85, HIGHER)
    assert missing.status is TargetStatus.NO_VALUE and missing.rag is None


def test_relative_tolerance_for_counts() -> None:
    # docs/configuration.md: a target of 552 children (lower is better) is amber up to 5% above, 579.6.
    assert reading(579.6, 552, LOWER, unit="count").rag is AMBER
    assert reading(579.7, 552, LOWER, unit="count").rag is RED
    # "<7" for a count: 5% of 7 is 0.35.
    assert reading(7.3, "<7", LOWER, unit="count").rag is AMBER
    assert reading(7.4, "<7", LOWER, unit="count").rag is RED


def test_tolerance_amount_and_basis_are_parameters() -> None:
    one_point = RagTolerance(1, "points")
    assert reading(84, 85, HIGHER, tolerance=one_point).rag is AMBER
    assert reading(83.9, 85, HIGHER, tolerance=one_point).rag is RED
    # "relative" on a percentage: 10% of 85 is 8.5 points.
    assert reading(77, 85, HIGHER, tolerance=RagTolerance(10, "relative")).rag is AMBER
    # "points" on a count: in the count's own units.
    assert reading(14, 10, LOWER, unit="count", tolerance=RagTolerance(4, "points")).rag is AMBER
    # The configuration's own RagTolerance works as it is.
    config_tolerance = ConfigRagTolerance(amount=2, basis=ToleranceBasis.POINTS)
    assert reading(82.5, 85, HIGHER, tolerance=config_tolerance).rag is RED


def test_percentages_as_fractions() -> None:
    # The engine stores 85% as 0.85; targets are written 85. 17/20 is exactly on target.
    target = target_in_value_units(parse_target_value(85), "percent")
    assert target.low == 0.85
    assert read_target(17 / 20, target, polarity=HIGHER, unit="percent").status is ON
    assert read_target(0.80, target, polarity=HIGHER, unit="percent").rag is AMBER
    assert read_target(0.7999, target, polarity=HIGHER, unit="percent").rag is RED
    band = target_in_value_units(parse_target_value({"band": [20, 24]}), "percent")
    assert (band.low, band.high) == (0.20, 0.24)
    assert target_in_value_units(parse_target_value(552), "count").low == 552


@pytest.mark.parametrize(
    "value, comparator, unit, polarity, expected",
    [
        (0.70, 0.65, "percent", HIGHER, Position.BETTER),
        (0.60, 0.65, "percent", HIGHER, Position.WORSE),
        (0.655, 0.65, "percent", HIGHER, Position.SIMILAR),
        (0.30, 0.22, "percent", LOWER, Position.WORSE),
        (0.20, 0.22, "percent", LOWER, Position.BETTER),
        (101, 100, "rate_per_10k", LOWER, Position.SIMILAR),  # within 2% of the comparator
        (110, 100, "rate_per_10k", LOWER, Position.WORSE),
        (120, 100, "count", NEUTRAL, Position.HIGHER),
        (80, 100, "count", NEUTRAL, Position.LOWER),
        (101, 100, "count", NEUTRAL, Position.SIMILAR),
        (None, 100, "count", HIGHER, Position.NOT_COMPARABLE),
    ],
)
def test_position_against_a_comparator(
    value: float | None, comparator: float, unit: str, polarity: str, expected: Position
) -> None:
    assert comparator_position(value, comparator, polarity=polarity, unit=unit) is expected
