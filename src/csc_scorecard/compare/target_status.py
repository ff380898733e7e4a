"""Target status, RAG and position against comparators, read with the measure's polarity.

Not to be confused with `csc_scorecard.config.targets`, which parses what the council wrote; this
module says what a value means against it.

Target shapes (see docs/signals.md for the full table):

* point 85: higher is better → at least 85 is on target; lower is better → at most 85;
* range [85, 90]: higher is better → from 85 to 90 on target, above 90 "exceeding", below 85 off
  target; lower is better mirrors it (below 85 exceeding, above 90 off target);
* band {band = [20, 24]}: inside on target, outside off target on either side, whatever the polarity;
* bound "<7" / ">65" (and "<=7", ">=65"): read by its own direction, whatever the polarity; `<` and
  `>` exclude the number itself.

A neutral measure with a point or range target is "not_judged": the target does not say which side
is good. RAG: green on target (or exceeding), amber off target by no more than the tolerance, red
beyond it. Every RAG value has a text label so colour is never the only signal.

Units: values and targets must be in the same units; `target_in_value_units` converts a target as
the council wrote it (85 for 85%) to the engine's fractions (0.85).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

from csc_scorecard.compare.trend import DEFAULT_BAND, Direction, NoChangeBand, classify_changes
from csc_scorecard.config.targets import Polarity, Target, TargetKind

# A tolerance edge grows by this relative amount so that 0.85 − 0.80 (0.04999999999999993 in binary)
# is still within a 5-point tolerance.
_EDGE = 1e-9


class TargetStatus(StrEnum):
    ON_TARGET = "on_target"
    EXCEEDING = "exceeding"  # beyond the good end of a range: never a failure
    OFF_TARGET = "off_target"
    NOT_JUDGED = "not_judged"  # neutral measure with a point or range target
    NO_TARGET = "no_target"
    NO_VALUE = "no_value"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    TargetStatus.ON_TARGET: "On target",
    TargetStatus.EXCEEDING: "Exceeding target",
    TargetStatus.OFF_TARGET: "Off target",
    TargetStatus.NOT_JUDGED: "Not judged (context measure)",
    TargetStatus.NO_TARGET: "No target",
    TargetStatus.NO_VALUE: "No value",
}


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        return _RAG_LABELS[self]


_RAG_LABELS = {
    Rag.GREEN: "Green: on target",
    Rag.AMBER: "Amber: off target, within tolerance",
    Rag.RED: "Red: off target, beyond tolerance",
}


class Tolerance(Protocol):
    """What RAG needs from a tolerance; `csc_scorecard.config.model.RagTolerance` is one."""

    @property
    def amount(self) -> float: ...

    @property
    def basis(self) -> str: ...


@dataclass(frozen=True, slots=True)
class RagTolerance:
    """A tolerance for callers without a configuration: 5, "auto" (the configuration's default)."""

    amount: float = 5.0
    basis: str = "auto"


DEFAULT_TOLERANCE = RagTolerance()


def target_in_value_units(target: Target, unit: str, *, percent_point: float = 0.01) -> Target:
    """A target as written (85 = 85%) in the values' units: 0.85 when percentages are fractions.

    Divides by 1 / percent_point (100) rather than multiplying by 0.01, so that 85 becomes exactly the
    float 0.85 that 17 / 20 gives: a value exactly on its target must read as on target.
    """
    if unit != "percent" or percent_point == 1:
        return target
    per_unit = round(1 / percent_point, 9)

    def convert(number: float | None) -> float | None:
        return None if number is None else number / per_unit

    return target.model_copy(update={"low": convert(target.low), "high": convert(target.high)})


def target_statuses(
    values: ArrayLike, target: Target | None, *, polarity: str
) -> tuple[NDArray[np.str_], NDArray[np.float64], NDArray[np.float64]]:
    """Status, shortfall and missed edge for an array of values against one target.

    The shortfall is how far a value is on the wrong side of the edge it misses (0 on an excluded
    bound's number itself); the edge is that target number. Both are NaN unless off target.
    """
    v = np.asarray(values, dtype=np.float64)
    nan = np.full(v.shape, np.nan)
    if target is None:
        return np.full(v.shape, TargetStatus.NO_TARGET.value).astype(np.str_), nan, nan.copy()
    low = np.nan if target.low is None else target.low
    high = np.nan if target.high is None else target.high
    below, above = v < low, v > high  # False where that side is open (NaN)
    good, exceeding = np.zeros(v.shape, dtype=bool), np.zeros(v.shape, dtype=bool)
    short_below, short_above = below, above  # which misses give a shortfall, and on which side
    if target.kind is TargetKind.BAND:
        good = ~below & ~above
    elif target.kind is TargetKind.BOUND:
        if target.high is not None:
            good = v <= high if target.high_inclusive else v < high
            short_below, short_above = np.zeros(v.shape, dtype=bool), ~good
        else:
            good = v >= low if target.low_inclusive else v > low
            short_below, short_above = ~good, np.zeros(v.shape, dtype=bool)
    else:
        direction = Polarity(polarity)
        if direction is Polarity.NEUTRAL:
            status = np.full(v.shape, TargetStatus.NOT_JUDGED.value)
            status[np.isnan(v)] = TargetStatus.NO_VALUE.value
            return status.astype(np.str_), nan, nan.copy()
        # A point target has no far end: beyond it on the good side is simply on target.
        is_range = target.kind is TargetKind.RANGE
        if direction is Polarity.HIGHER_IS_BETTER:
            good, exceeding = ~below, above & is_range
            short_above = np.zeros(v.shape, dtype=bool)
        else:
            good, exceeding = ~above, below & is_range
            short_below = np.zeros(v.shape, dtype=bool)
    missing = np.isnan(v)
    status = np.select(
        [missing, exceeding, good],
        [TargetStatus.NO_VALUE.value, TargetStatus.EXCEEDING.value, TargetStatus.ON_TARGET.value],
        default=TargetStatus.OFF_TARGET.value,
    )
    off = status == TargetStatus.OFF_TARGET.value
    shortfall = np.where(off & short_below, low - v, np.where(off & short_above, v - high, np.nan))
    edge = np.where(off & short_below, low, np.where(off & short_above, high, np.nan))
    return status.astype(np.str_), shortfall, edge


def tolerance_width(
    tolerance: Tolerance, unit: str, edge: ArrayLike, *, percent_point: float = 0.01
) -> NDArray[np.float64]:
    """The amber zone's width in the values' units, beyond the target edge that is missed.

    "points": the amount in the indicator's own units (percentage points for a percentage);
    "relative": the amount as a percent of the edge; "auto": points for percentages, relative otherwise.
    """
    reference = np.abs(np.asarray(edge, dtype=np.float64))
    basis = str(tolerance.basis)
    if basis == "auto":
        basis = "points" if unit == "percent" else "relative"
    if basis == "points":
        per_point = percent_point if unit == "percent" else 1.0
        return np.full(reference.shape, tolerance.amount * per_point)
    if basis == "relative":
        return tolerance.amount / 100 * reference
    raise ValueError(f"tolerance basis must be 'auto', 'points' or 'relative'; found {basis!r}")


def rag_ratings(status: ArrayLike, shortfall: ArrayLike, width: ArrayLike) -> NDArray[np.str_]:
    """RAG values ("" when there is no rating: no target, no value, not judged)."""
    s = np.asarray(status)
    within = (
        np.asarray(shortfall, dtype=np.float64) <= np.asarray(width, dtype=np.float64) * (1 + _EDGE) + 1e-12
    )
    is_good = (s == TargetStatus.ON_TARGET.value) | (s == TargetStatus.EXCEEDING.value)
    is_off = s == TargetStatus.OFF_TARGET.value
    rag = np.select(
        [is_good, is_off & within, is_off], [Rag.GREEN.value, Rag.AMBER.value, Rag.RED.value], default=""
    )
    return rag.astype(np.str_)


@dataclass(frozen=True, slots=True)
class TargetReading:
    """One value read against its target."""

    status: TargetStatus
    rag: Rag | None
    shortfall: float | None  # how far on the wrong side of `missed_edge`, when off target
    missed_edge: float | None

    @property
    def label(self) -> str:
        """Text that never relies on colour, e.g. 'Amber: off target, within tolerance'."""
        return self.rag.label if self.rag is not None else self.status.label


def read_target(
    value: float | None,
    target: Target | None,
    *,
    polarity: str,
    unit: str,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
    percent_point: float = 0.01,
) -> TargetReading:
    """Target status and RAG for one value; `target` in the value's units (see `target_in_value_units`).

    >>> from csc_scorecard.config.targets import parse_target_value
    >>> read_target(82, parse_target_value(85), polarity="higher_is_better", unit="percent", percent_point=1).label
    'Amber: off target, within tolerance'
    >>> read_target(93, parse_target_value([85, 90]), polarity="higher_is_better", unit="percent", percent_point=1).status.value
    'exceeding'
    """
    v = np.array([np.nan if value is None else float(value)])
    status, shortfall, edge = target_statuses(v, target, polarity=polarity)
    width = tolerance_width(tolerance, unit, edge, percent_point=percent_point)
    rag = rag_ratings(status, shortfall, width)[0]
    return TargetReading(
        status=TargetStatus(str(status[0])),
        rag=Rag(str(rag)) if rag else None,
        shortfall=None if np.isnan(shortfall[0]) else float(shortfall[0]),
        missed_edge=None if np.isnan(edge[0]) else float(edge[0]),
    )


class Position(StrEnum):
    """Where a value stands against a comparator (England, region, neighbours, a named group)."""

    BETTER = "better"
    SIMILAR = "similar"  # within the no-change band
    WORSE = "worse"
    HIGHER = "higher"  # neutral measures: described, not judged
    LOWER = "lower"
    NOT_COMPARABLE = "not_comparable"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


_POSITION_FOR_DIRECTION = {
    Direction.IMPROVING.value: Position.BETTER.value,
    Direction.WORSENING.value: Position.WORSE.value,
    Direction.NO_CHANGE.value: Position.SIMILAR.value,
    Direction.UP.value: Position.HIGHER.value,
    Direction.DOWN.value: Position.LOWER.value,
    Direction.NOT_COMPARABLE.value: Position.NOT_COMPARABLE.value,
}


def comparator_positions(
    values: ArrayLike,
    comparators: ArrayLike,
    *,
    polarity: str,
    unit: str,
    band: NoChangeBand = DEFAULT_BAND,
    percent_point: float = 0.01,
) -> NDArray[np.str_]:
    """Position values for arrays of our values and a comparator's values (element-wise).

    "Similar" uses the direction-of-travel band, measured from the comparator: within 1 percentage
    point for percentages, within 2% of the comparator's value for counts and rates.
    """
    directions = classify_changes(
        values, comparators, polarity=polarity, unit=unit, band=band, percent_point=percent_point
    )
    return (
        np.vectorize(_POSITION_FOR_DIRECTION.__getitem__, otypes=[np.str_])(directions)
        if directions.size
        else directions
    )


def comparator_position(
    value: float | None,
    comparator: float | None,
    *,
    polarity: str,
    unit: str,
    band: NoChangeBand = DEFAULT_BAND,
    percent_point: float = 0.01,
) -> Position:
    """Position for one value against one comparator.

    >>> comparator_position(0.30, 0.22, polarity="lower_is_better", unit="percent").value
    'worse'
    """
    v = [np.nan if value is None else value]
    c = [np.nan if comparator is None else comparator]
    return Position(
        str(
            comparator_positions(v, c, polarity=polarity, unit=unit, band=band, percent_point=percent_point)[
                0
            ]
        )
    )
