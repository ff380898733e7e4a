"""The two MDC icons: variation (from the latest point) and assurance (the target against the limits).

Assurance reads the target with the measure's polarity, as the target status does:

* a point target t, or the near end of a range, when higher is better: t below the lower limit
  → consistently passes; t above the upper limit → consistently fails; otherwise hit and miss.
  Lower is better mirrors it (the near end of a range is then its top);
* a bound ("<7", ">65") is read by its own direction, whatever the polarity;
* a band passes consistently only when both limits sit inside it, and fails consistently when both
  sit outside it on the same side;
* a neutral measure has no assurance unless its target is a band or a bound, which say by
  themselves what is good.

Comparisons are strict: a target exactly on a limit is hit and miss.
"""

from __future__ import annotations

from csc_scorecard.config.targets import Polarity, Target, TargetKind
from csc_scorecard.signals.settings import AssuranceIcon, PointType, VariationIcon


def variation_icon(latest_point_type: str, latest_direction: int) -> VariationIcon:
    """The variation icon for a series whose latest point has this type and direction (+1/−1/0)."""
    point_type = PointType(latest_point_type)
    high = latest_direction > 0
    if point_type is PointType.COMMON_CAUSE:
        return VariationIcon.COMMON_CAUSE
    if point_type is PointType.IMPROVEMENT:
        return VariationIcon.IMPROVEMENT_HIGH if high else VariationIcon.IMPROVEMENT_LOW
    if point_type is PointType.CONCERN:
        return VariationIcon.CONCERN_HIGH if high else VariationIcon.CONCERN_LOW
    return VariationIcon.NEITHER_HIGH if high else VariationIcon.NEITHER_LOW


def _higher_is_good(threshold: float, lower: float, upper: float) -> AssuranceIcon:
    if threshold < lower:
        return AssuranceIcon.CONSISTENTLY_PASSES
    if threshold > upper:
        return AssuranceIcon.CONSISTENTLY_FAILS
    return AssuranceIcon.HIT_AND_MISS


def _lower_is_good(threshold: float, lower: float, upper: float) -> AssuranceIcon:
    if threshold > upper:
        return AssuranceIcon.CONSISTENTLY_PASSES
    if threshold < lower:
        return AssuranceIcon.CONSISTENTLY_FAILS
    return AssuranceIcon.HIT_AND_MISS


def assurance_icon(target: Target | None, polarity: str, lower: float, upper: float) -> AssuranceIcon | None:
    """The assurance icon for a target (in the same units as the limits), or None when there is none.

    >>> from csc_scorecard.config.targets import parse_target_value
    >>> assurance_icon(parse_target_value(85), "higher_is_better", 86.0, 97.0).value
    'consistently_passes'
    """
    if target is None:
        return None
    direction = Polarity(polarity)
    if target.kind is TargetKind.BAND:
        assert target.low is not None and target.high is not None
        if target.low < lower and upper < target.high:
            return AssuranceIcon.CONSISTENTLY_PASSES
        if upper < target.low or lower > target.high:
            return AssuranceIcon.CONSISTENTLY_FAILS
        return AssuranceIcon.HIT_AND_MISS
    if target.kind is TargetKind.BOUND:
        if target.high is not None:  # "<7": at most 7 is good
            return _lower_is_good(target.high, lower, upper)
        assert target.low is not None  # ">65": at least 65 is good
        return _higher_is_good(target.low, lower, upper)
    if direction is Polarity.HIGHER_IS_BETTER:
        assert target.low is not None
        return _higher_is_good(target.low, lower, upper)
    if direction is Polarity.LOWER_IS_BETTER:
        assert target.high is not None
        return _lower_is_good(target.high, lower, upper)
    return None  # neutral with a point or a range: the target does not say which side is good
