"""Property tests: the vectorised rules against plain loops written straight from the rule text, and
direction of travel mirrored by polarity."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from csc_scorecard.compare.trend import classify_changes
from csc_scorecard.signals.rules import in_long_run, shift, trend

small_series = st.lists(st.integers(min_value=0, max_value=4), min_size=0, max_size=40)


def naive_runs(flags: list[bool], length: int) -> list[bool]:
    """Mark every window of `length` Trues, one window at a time."""
    out = [False] * len(flags)
    for start in range(len(flags) - length + 1):
        if all(flags[start : start + length]):
            for i in range(start, start + length):
                out[i] = True
    return out


@given(st.lists(st.booleans(), max_size=50), st.integers(min_value=1, max_value=8))
def test_in_long_run_matches_a_sliding_window(flags: list[bool], length: int) -> None:
    assert in_long_run(np.array(flags, dtype=bool), length).tolist() == naive_runs(flags, length)


@given(small_series, st.integers(min_value=2, max_value=9))
def test_shift_matches_a_sliding_window(values: list[int], length: int) -> None:
    above = [v > 2 for v in values]
    below = [v < 2 for v in values]
    expected = [a or b for a, b in zip(naive_runs(above, length), naive_runs(below, length), strict=True)]
    got = shift(np.array(values, dtype=float), np.full(len(values), 2.0), length)
    assert got.tolist() == expected


@given(small_series, st.integers(min_value=3, max_value=8))
def test_trend_matches_a_sliding_window(values: list[int], length: int) -> None:
    expected = [False] * len(values)
    for start in range(len(values) - length + 1):
        window = values[start : start + length]
        steps = [b - a for a, b in itertools.pairwise(window)]
        if all(s > 0 for s in steps) or all(s < 0 for s in steps):
            for i in range(start, start + length):
                expected[i] = True
    got, direction = trend(np.array(values, dtype=float), length)
    assert got.tolist() == expected
    assert ((direction != 0) == got).all()


@given(
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.floats(min_value=0, max_value=1, allow_nan=False),
)
def test_percentage_direction_mirrors_with_polarity_and_order(now: float, before: float) -> None:
    higher = classify_changes([now], [before], polarity="higher_is_better", unit="percent")[0]
    lower = classify_changes([now], [before], polarity="lower_is_better", unit="percent")[0]
    swapped = classify_changes([before], [now], polarity="higher_is_better", unit="percent")[0]
    mirror = {"improving": "worsening", "worsening": "improving", "no_change": "no_change"}
    assert lower == mirror[str(higher)]
    assert swapped == mirror[str(higher)]
