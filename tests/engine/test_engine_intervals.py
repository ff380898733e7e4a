"""engine.intervals.covered_changes: +1/−1 changes of a counter only ever tested for being positive,
from each key's [start, end) month intervals merged where they overlap or touch.

Worked by hand below; then, on seeded random intervals, the counter the changes give at every month
end is compared with the months the intervals cover, found by brute force. Last, a view of one merged
counter (`StateView.covers`), whose children `kinds.snapshot_aggregates` counts from the changes
themselves, with no grouping or running sums per child: worked by hand, and on random intervals
against the running sums of the unmerged intervals.
"""

from __future__ import annotations

import random
from collections import defaultdict

import ibis
import pytest

from csc_scorecard.engine import kinds
from csc_scorecard.engine.intervals import SinglesFrom, covered_changes, interval_changes
from csc_scorecard.engine.views import StateView

Row = tuple[str, str, str, int | None, int | None]  # council, person, worker, start, end


@pytest.fixture(scope="module")
def backend() -> ibis.BaseBackend:
    return ibis.duckdb.connect()


def _intervals(rows: list[Row]) -> ibis.Table:
    return ibis.memtable(
        {
            "council": [r[0] for r in rows],
            "person_id": [r[1] for r in rows],
            "worker_id": [r[2] for r in rows],
            "start": [r[3] for r in rows],
            "end": [r[4] for r in rows],
        },
        schema=ibis.schema(
            {
                "council": "string",
                "person_id": "string",
                "worker_id": "string",
                "start": "int64",
                "end": "int64",
            }
        ),
    )


@pytest.fixture(params=["pass", "grouping", "hash"])
def singles(request: pytest.FixtureRequest) -> SinglesFrom:
    """The three ways of merging (`covered_changes(singles=...)`): every interval through the ordered
    pass; the keys with one or two intervals taken from a grouping first; or the intervals whose
    key's hash no other interval shares taken straight from their rows. Same changes every way."""
    return request.param  # type: ignore[no-any-return]


def _changes(
    backend: ibis.BaseBackend, rows: list[Row], singles: SinglesFrom, per_worker: bool = False
) -> list[tuple]:
    table = _intervals(rows)
    within = {"worker_id": table.worker_id} if per_worker else None
    changes = covered_changes(
        table,
        {"person_id": table.person_id},
        "c",
        table.start,
        table.end,
        within=within,
        singles=singles,
    )
    result = backend.to_pyarrow(changes).to_pylist()
    return sorted(
        ((r["council"], r["person_id"], r["month"], r["change"]) for r in result),
        key=lambda c: (c[0], c[1] or "", c[2], c[3]),
    )


def test_overlapping_touching_nested_and_separate_intervals(
    backend: ibis.BaseBackend, singles: SinglesFrom
) -> None:
    rows = [
        # P1 in council A: [1, 4) and [3, 6) overlap, [6, 8) touches them, [2, 3) is inside: one run
        # [1, 8), so +1 at 1 and -1 at 8 (not a -1 at 4 and a +1 at 3, ...). [9, 10) after a gap.
        ("A", "P1", "W", 3, 6),
        ("A", "P1", "W", 1, 4),
        ("A", "P1", "W", 6, 8),
        ("A", "P1", "W", 2, 3),
        ("A", "P1", "W", 9, 10),
        # P2 in the same council: [2, 5) is not merged with P1's.
        ("A", "P2", "W", 2, 5),
        # P1 in another council is another child: [7, 9) stays apart from council A's run.
        ("B", "P1", "W", 7, 9),
    ]
    assert _changes(backend, rows, singles) == [
        ("A", "P1", 1, 1),
        ("A", "P1", 8, -1),
        ("A", "P1", 9, 1),
        ("A", "P1", 10, -1),
        ("A", "P2", 2, 1),
        ("A", "P2", 5, -1),
        ("B", "P1", 7, 1),
        ("B", "P1", 9, -1),
    ]


