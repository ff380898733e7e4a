"""SPC for one series: choose the chart, compute limits, run the rules, read the icons.

    >>> import numpy as np
    >>> values = np.array([50.0, 52, 48, 51, 49, 50, 53, 47, 50, 52, 48, 51, 75])
    >>> result = spc_series(values, polarity="higher_is_better")
    >>> result.variation.value, str(result.rule[-1])
    ('improvement_high', 'outside_limits')

A series is the points of one (council, ref, breakdown) in time order with missing months dropped;
values are in the results table's own units (percentages as the engine stores them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from csc_scorecard.config.targets import Polarity, Target
from csc_scorecard.signals.icons import assurance_icon, variation_icon
from csc_scorecard.signals.limits import Floats, Limits, p_chart_limits, xmr_limits
from csc_scorecard.signals.rules import Bools, Signs, apply_rules, point_types
from csc_scorecard.signals.settings import AssuranceIcon, Chart, SpcOutcome, SpcSettings, VariationIcon

DEFAULT_SETTINGS = SpcSettings()

MONTH_END_NOTE = (
    "month-end snapshot: successive months share most of their children, so runs and trends "
    "signal more often than for monthly counts; read run and trend signals with care"
)
_NO_SPC_BASES = {
    "rolling_12_months": "rolling 12-month figures overlap month to month, so SPC rules do not apply",
    "financial_year_to_date": "year-to-date figures accumulate month to month, so SPC rules do not apply",
    "quarter": "quarterly figures repeat for three months, so SPC rules do not apply",
}


def improvement_direction(polarity: str) -> int:
    """+1 when higher is better, −1 when lower is better, 0 for a neutral measure."""
    return {Polarity.HIGHER_IS_BETTER: 1, Polarity.LOWER_IS_BETTER: -1, Polarity.NEUTRAL: 0}[
        Polarity(polarity)
    ]


@dataclass(frozen=True, slots=True)
class ChartChoice:
    chart: Chart
    note: str = ""


def choose_chart(
    *,
    unit: str,
    period_basis: str,
    spc_allowed: bool = True,
    has_denominators: bool = False,
    settings: SpcSettings = DEFAULT_SETTINGS,
) -> ChartChoice:
    """The chart for a catalogue entry: none for rolling, YTD and quarterly series; p-chart for a
    percentage with denominators (unless settings say XmR); XmR for everything else.

    `spc_allowed` is the catalogue's SPC field (`Indicator.spc`); month-end stocks get a note.
    """
    if period_basis in _NO_SPC_BASES:
        return ChartChoice(Chart.NONE, _NO_SPC_BASES[period_basis])
    if not spc_allowed:
        return ChartChoice(Chart.NONE, "the catalogue marks this series as unsuitable for SPC")
    note = MONTH_END_NOTE if period_basis == "month_end" else ""
    if unit == "percent" and has_denominators:
        return ChartChoice(settings.proportion_chart, note)
    return ChartChoice(Chart.XMR, note)


def _frozen(array: NDArray) -> NDArray:
    array = np.array(array, copy=True)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, slots=True)
class SpcResult:
    """SPC for one series: per-point limits and flags, and the icons.

    The per-point arrays are read-only and as long as `values`. When `outcome` is not ASSESSED the
    limits are NaN, no point is flagged and both icons are None.
    """

    chart: Chart
    outcome: SpcOutcome
    settings: SpcSettings
    values: Floats
    mean: Floats
    upper: Floats
    lower: Floats
    upper_near: Floats
    lower_near: Floats
    outside_limits: Bools
    trend: Bools
    two_in_three: Bools
    shift: Bools
    direction: Signs  # +1 special cause high, −1 low, 0 common cause
    rule: NDArray[np.str_]  # the rule that labels each point ("" for common cause)
    point_type: NDArray[np.str_]  # PointType values ("" when not assessed)
    variation: VariationIcon | None
    assurance: AssuranceIcon | None
    baseline_points: int
    note: str = ""
    mean_moving_range: float | None = field(default=None)

    @property
    def special_cause(self) -> Bools:
        return np.asarray(self.direction != 0, dtype=np.bool_)

    @property
    def too_few_to_judge(self) -> bool:
        return self.outcome.too_few_to_judge


def not_assessed(
    values: Floats, chart: Chart, outcome: SpcOutcome, settings: SpcSettings, note: str
) -> SpcResult:
    """An SpcResult that says why the series was not judged."""
    n = values.size
    missing = _frozen(np.full(n, np.nan))
    none = _frozen(np.zeros(n, dtype=bool))
    return SpcResult(
        chart=chart,
        outcome=outcome,
        settings=settings,
        values=_frozen(values),
        mean=missing,
        upper=missing,
        lower=missing,
        upper_near=missing,
        lower_near=missing,
        outside_limits=none,
        trend=none,
        two_in_three=none,
        shift=none,
        direction=_frozen(np.zeros(n, dtype=np.int8)),
        rule=_frozen(np.full(n, "", dtype=np.str_)),
        point_type=_frozen(np.full(n, "", dtype=np.str_)),
        variation=None,
        assurance=None,
        baseline_points=0,
        note=note,
    )


def spc_series(
    values: Sequence[float] | Floats,
    *,
    polarity: str,
    chart: Chart = Chart.XMR,
    denominators: Sequence[float] | Floats | None = None,
    target: Target | None = None,
    settings: SpcSettings = DEFAULT_SETTINGS,
    scale: float = 1.0,
    note: str = "",
) -> SpcResult:
    """SPC for one series of values in time order (no missing values: drop missing months first).

    Args:
        values: the series, oldest first.
        polarity: "higher_is_better", "lower_is_better" or "neutral".
        chart: Chart.XMR, Chart.P (needs `denominators`) or Chart.NONE (nothing is judged).
        denominators: each point's denominator, for a p-chart.
        target: the current target, in the same units as `values`, for the assurance icon.
        settings: rule lengths, screening and baseline (recorded in the result).
        scale: what a proportion of 1 is in `values` (1 for fractions, 100 for percentages); p-chart only.
        note: carried into the result (e.g. the month-end caution from `choose_chart`).
    """
    series = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(series)):
        raise ValueError("spc_series needs a series without missing values: drop missing months first")
    if chart is Chart.NONE:
        return not_assessed(series, chart, SpcOutcome.NOT_SUITABLE, settings, note)
    if series.size < settings.minimum_points:
        why = f"too few to judge: {series.size} points, SPC needs at least {settings.minimum_points}"
        return not_assessed(series, chart, SpcOutcome.TOO_FEW_POINTS, settings, _join(why, note))
    if chart is Chart.P:
        if denominators is None:
            raise ValueError("a p-chart needs each point's denominator")
        sizes = np.asarray(denominators, dtype=np.float64)
        if sizes.shape != series.shape or not np.all(sizes > 0):
            raise ValueError("p-chart denominators must be positive, one per value")
        median = float(np.median(sizes))
        if median < settings.minimum_median_denominator:
            why = f"too few to judge: median denominator {median:g}, a p-chart needs at least {settings.minimum_median_denominator:g}"
            return not_assessed(series, chart, SpcOutcome.SMALL_DENOMINATORS, settings, _join(why, note))
        limits = p_chart_limits(series, sizes, settings, scale=scale)
    else:
        limits = xmr_limits(series, settings)
    return _assessed(series, chart, limits, polarity, target, settings, note)


def _assessed(
    series: Floats,
    chart: Chart,
    limits: Limits,
    polarity: str,
    target: Target | None,
    settings: SpcSettings,
    note: str,
) -> SpcResult:
    flags = apply_rules(series, limits, settings)
    types = point_types(flags.direction, improvement_direction(polarity))
    return SpcResult(
        chart=chart,
        outcome=SpcOutcome.ASSESSED,
        settings=settings,
        values=_frozen(series),
        mean=_frozen(limits.mean),
        upper=_frozen(limits.upper),
        lower=_frozen(limits.lower),
        upper_near=_frozen(limits.upper_near),
        lower_near=_frozen(limits.lower_near),
        outside_limits=_frozen(flags.outside_limits),
        trend=_frozen(flags.trend),
        two_in_three=_frozen(flags.two_in_three),
        shift=_frozen(flags.shift),
        direction=_frozen(flags.direction),
        rule=_frozen(flags.rule),
        point_type=_frozen(types),
        # MDC: the variation icon describes the latest point, not the latest signal.
        variation=variation_icon(str(types[-1]), int(flags.direction[-1])),
        # The latest point's limits: for a p-chart they step with the denominator.
        assurance=assurance_icon(target, polarity, float(limits.lower[-1]), float(limits.upper[-1])),
        baseline_points=limits.baseline_points,
        note=note,
        mean_moving_range=limits.mean_moving_range,
    )


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)
