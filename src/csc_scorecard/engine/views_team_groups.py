"""The team group of a child's allocated worker at each month end (breakdown `team_group` of CIN16).

Counters and predicates added to a state view keyed by child: counter `team_group_<group>` is 1
at the month ends where the child's current allocation is in that group, and the breakdown keys
`allocated_to_<group>` and `unallocated` read them. One group per child and month end, so the
groups and `unallocated` add up to the view's total (docs/conventions.md, "Team group of the
allocated worker").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ibis

from csc_scorecard.config.model import TeamGroup
from csc_scorecard.engine import views as core
from csc_scorecard.engine.intervals import ONE

if TYPE_CHECKING:
    import ibis.expr.types as ir

# The configuration's closed list of team groups, as the catalogue's breakdown values.
TEAM_GROUPS = tuple(group.value.lower() for group in TeamGroup)
OTHER = TeamGroup.OTHER.value.lower()
TEAM_GROUP_COUNTERS = tuple(f"team_group_{group}" for group in TEAM_GROUPS)


def _in_team_group(counter: str) -> Callable[[ir.Table], ir.BooleanValue]:
    return lambda s: s[counter] > 0


def _unallocated(s: ir.Table) -> ir.BooleanValue:
    # The current allocation is in exactly one group, so no group's counter is positive only when
    # the child has no allocation open at the month end.
    return ibis.and_(*(s[counter] <= 0 for counter in TEAM_GROUP_COUNTERS))


# A breakdown's key is one of these flags; the engine ands it with the figure's own `where`.
TEAM_GROUP_PREDICATES: dict[str, Callable[[ir.Table], ir.BooleanValue]] = {
    **{
        f"allocated_to_{group}": _in_team_group(counter)
        for group, counter in zip(TEAM_GROUPS, TEAM_GROUP_COUNTERS, strict=True)
    },
    "unallocated": _unallocated,
}


def current_team_group_changes(grouped: ir.Table) -> ir.Table:
    """Counter changes (council, person_id, month, counter, change) putting each child, at each month
    end, in the team group of their current allocation.

    The current allocation is the one open at the month end that started last (ties: the lowest
    worker id, so the answer never depends on row order): a child transferred between teams whose
    old allocation has not been closed yet is counted in the receiving team, and counted in the
    old team's group again if the newer allocation ends first. `grouped`: allocations (council,
    person_id, worker_id, start_date, end_date) with `team_group`, the configuration's group of the
    team or of its parent team (null when neither is mapped: OTHER, as `[teams.map]` documents).
    """
    rows = grouped.filter(grouped.start_date.notnull())
    group = rows.team_group.lower()
    a = rows.select(
        council=rows.council,
        person_id=rows.person_id,
        worker_id=rows.worker_id,
        start_date=rows.start_date,
        group=group.isin(TEAM_GROUPS).ifelse(group, OTHER),  # null (unmapped) is not in: OTHER
        start=core.month_of(rows.start_date),
        end=core.month_of(rows.end_date),
    )
    a = a.filter(a.end.isnull() | (a.end > a.start))  # an allocation never open at a month end
    # Between two consecutive start or end months of a child's allocations the same allocations are
    # open at every month end, so the current one is chosen once per such segment.
    bounds = a.select("council", "person_id", month=a.start).union(
        a.filter(a.end.notnull()).select("council", "person_id", month=a.end), distinct=True
    )
    later = ibis.window(group_by=[bounds.council, bounds.person_id], order_by=bounds.month)
    segments = bounds.select(
        s_council=bounds.council,
        s_person=bounds.person_id,
        seg_start=bounds.month,
        seg_end=bounds.month.lead().over(later),
    )
    open_in = a.join(
        segments,
        [
            a.council == segments.s_council,
            a.person_id == segments.s_person,
            a.start <= segments.seg_start,
            a.end.isnull() | (a.end > segments.seg_start),
        ],
    )
    latest_first = ibis.window(
        group_by=[open_in.council, open_in.person_id, open_in.seg_start],
        order_by=[ibis.desc(open_in.start_date), open_in.worker_id],
    )
    ranked = open_in.mutate(rank=ibis.row_number().over(latest_first))
    current = ranked.filter(ranked.rank == 0)  # ibis numbers rows from 0
    counter = ibis.literal("team_group_").concat(current.group)
    plus = current.select("council", "person_id", month=current.seg_start, counter=counter, change=ONE)
    minus = current.filter(current.seg_end.notnull()).select(
        "council", "person_id", month=current.seg_end, counter=counter, change=-ONE
    )
    return plus.union(minus)
