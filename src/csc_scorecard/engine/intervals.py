"""A state view's +1/−1 counter changes, from intervals of months.

A state view turns each interval into a +1 at its start month and a −1 at its end month
(`interval_changes`); the snapshot then groups those changes by key and month and keeps a
running sum per key, which is most of the engine's time.

A counter read only as "positive or not" (a visit or check in date at the month end) does not need
every interval (`covered_changes`): the union of a key's intervals covers the same months, and a
child visited every few weeks then has one interval, not one per visit, so far fewer key-months
reach the running sums.

A view whose only counter is merged this way (`StateView.covers`: children in need, allocations per
worker and child) needs no running sums per key at all: its counter is 0 or 1 and changes at most
once a month, so each change says whether the key starts or stops being counted: the children are
counted by summing the changes per council and month, with no grouping by child
(`kinds.snapshot_aggregates`), and the caseloads sum the changes per worker directly
(`kinds.caseload_aggregates`).

Where nearly every key has one row, `alone_and_shared` splits a table's rows by a hash of the key
into keys' only rows and the rest, so that only the rest need a step that sorts by key: the
allocations' merging here (`covered_changes(singles="hash")`), and the referrals' search for the
previous referral (`views.referrals`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import ibis
import ibis.expr.types as ir

# A month index past any data: the end of an open interval wherever ends are compared or taken the
# least or greatest of (here, and in `views_national_care`).
OPEN_MONTH = 10**9
ONE = ibis.literal(1, "int64")  # a change's +1, and negated its −1 (the views making changes use it too)


def interval_changes(
    table: ir.Table,
    keys: Mapping[str, ir.Value],
    counter: str,
    start_month: ir.IntegerValue,
    end_month: ir.IntegerValue | None,
) -> ir.Table:
    """+1 at `start_month` and −1 at `end_month` for each row: the row counts at month ends in [start, end).

    For "open at the month end" the start is the month of the start date and the end is the month
    of the end date: open at month end m ⇔ start ≤ end(m) and end > end(m) ⇔ start month ≤ m < end
    month. A row that starts and ends in one month (or an empty interval) gives no change at all.
    """
    rows = table.select(council=table.council, **keys, start=start_month, end=end_month)
    rows = rows.filter(rows.end.isnull() | (rows.end > rows.start))
    changes = edge_changes(rows, ["council", *keys], ibis.literal(counter), rows.start, rows.end)
    return changes.filter((changes.change > 0) | changes.month.notnull())  # an open end: no −1


def edge_changes(
    rows: ir.Table, keys: Sequence[str], counter: ir.Value, start: ir.Value, end: ir.Value
) -> ir.Table:
    """A +1 at `start` and a −1 at `end` for each of `rows`: columns *keys, month, counter, change.
    The caller drops the ends it does not count (an open end).

    Both come from one pass over `rows` (a pair unnested): as two selects, one per sign, each
    repeated what `rows` is made of (a join, or the semi-join that keeps the children in view).
    """
    edge = ibis.array(
        [ibis.struct({"month": start, "change": ONE}), ibis.struct({"month": end, "change": -ONE})]
    )
    edges = rows.select(*keys, counter=counter, edge=edge.unnest())
    return edges.select(*keys, month=edges.edge.month, counter=edges.counter, change=edges.edge.change)


def open_ended_changes(
    rows: ir.Table, keys: Sequence[str], counter: ir.Value, start: ir.Value, end: ir.Value
) -> ir.Table:
    """`edge_changes` of intervals whose open end is `OPEN_MONTH` rather than null: that end gives
    no −1 (a start is below its end, so only ends are dropped)."""
    changes = edge_changes(rows, keys, counter, start, end)
    return changes.filter(changes.month < OPEN_MONTH)


# How `covered_changes` spares the pass over a key's intervals (see its docstring).
SinglesFrom = Literal["pass", "grouping", "hash"]


def covered_changes(
    table: ir.Table,
    keys: Mapping[str, ir.Value],
    counter: str,
    start_month: ir.IntegerValue,
    end_month: ir.IntegerValue | None,
    within: Mapping[str, ir.Value] | None = None,
    singles: SinglesFrom = "pass",
) -> ir.Table:
    """`interval_changes` of the union of each key's [start, end) month intervals (end null = open):
    +1 where a run of overlapping or touching intervals starts, −1 where it ends. The counter is 1
    at exactly the month ends some interval covers, and 0 elsewhere.

    `within` adds columns the intervals are merged within but the changes do not carry: a child's
    allocations merged per worker, so the child's counter is the number of workers covering the
    month end, each once.

    One pass over each key's intervals ordered by start: an interval starts a run when it starts
    after every earlier one has ended, and ends its run when the next one starts after every
    interval so far has ended (then the run ends where the latest of them does). The pass sorts its
    intervals by key, so `singles` can spare it the keys whose intervals need no merging:

    - "pass": every interval goes through the pass. For keys with many intervals (visits, PEPs),
      where anything taken out first only adds to it.
    - "grouping": for keys with mostly one or two intervals (a child's CIN episodes: at the first
      batch of 150 councils, 68,858 of 253,645 episodes are their child's two, and 34,949 go through
      the pass). The intervals are grouped by key, and a key's one interval or its two take their
      changes from the grouping: two intervals are one run when the larger start is on or before
      the smaller end (the first interval's end is at least that), else two runs, from the smaller
      start to the smaller end and from the larger start to the larger end. Only keys with three or
      more go through the pass. This cut `cin_children` by a sixth.
    - "hash": for keys with nearly always one interval (allocations: 514,674 of 523,265 are their
      worker-and-child pair's only one). A hash of the key routes each interval: an interval whose
      hash no other interval has is its key's only one, and its own run, so its changes come
      straight from its row; every interval whose hash is shared goes through the pass, which keys
      on the columns themselves, so two keys that happen to share a hash are still merged apart and
      the result is exact. Grouping by one integer instead of the key's strings, and keeping no
      aggregates, is the saving: against "grouping", `caseloads` used 18–20% less CPU and
      `cin_children_workers` 15% less at 150 councils, while `cin_children`, whose keys' two
      intervals would go through the pass, used 16–17% more.
    """
    extra = dict(within or {})
    r = table.select(council=table.council, **keys, **extra, start=start_month, end=end_month)
    r = r.filter(r.start.notnull() & (r.end.isnull() | (r.end > r.start)))
    r = r.mutate(end=r.end.fill_null(ibis.literal(OPEN_MONTH, "int64")))
    merged_by = ["council", *keys, *extra]
    key_names = ["council", *keys]
    name = ibis.literal(counter)
    if singles == "grouping":
        m, spared = _few_from_grouping(r, merged_by, key_names, name)
    elif singles == "hash":
        m, spared = _alone_from_rows(r, merged_by, key_names, name)
    else:
        m, spared = r, []
    group = [m[c] for c in merged_by]
    order = [m.start, m.end]
    m = m.mutate(
        ended_before=m.end.max().over(ibis.window(group_by=group, order_by=order, rows=(None, -1))),
        ended_by=m.end.max().over(ibis.window(group_by=group, order_by=order, rows=(None, 0))),
        next_start=m.start.lead().over(ibis.window(group_by=group, order_by=order)),
    )
    starts = m.filter(m.ended_before.isnull() | (m.start > m.ended_before))
    ends = m.filter((m.ended_by < OPEN_MONTH) & (m.next_start.isnull() | (m.next_start > m.ended_by)))
    plus = starts.select(*key_names, month=starts.start, counter=name, change=ONE)
    minus = ends.select(*key_names, month=ends.ended_by, counter=name, change=-ONE)
    return plus.union(minus, *spared)


def _few_from_grouping(
    r: ir.Table, merged_by: Sequence[str], key_names: Sequence[str], name: ir.Value
) -> tuple[ir.Table, list[ir.Table]]:
    """`covered_changes(singles="grouping")`: the intervals left for the pass, and the changes of the
    keys with one or two intervals."""
    per_key = r.group_by(merged_by).aggregate(
        intervals=r.count(),
        first_start=r.start.min(),
        last_start=r.start.max(),
        first_end=r.end.min(),
        last_end=r.end.max(),
    )
    few = per_key.filter(per_key.intervals <= 2)
    ended = few.filter(few.last_end < OPEN_MONTH)
    apart = few.filter(few.last_start > few.first_end)  # two runs (never for one interval)
    from_grouping = [
        few.select(*key_names, month=few.first_start, counter=name, change=ONE),
        ended.select(*key_names, month=ended.last_end, counter=name, change=-ONE),
        apart.select(*key_names, month=apart.first_end, counter=name, change=-ONE),
        apart.select(*key_names, month=apart.last_start, counter=name, change=ONE),
    ]
    several = per_key.filter(per_key.intervals > 2)
    # Null-safe: a key column may be null, and the pass groups nulls together.
    return r.semi_join(several, [r[c].identical_to(several[c]) for c in merged_by]), from_grouping


def key_hash(table: ir.Table, columns: Sequence[str]) -> ir.IntegerValue:
    """One integer per key, equal for equal keys; two keys may share one (`alone_and_shared`)."""
    return ibis.struct({c: table[c] for c in columns}).hash()


def alone_and_shared(table: ir.Table, columns: Sequence[str]) -> tuple[ir.Table, ir.Table]:
    """`table`'s rows split in two: those whose key (`columns`) has no other row, and the rest.

    A row's key is hashed, and the rows are grouped by that one integer with only a count, which
    costs far less than grouping by the key's strings. A row whose hash no other row has is its
    key's only row. The rest are the rows of keys with several rows, and of any keys that happen to
    share a hash with another key: whatever reads them must still tell keys apart by the columns
    themselves, and then the split is exact. A null key column hashes like any value, so the rows
    of a key with a null part are together in the rest, as a grouping puts them.
    """
    keyed = table.mutate(key_hash=key_hash(table, columns))
    counts = keyed.group_by("key_hash").aggregate(rows=keyed.count())
    shared = counts.filter(counts.rows > 1).select("key_hash")
    alone = keyed.anti_join(shared, "key_hash").drop("key_hash")
    # `shared.view()`: Ibis writes a table two joins read once, as a common table expression, only
    # when it is read through distinct nodes; otherwise the grouping is computed once per join.
    rest = keyed.semi_join(shared.view(), "key_hash").drop("key_hash")
    return alone, rest


def _alone_from_rows(
    r: ir.Table, merged_by: Sequence[str], key_names: Sequence[str], name: ir.Value
) -> tuple[ir.Table, list[ir.Table]]:
    """`covered_changes(singles="hash")`: the intervals left for the pass (those of keys with several
    intervals, or sharing a hash), and the changes of the others, each its key's only interval."""
    alone, several = alone_and_shared(r, merged_by)
    return several, [open_ended_changes(alone, key_names, name, alone.start, alone.end)]


__all__ = [
    "ONE",
    "OPEN_MONTH",
    "SinglesFrom",
    "alone_and_shared",
    "covered_changes",
    "edge_changes",
    "interval_changes",
    "key_hash",
    "open_ended_changes",
]
