"""kinds.key_states: each key's counters at every month they change, and their values just before.

The counters are packed three to an integer word before the per-key running sums, so these examples
put changes of several counters of one word in the same month (a -1 of one beside a +1 of another,
which borrows across the packed fields), counters that reach 2 and 3, a counter in a second word,
and changes before the first month and after the last.
"""

from __future__ import annotations

import ibis
import pytest

from csc_scorecard.engine import kinds
from csc_scorecard.engine.views import StateView

COUNTERS = ("a", "b", "c", "d")  # a, b, c share the first word; d is alone in the second


@pytest.fixture(scope="module")
def backend() -> ibis.BaseBackend:
    return ibis.duckdb.connect()


def _states(backend: ibis.BaseBackend, changes: list[tuple[str, int, str, int]]) -> list[dict]:
    table = ibis.memtable(
        {
            "council": ["C"] * len(changes),
            "person_id": [c[0] for c in changes],
            "month": [c[1] for c in changes],
            "counter": [c[2] for c in changes],
            "change": [c[3] for c in changes],
        },
        schema=ibis.schema(
            {
                "council": "string",
                "person_id": "string",
                "month": "int64",
                "counter": "string",
                "change": "int64",
            }
        ),
    )
    view = StateView(("person_id",), COUNTERS, table)
    states = kinds.key_states(view, first_month=10, last_month=13)
    columns = ["person_id", "month", *COUNTERS, *(f"{c}__before" for c in COUNTERS)]
    frame = backend.to_pyarrow(states.select(*columns).order_by(["person_id", "month"])).to_pylist()
    return frame


def test_counters_in_one_word_change_in_the_same_month(backend: ibis.BaseBackend) -> None:
    changes = [
        # a: one interval before the first month (both changes carried into month 10: net 0),
        # two intervals from 10 (a = 2), one ends at 12 (a = 1), the other at 14 (after the last month)
        ("P1", 5, "a", 1),
        ("P1", 7, "a", -1),
        ("P1", 10, "a", 1),
        ("P1", 10, "a", 1),
        ("P1", 12, "a", -1),
        ("P1", 14, "a", -1),
        # b open in month 10 only; c opens in month 11 as b closes: -1 and +1 in one word, one month
        ("P1", 10, "b", 1),
        ("P1", 11, "b", -1),
        ("P1", 11, "c", 1),
        ("P1", 12, "c", -1),
        # d, in the second word, opens in month 12 and never closes
        ("P1", 12, "d", 1),
        # P2: a reaches 3 in month 11 while c falls from 1 to 0 in the same word
        ("P2", 10, "c", 1),
        ("P2", 11, "a", 1),
        ("P2", 11, "a", 1),
        ("P2", 11, "a", 1),
        ("P2", 11, "c", -1),
    ]
    rows = _states(backend, changes)
    # Worked by hand: a row per person and month with a change (month 14 is past the last month).
    #            a  b  c  d  | before: a  b  c  d
    expected = [
        ("P1", 10, 2, 1, 0, 0, 0, 0, 0, 0),  # a: +1 -1 (carried) +1 +1 = 2; b +1
        ("P1", 11, 2, 0, 1, 0, 2, 1, 0, 0),  # b 1 -> 0, c 0 -> 1
        ("P1", 12, 1, 0, 0, 1, 2, 0, 1, 0),  # a 2 -> 1, c 1 -> 0, d 0 -> 1
        ("P2", 10, 0, 0, 1, 0, 0, 0, 0, 0),
        ("P2", 11, 3, 0, 0, 0, 0, 0, 1, 0),  # a 0 -> 3 beside c 1 -> 0
    ]
    assert [tuple(r.values()) for r in rows] == expected


def test_a_key_with_no_change_in_range_has_no_row(backend: ibis.BaseBackend) -> None:
    # Both changes after the last month (13): nothing to report for P3.
    rows = _states(backend, [("P3", 14, "a", 1), ("P3", 15, "a", -1), ("P4", 13, "d", 1)])
    assert [(r["person_id"], r["month"], r["d"], r["d__before"]) for r in rows] == [("P4", 13, 1, 0)]
