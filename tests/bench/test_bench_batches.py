"""The rule both the engine and the bench's pandas baseline cut councils into batches by.

Councils are added in order while the batch's running total stays within the limit; a council over
the limit alone is a batch of one. The expectations are worked by hand, and a total equal to the limit
is in the examples, so reading "within" as "below" (`>=` for `>`) fails.
"""

from __future__ import annotations

from csc_scorecard.engine.batches import batches_by_rows


def test_a_batch_takes_councils_while_the_total_stays_within_the_limit():
    rows = {"A": 4, "B": 5, "C": 3, "D": 9}
    # A (4) + B (5) = 9, exactly the limit: one batch. + C would be 12: C starts the next,
    # and C (3) + D (9) = 12 does not fit either, so D (exactly the limit on its own) is a batch.
    assert batches_by_rows(rows, 9) == (("A", "B"), ("C",), ("D",))
    # One row less and A + B no longer fits; C + D = 12 still does not.
    assert batches_by_rows(rows, 8) == (("A",), ("B", "C"), ("D",))
    # Everything within the limit: one batch, in council order.
    assert batches_by_rows(rows, 21) == (("A", "B", "C", "D"),)
    assert batches_by_rows(rows, 20) == (("A", "B", "C"), ("D",))


def test_a_council_over_the_limit_is_a_batch_of_one():
    rows = {"A": 2, "B": 30, "C": 1, "D": 0}
    # B alone exceeds 10 but is never split; C and D (no rows) go together after it.
    assert batches_by_rows(rows, 10) == (("A",), ("B",), ("C", "D"))


def test_council_order_is_kept_and_nothing_is_an_empty_batch():
    assert batches_by_rows({"Z": 3, "A": 3, "M": 3}, 6) == (("Z", "A"), ("M",))
    assert batches_by_rows({}, 10) == ()