def test_open_intervals_and_empty_ones(backend: ibis.BaseBackend, singles: SinglesFrom) -> None:
    rows = [
        # An open interval from 5 holds [6, 7) and overlaps [4, 6): one run from 4 that never ends.
        ("A", "P1", "W", 5, None),
        ("A", "P1", "W", 6, 7),
        ("A", "P1", "W", 4, 6),
        # Empty ([3, 3)), reversed ([8, 2)) and startless rows cover no month: no change at all.
        ("A", "P2", "W", 3, 3),
        ("A", "P2", "W", 8, 2),
        ("A", "P2", "W", None, 4),
        # [1, 2) is P2's only month.
        ("A", "P2", "W", 1, 2),
    ]
    assert _changes(backend, rows, singles) == [
        ("A", "P1", 4, 1),
        ("A", "P2", 1, 1),
        ("A", "P2", 2, -1),
    ]


def test_a_null_key_is_merged_like_any_other_and_a_lone_open_interval_never_ends(
    backend: ibis.BaseBackend, singles: SinglesFrom
) -> None:
    rows: list[Row] = [
        # A child with no id (null) and two overlapping intervals: one run [1, 5), as for any key.
        ("A", None, "W", 1, 3),  # type: ignore[list-item]
        ("A", None, "W", 2, 5),  # type: ignore[list-item]
        # P1 has one interval: its own run. P2's one interval is open: a +1 and no -1.
        ("A", "P1", "W", 2, 4),
        ("A", "P2", "W", 3, None),
    ]
    assert _changes(backend, rows, singles) == [
        ("A", None, 1, 1),
        ("A", None, 5, -1),
        ("A", "P1", 2, 1),
        ("A", "P1", 4, -1),
        ("A", "P2", 3, 1),
    ]


def test_two_intervals_of_a_key_make_one_run_or_two(backend: ibis.BaseBackend, singles: SinglesFrom) -> None:
    # Grouped first, a key's two intervals take their changes from the key's smallest and largest
    # start and end: one run when the larger start is on or before the smaller end, else two.
    rows: list[Row] = [
        ("A", "K1", "W", 1, 3),  # a gap: [1, 3) and [5, 7) stay two runs
        ("A", "K1", "W", 5, 7),
        ("A", "K2", "W", 1, 3),  # touching (3 = 3): one run [1, 6)
        ("A", "K2", "W", 3, 6),
        ("A", "K3", "W", 1, 5),  # [2, 3) inside [1, 5): one run; the smaller end (3) is not the run's
        ("A", "K3", "W", 2, 3),
        ("A", "K4", "W", 4, 6),  # the later interval first: [1, 3) and [4, 6), two runs
        ("A", "K4", "W", 1, 3),
        ("A", "K5", "W", 2, None),  # open from 2, [5, 8) inside it: one run that never ends
        ("A", "K5", "W", 5, 8),
        ("A", "K6", "W", 1, 3),  # [1, 3), then open from 6: two runs, the second never ends
        ("A", "K6", "W", 6, None),
        ("A", "K7", "W", 2, 4),  # the same start: one run to the larger end, 9
        ("A", "K7", "W", 2, 9),
        ("A", "K8", "W", 1, 2),  # two single months, touching: one run [1, 3)
        ("A", "K8", "W", 2, 3),
    ]
    assert _changes(backend, rows, singles) == [
        ("A", "K1", 1, 1),
        ("A", "K1", 3, -1),
        ("A", "K1", 5, 1),
        ("A", "K1", 7, -1),
        ("A", "K2", 1, 1),
        ("A", "K2", 6, -1),
        ("A", "K3", 1, 1),
        ("A", "K3", 5, -1),
        ("A", "K4", 1, 1),
        ("A", "K4", 3, -1),
        ("A", "K4", 4, 1),
        ("A", "K4", 6, -1),
        ("A", "K5", 2, 1),
        ("A", "K6", 1, 1),
        ("A", "K6", 3, -1),
        ("A", "K6", 6, 1),
        ("A", "K7", 2, 1),
        ("A", "K7", 9, -1),
        ("A", "K8", 1, 1),
        ("A", "K8", 3, -1),
    ]


