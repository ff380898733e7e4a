"""SPC settings and the closed vocabularies of the signals stage (chart, point type, icons, outcome).

Every rule length, the screening switch and the baseline are named here with today's NHS England
"Making Data Count" (MDC) defaults, and every `SpcResult` carries the `SpcSettings` it was made with,
so a reader can always tell which rules produced an icon.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum


class Chart(StrEnum):
    """Which control chart a series gets (chosen from the catalogue's unit and period basis)."""

    XMR = "xmr"  # individuals chart: counts, rates, averages (and percentages without a denominator)
    P = "p"  # proportion chart: limits per point from that point's denominator
    NONE = "none"  # rolling, year-to-date and quarterly series: overlapping windows, no SPC


class SpcOutcome(StrEnum):
    """Whether a series was judged, and if not, why not."""

    ASSESSED = "assessed"
    TOO_FEW_POINTS = "too_few_points"  # fewer than `SpcSettings.minimum_points`
    SMALL_DENOMINATORS = "small_denominators"  # p-chart: median denominator under the minimum
    NOT_SUITABLE = "not_suitable"  # the catalogue says no SPC for this period basis

    @property
    def too_few_to_judge(self) -> bool:
        return self in (SpcOutcome.TOO_FEW_POINTS, SpcOutcome.SMALL_DENOMINATORS)


class PointType(StrEnum):
    """The MDC classification of one point (NHSRplotthedots `point_type`)."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "special_cause_improvement"
    CONCERN = "special_cause_concern"
    NEUTRAL_HIGH = "special_cause_neutral_high"  # neutral measures: unusual, but neither good nor bad
    NEUTRAL_LOW = "special_cause_neutral_low"


class SpecialCauseRule(StrEnum):
    """The rule that labels a special-cause point; when several fire, the first in this order wins."""

    OUTSIDE_LIMITS = "outside_limits"
    TREND = "trend"
    TWO_IN_THREE = "two_in_three"
    SHIFT = "shift"


class VariationIcon(StrEnum):
    """The MDC variation icon, read from the latest point; high/low says which side it is on."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEITHER_HIGH = "neither_high"  # neutral measures
    NEITHER_LOW = "neither_low"

    @property
    def label(self) -> str:
        return _VARIATION_LABELS[self]


_VARIATION_LABELS = {
    VariationIcon.COMMON_CAUSE: "Common cause variation",
    VariationIcon.IMPROVEMENT_HIGH: "Special cause variation: improving (higher)",
    VariationIcon.IMPROVEMENT_LOW: "Special cause variation: improving (lower)",
    VariationIcon.CONCERN_HIGH: "Special cause variation: concerning (higher)",
    VariationIcon.CONCERN_LOW: "Special cause variation: concerning (lower)",
    VariationIcon.NEITHER_HIGH: "Special cause variation: higher (neither good nor bad)",
    VariationIcon.NEITHER_LOW: "Special cause variation: lower (neither good nor bad)",
}


class AssuranceIcon(StrEnum):
    """The MDC assurance icon: will the process meet its target, judged from the control limits."""

    CONSISTENTLY_PASSES = "consistently_passes"
    CONSISTENTLY_FAILS = "consistently_fails"
    HIT_AND_MISS = "hit_and_miss"

    @property
    def label(self) -> str:
        return _ASSURANCE_LABELS[self]


_ASSURANCE_LABELS = {
    AssuranceIcon.CONSISTENTLY_PASSES: "Will consistently meet the target",
    AssuranceIcon.CONSISTENTLY_FAILS: "Will consistently miss the target",
    AssuranceIcon.HIT_AND_MISS: "Hit and miss: will sometimes meet the target",
}


@dataclass(frozen=True, slots=True)
class SpcSettings:
    """The SPC rules as named parameters. Defaults are the MDC defaults as of 2024.

    Attributes:
        limit_factor: XmR process limits are mean ± limit_factor × mean moving range (3 / d2 = 2.66).
        p_chart_sigmas: p-chart limits are p̄ ± this many binomial standard errors.
        near_limit_fraction: the "2-sigma" line sits at this fraction of the way to the process limit.
        shift_length: a run of this many points on one side of the mean is special cause.
        trend_length: this many points each strictly above (or below) the one before is special cause.
        two_in_three_counts_beyond_limits: MDC (since November 2023) counts every point beyond the
            2-sigma line in the two-in-three rule, including those beyond the process limits;
            NHSRplotthedots 0.2.2 and abspc count only points between the 2- and 3-sigma lines (False).
        screen_moving_ranges: drop moving ranges of at least `screen_factor` × the mean moving range
            and recompute the mean (NHSRplotthedots default); the MDC Excel tools do not screen.
        screen_factor: D4 for subgroups of two.
        baseline_points: limits from the first N points, extended forward; None uses every point.
        minimum_points: fewer points than this is "too few to judge" (MDC: limits from fewer than 12
            points are trial limits).
        minimum_median_denominator: a p-chart whose median denominator is under this is "too few to
            judge": the binomial limits are too wide to say anything.
        proportion_chart: the chart for percentages with a denominator: "p" or "xmr".
    """

    limit_factor: float = 2.66
    p_chart_sigmas: float = 3.0
    near_limit_fraction: float = 2 / 3
    shift_length: int = 7
    trend_length: int = 7
    two_in_three_counts_beyond_limits: bool = True
    screen_moving_ranges: bool = False
    screen_factor: float = 3.267
    baseline_points: int | None = None
    minimum_points: int = 12
    minimum_median_denominator: float = 20.0
    proportion_chart: Chart = Chart.P

    def __post_init__(self) -> None:
        if self.shift_length < 2 or self.trend_length < 3:
            raise ValueError(
                f"shift_length must be at least 2 and trend_length at least 3; found {self.shift_length} and {self.trend_length}"
            )
        if self.baseline_points is not None and self.baseline_points < 2:
            raise ValueError(
                f"baseline_points must be at least 2 (or None for every point); found {self.baseline_points}"
            )
        if self.proportion_chart not in (Chart.P, Chart.XMR):
            raise ValueError(f"proportion_chart must be 'p' or 'xmr'; found {self.proportion_chart!r}")
        if not 0 < self.near_limit_fraction < 1:
            raise ValueError(f"near_limit_fraction must be between 0 and 1; found {self.near_limit_fraction}")

    def to_json(self) -> str:
        """The settings as compact JSON: recorded beside every SPC answer."""
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))
