"""+1/−1 changes of a counter that is only ever tested for being positive, from its merged intervals.

A state view turns each interval into a +1 at its start month and a −1 at its end month
(`views.interval_changes`); the snapshot then groups those changes by key and month and keeps a
running sum per key, which is most of the engine's time. A counter read only as "positive or not" (a
visit or check in date at the month end) does not need every interval: the union of a key's
intervals covers the same months, and a child visited every few weeks then has one interval, not
one per visit, so far fewer key-months reach the running sums.

A view whose only counter is merged this way (`StateView.covers`: children in need, allocations per
worker and child) needs no running sums per key at all: its counter is 0 or 1 and changes at most
once a month, so each change says whether the key starts or stops being counted: the children are
counted by summing the changes per council and month, with no grouping by child
(`kinds.snapshot_aggregates`), and the caseloads sum the changes per worker directly
(`kinds.caseload_aggregates`).
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

_OPEN = 10**9  # a month index past any data: the end of an open interval while the ends are compared


def covered_changes(
    table: ir.Table,
    keys: Mapping[str, ir.Value],
    counter: str,
    start_month: ir.IntegerValue,
    end_month: ir.IntegerValue | None,
    within: Mapping[str, ir.Value] | None = None,
) -> ir.Table:
    """`interval_changes` of the union of each key's [start, end) month intervals (end null = open):
    +1 where a run of overlapping or touching intervals starts, −1 where it ends. The counter is 1
    at exactly the month ends some interval covers, and 0 elsewhere.

    `within` adds columns the intervals are merged within but the changes do not carry: a child's
    allocations merged per worker, so the child's counter is the number of workers covering the
    month end, each once.

    One pass over each key's intervals ordered by start: an interval starts a run when it starts
    after every earlier one has ended, and ends its run when the next one starts after every
    interval so far has ended (then the run ends where the latest of them does).
    """
    extra = dict(within or {})
    r = table.select(council=table.council, **keys, **extra, start=start_month, end=end_month)
    r = r.filter(r.start.notnull() & (r.end.isnull() | (r.end > r.start)))
    r = r.mutate(end=r.end.fill_null(ibis.literal(_OPEN, "int64")))
    group = [r.council, *(r[k] for k in (*keys, *extra))]
    order = [r.start, r.end]
    r = r.mutate(
        ended_before=r.end.max().over(ibis.window(group_by=group, order_by=order, rows=(None, -1))),
        ended_by=r.end.max().over(ibis.window(group_by=group, order_by=order, rows=(None, 0))),
        next_start=r.start.lead().over(ibis.window(group_by=group, order_by=order)),
    )
    key_names = ["council", *keys]
    name, one = ibis.literal(counter), ibis.literal(1, "int64")
    starts = r.filter(r.ended_before.isnull() | (r.start > r.ended_before))
    ends = r.filter((r.ended_by < _OPEN) & (r.next_start.isnull() | (r.next_start > r.ended_by)))
    plus = starts.select(*key_names, month=starts.start, counter=name, change=one)
    minus = ends.select(*key_names, month=ends.ended_by, counter=name, change=-one)
    return plus.union(minus)


__all__ = ["covered_changes"]