def test_within_merges_per_worker_and_counts_each_worker_once(
    backend: ibis.BaseBackend, singles: SinglesFrom
) -> None:
    rows = [
        # W1 held P1 over [1, 5) and [3, 7): one run [1, 7). W2 held P1 over [4, 6): its own run.
        ("A", "P1", "W1", 1, 5),
        ("A", "P1", "W1", 3, 7),
        ("A", "P1", "W2", 4, 6),
    ]
    # P1's counter: 1 from month 1, 2 from 4 (W2 too), 1 from 6, 0 from 7.
    assert _changes(backend, rows, singles, per_worker=True) == [
        ("A", "P1", 1, 1),
        ("A", "P1", 4, 1),
        ("A", "P1", 6, -1),
        ("A", "P1", 7, -1),
    ]


def test_keys_that_share_a_hash_are_still_merged_apart(
    backend: ibis.BaseBackend, every_key_one_hash: None
) -> None:
    # Every key given one hash: no interval is alone, so all go through the pass, which must part
    # them by the keys themselves. Grouped by the hash instead, P1's [1, 3) and P2's [2, 5) would
    # merge into one run [1, 5) and council B's P1 would join council A's.
    rows = [
        ("A", "P1", "W", 1, 3),
        ("A", "P2", "W", 2, 5),
        ("B", "P1", "W", 4, None),
        ("A", "P3", "W", 6, 8),  # touches [8, 9): one run [6, 9)
        ("A", "P3", "W", 8, 9),
    ]
    assert _changes(backend, rows, "hash") == [
        ("A", "P1", 1, 1),
        ("A", "P1", 3, -1),
        ("A", "P2", 2, 1),
        ("A", "P2", 5, -1),
        ("A", "P3", 6, 1),
        ("A", "P3", 9, -1),
        ("B", "P1", 4, 1),
    ]


def _counter_by_month(changes: list[tuple], last: int) -> dict[tuple, int]:
    """(council, person, month) → the running sum of the changes, months 0..last."""
    by_key: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for council, person, month, change in changes:
        by_key[(council, person)][month] += change
    counter = {}
    for key, deltas in by_key.items():
        running = 0
        for month in range(last + 1):
            running += deltas.get(month, 0)
            counter[(*key, month)] = running
    return counter


@pytest.mark.parametrize("children", [12, 600], ids=["most_children_many_intervals", "most_one"])
def test_the_counter_is_one_exactly_where_some_interval_covers_the_month(
    backend: ibis.BaseBackend, singles: SinglesFrom, children: int
) -> None:
    generator = random.Random(20261127)
    rows: list[Row] = []
    for _ in range(400):
        start = generator.randrange(0, 40)
        end = None if generator.random() < 0.05 else start + generator.randrange(-2, 6)
        rows.append((generator.choice("AB"), f"P{generator.randrange(children)}", "W", start, end))
    covered = set()
    for council, person, _, start, end in rows:
        for month in range(start, 51 if end is None else min(end, 51)):
            covered.add((council, person, month))
    changes = _changes(backend, rows, singles)
    counter = _counter_by_month(changes, 50)
    assert {key for key, value in counter.items() if value > 0} == covered
    assert set(counter.values()) <= {0, 1}
    keys = [(council, person) for council, person, *_ in rows]
    alone = sum(1 for key in set(keys) if keys.count(key) == 1)
    if children == 12:
        # The data exercise the merging: far fewer changes than the unmerged +1s and -1s.
        assert len(changes) < len(rows) / 2
    else:
        # Most children have one interval, as allocations do (400 rows over 1,200 council-child keys).
        assert alone > len(set(keys)) / 2


