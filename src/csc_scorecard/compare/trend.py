"""Direction of travel: the change from an earlier value and whether it is better, worse or no change.

The earlier value is named by a basis: the previous period (default) or the same month a year
earlier. Changes smaller than a no-change band are "no change", so arrows do not flip on noise:

* percentages: under 1 percentage point;
* counts, rates, days and averages: under 2% of the earlier value.

Polarity turns a move into improving or worsening; a neutral (context) measure shows "up" or "down"
without judging it.

Units: every function here takes values and the band in the values' own units. For a percentage,
`percent_point` says how big one percentage point is in those units: 0.01 when percentages are
fractions (as the engine stores them, 0.62 for 62%), 1 when they are written 0-100.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from csc_scorecard.config.targets import Polarity

# A band edge shrinks by this relative amount, so a change of exactly one percentage point computed
# in binary floating point (0.85 − 0.84 = 0.0100000000000000089) still counts as a move.
_EDGE = 1e-9


class TrendBasis(StrEnum):
    """What the latest value is compared with."""

    PREVIOUS_PERIOD = "previous_period"
    PREVIOUS_YEAR = "previous_year"  # the same month a year earlier


class Direction(StrEnum):
    """The direction of travel. Judged for measures with a polarity, described for neutral ones."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    UP = "up"  # neutral measures
    DOWN = "down"
    NOT_COMPARABLE = "not_comparable"  # a value is missing

    @property
    def label(self) -> str:
        return _DIRECTION_LABELS[self]


_DIRECTION_LABELS = {
    Direction.IMPROVING: "Improving",
    Direction.WORSENING: "Worsening",
    Direction.NO_CHANGE: "No change",
    Direction.UP: "Up",
    Direction.DOWN: "Down",
    Direction.NOT_COMPARABLE: "Not comparable",
}


@dataclass(frozen=True, slots=True)
class NoChangeBand:
    """How small a change is "no change".

    Attributes:
        percentage_points: for percentages, changes under this many percentage points.
        relative: for everything else, changes under this fraction of the earlier value (0.02 = 2%).
    """

    percentage_points: float = 1.0
    relative: float = 0.02


DEFAULT_BAND = NoChangeBand()


def band_width(
    unit: str, earlier: ArrayLike, *, band: NoChangeBand = DEFAULT_BAND, percent_point: float = 0.01
) -> NDArray[np.float64]:
    """The no-change band around `earlier` in the values' units (element-wise)."""
    reference = np.abs(np.asarray(earlier, dtype=np.float64))
    if unit == "percent":
        return np.full(reference.shape, band.percentage_points * percent_point)
    return band.relative * reference


def classify_changes(
    current: ArrayLike,
    earlier: ArrayLike,
    *,
    polarity: str,
    unit: str,
    band: NoChangeBand = DEFAULT_BAND,
    percent_point: float = 0.01,
) -> NDArray[np.str_]:
    """Direction values for arrays of current and earlier values of one measure.

    A change strictly smaller than the band is no change; exactly on the band is a move. When the
    earlier value is 0 the relative band is 0, so any change is a move.
    """
    now = np.asarray(current, dtype=np.float64)
    before = np.asarray(earlier, dtype=np.float64)
    change = now - before
    width = band_width(unit, before, band=band, percent_point=percent_point) * (1 - _EDGE)
    missing = ~(np.isfinite(now) & np.isfinite(before))
    still = np.abs(change) < width
    # Exactly equal values are no change even when the band is zero.
    still |= change == 0
    up = change > 0
    direction = Polarity(polarity)
    if direction is Polarity.NEUTRAL:
        moved_up, moved_down = Direction.UP.value, Direction.DOWN.value
    elif direction is Polarity.HIGHER_IS_BETTER:
        moved_up, moved_down = Direction.IMPROVING.value, Direction.WORSENING.value
    else:
        moved_up, moved_down = Direction.WORSENING.value, Direction.IMPROVING.value
    labels = np.select(
        [missing, still, up],
        [Direction.NOT_COMPARABLE.value, Direction.NO_CHANGE.value, moved_up],
        default=moved_down,
    )
    return labels.astype(np.str_)


@dataclass(frozen=True, slots=True)
class Travel:
    """One value's direction of travel against one basis."""

    basis: TrendBasis
    earlier: float | None
    change: float | None
    direction: Direction


def direction_of_travel(
    current: float | None,
    earlier: float | None,
    *,
    polarity: str,
    unit: str,
    basis: TrendBasis = TrendBasis.PREVIOUS_PERIOD,
    band: NoChangeBand = DEFAULT_BAND,
    percent_point: float = 0.01,
) -> Travel:
    """The change and direction for one value.

    >>> direction_of_travel(0.62, 0.60, polarity="higher_is_better", unit="percent").direction.value
    'improving'
    >>> direction_of_travel(101, 100, polarity="lower_is_better", unit="count").direction.value
    'no_change'
    >>> direction_of_travel(120, 100, polarity="neutral", unit="count").direction.value
    'up'
    """
    now = np.nan if current is None else float(current)
    before = np.nan if earlier is None else float(earlier)
    label = classify_changes(
        [now], [before], polarity=polarity, unit=unit, band=band, percent_point=percent_point
    )[0]
    change = now - before
    return Travel(
        basis=basis,
        earlier=None if np.isnan(before) else before,
        change=None if np.isnan(change) else change,
        direction=Direction(str(label)),
    )