# A view of one merged counter (`StateView.covers`): its keys' states need no running sums ----------


def _cover_view(rows: list[Row], merged: bool) -> StateView:
    table = _intervals(rows)
    to_changes = covered_changes if merged else interval_changes
    changes = to_changes(table, {"person_id": table.person_id}, "c", table.start, table.end)
    return StateView(("person_id",), ("c",), changes, {"open": lambda s: s.c > 0}, covers=merged)


def test_the_counts_of_one_merged_counter(backend: ibis.BaseBackend) -> None:
    rows: list[Row] = [
        # P1: runs [3, 6) and [8, 12). Months before the first (10) are carried into it: +1 -1 +1 = 1,
        # so counted from 10; the -1 at 12 ends it: counted at the ends of months 10 and 11.
        ("A", "P1", "", 3, 6),
        ("A", "P1", "", 8, 12),
        # P2: [4, 7) is over before the first month: +1 -1 = 0 in month 10, never counted.
        ("A", "P2", "", 4, 7),
        # P3: [11, open) holds [12, 13): one run from 11, a +1 at 11 and nothing else.
        ("A", "P3", "", 11, None),
        ("A", "P3", "", 12, 13),
        # P4: [12, 15) ends after the last month (13): only its +1 at 12.
        ("A", "P4", "", 12, 15),
        # P5: [9, 11) touches [11, 13): one run [9, 13), so nothing at 11; the -1 at 13 (the last month).
        ("A", "P5", "", 9, 11),
        ("A", "P5", "", 11, 13),
    ]
    monthly = kinds.snapshot_aggregates(
        _cover_view(rows, merged=True), {"n": ("open",)}, first_month=10, last_month=13
    )
    grid = ibis.memtable({"council": ["A"] * 4, "month": [10, 11, 12, 13]})
    counts = kinds.cumulate(monthly, grid, ["n"]).order_by("month")
    # Worked by hand, the children counted at each month end:
    #   10: P1, P5 = 2 (P2 carried in at net 0)
    #   11: P1, P3, P5 = 3
    #   12: P3, P4, P5 = 3 (P1's run ended in 12: -1 for P1, +1 for P4)
    #   13: P3, P4 = 2 (P5's run ended in 13)
    assert [(r["month"], r["n"]) for r in backend.to_pyarrow(counts).to_pylist()] == [
        (10, 2),
        (11, 3),
        (12, 3),
        (13, 2),
    ]


def test_a_merged_counters_predicates_read_only_its_counter() -> None:
    table = _intervals([("A", "P1", "", 3, 6)])
    changes = covered_changes(table, {"person_id": table.person_id}, "c", table.start, table.end)
    view = StateView(("person_id",), ("c",), changes, {"open": lambda s: s.other > 0}, covers=True)
    with pytest.raises(KeyError, match="reads its one counter 'c', not 'other'"):
        kinds.snapshot_aggregates(view, {"n": ("open",)}, first_month=10, last_month=13)


def test_one_merged_counter_counts_the_children_the_running_sums_count(backend: ibis.BaseBackend) -> None:
    generator = random.Random(20261128)
    rows: list[Row] = []
    for _ in range(400):
        start = generator.randrange(0, 40)
        end = None if generator.random() < 0.05 else start + generator.randrange(1, 6)
        rows.append((generator.choice("AB"), f"P{generator.randrange(12)}", "", start, end))

    def counted(merged: bool) -> dict[tuple, int]:
        view = _cover_view(rows, merged)
        monthly = kinds.snapshot_aggregates(view, {"n": ("open",)}, first_month=15, last_month=35)
        return {
            (r["council"], r["month"]): r["n"] for r in backend.to_pyarrow(monthly).to_pylist() if r["n"] != 0
        }

    merged, unmerged = counted(merged=True), counted(merged=False)
    assert merged == unmerged
    assert len(merged) > 20  # children start and stop being counted in many months
