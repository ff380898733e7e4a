"""The closed list of kinds, each implemented once as Ibis expressions.

Indicators of the same family over the same view are computed together, in one query:

* event kinds (count, rate, proportion, distinct children, mean duration, within N working days or
  hours) aggregate the view's rows by council and month of `event_date`; a month's figure is a
  numerator and a denominator that add up across months, so rolling-12-month, year-to-date and
  quarterly figures are window sums over the monthly rows (`windowed`);
* snapshot kinds (open at a date, proportions and rates of children at a month end) cumulate a
  state view's +1/−1 counter changes per key, turn each key's predicate into +1/−1 changes of the
  count, and cumulate those per council;
* caseloads cumulate each worker's allocations at the months they change; the total and the number
  of case-holding workers are then running sums per council, and the largest caseload takes each
  worker's spans of months with a positive caseload.

Output columns are named `n__REF` (numerator) and `d__REF` (denominator), with `__VALUE` appended
for a breakdown figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import ibis

from csc_scorecard.catalogue.model import Indicator, Kind, PeriodBasis
from csc_scorecard.engine.calendar import month_index_expr, working_hours_index

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from csc_scorecard.engine.views import StateView

EVENT_KINDS = frozenset(
    {
        Kind.COUNT,
        Kind.RATE_PER_10K,
        Kind.PROPORTION,
        Kind.DISTINCT_CHILDREN,
        Kind.MEAN_DURATION,
        Kind.WITHIN_WORKING_DAYS,
        Kind.WITHIN_WORKING_HOURS,
    }
)
CASELOAD_KINDS = frozenset({Kind.CASELOAD_MEAN, Kind.CASELOAD_MAX})


def numerator_column(ref: str, breakdown_value: str | None = None) -> str:
    return f"n__{ref}" + (f"__{breakdown_value}" if breakdown_value else "")


def denominator_column(ref: str, breakdown_value: str | None = None) -> str:
    return f"d__{ref}" + (f"__{breakdown_value}" if breakdown_value else "")


def spine(councils: Sequence[str], first_month: int, last_month: int) -> ir.Table:
    """Every council × every month index from first to last: the rows windows are taken over."""
    months = range(first_month, last_month + 1)
    return ibis.memtable(
        {"council": [c for c in councils for _ in months], "month": [m for _ in councils for m in months]},
        schema=ibis.schema({"council": "string", "month": "int64"}),
    )


# Event kinds ----------------------------------------------------------------------------


def event_aggregates(
    view: ir.Table,
    indicators: Sequence[Indicator],
    calendar: ir.Table,
    first_month: int,
    last_month: int,
    working_hours: tuple[float, float] = (0.0, 24.0),
) -> ir.Table:
    """One row per council and month with every indicator's numerator and denominator for the month."""
    t = view.mutate(month=month_index_expr(view.event_date).cast("int64"))
    t = t.filter(t.month.between(first_month, last_month))
    t, met = _timeliness(t, indicators, calendar, working_hours)
    aggregates: dict[str, ir.Value] = {}
    for ind in indicators:
        m = ind.measure
        rows = t[m.where] if m.where else t.month.notnull()  # every row: the month filter kept no nulls
        if ind.kind is Kind.DISTINCT_CHILDREN:
            aggregates[numerator_column(ind.ref)] = t.person_id.nunique(where=rows & t.person_id.notnull())
            for b in ind.breakdowns:
                aggregates[numerator_column(ind.ref, b.value)] = t[b.key].nunique(
                    where=rows & t[b.key].notnull()
                )
            continue
        aggregates.update(_event_figures(ind, t, rows, met.get(ind.ref)))
        # Any other kind's breakdown is a subgroup: its key is a flag of the view, and the figure is
        # the same measure over the rows that have it (e.g. red-priority screenings).
        for b in ind.breakdowns:
            aggregates.update(
                _event_figures(ind, t, rows & t[b.key], met.get(f"{ind.ref}__{b.value}"), b.value)
            )
    return t.group_by(["council", "month"]).aggregate(**aggregates)


def _event_figures(
    ind: Indicator,
    t: ir.Table,
    rows: ir.BooleanValue,
    met: tuple[ir.BooleanValue, ir.BooleanValue] | None,
    breakdown_value: str | None = None,
) -> dict[str, ir.Value]:
    """The numerator (and denominator) aggregates of one event-kind figure over `rows`."""
    m = ind.measure
    n, d = numerator_column(ind.ref, breakdown_value), denominator_column(ind.ref, breakdown_value)
    if ind.kind in (Kind.COUNT, Kind.RATE_PER_10K):
        return {n: rows.cast("int64").sum()}
    if ind.kind is Kind.PROPORTION:
        return {n: (rows & t[m.numerator]).cast("int64").sum(), d: rows.cast("int64").sum()}
    if ind.kind is Kind.MEAN_DURATION:
        start, end = t[m.start], t[m.end]
        # Whole seconds, added as integers: exact, so the figure is the same whatever order an engine
        # adds the rows in (a sum of fractions of days differed in its last bits from run to run on
        # DuckDB's parallel aggregation). `numerator_divisor` turns the sum into days afterwards.
        seconds = end.cast("timestamp").epoch_seconds() - start.cast("timestamp").epoch_seconds()
        known = rows & start.notnull() & end.notnull()
        return {n: known.ifelse(seconds.cast("int64"), 0).sum(), d: known.cast("int64").sum()}
    if ind.kind in (Kind.WITHIN_WORKING_DAYS, Kind.WITHIN_WORKING_HOURS):
        assert met is not None
        judged, within = met
        return {n: (rows & judged & within).cast("int64").sum(), d: (rows & judged).cast("int64").sum()}
    raise ValueError(f"{ind.ref}: kind {ind.kind} is not an event kind")  # pragma: no cover


SECONDS_PER_DAY = 86_400


def numerator_divisor(ind: Indicator) -> int:
    """What the query's numerator column is divided by to give the reported numerator: a mean
    duration is summed in whole seconds (exactly) and reported in days."""
    return SECONDS_PER_DAY if ind.kind is Kind.MEAN_DURATION else 1


def breakdown_within(ind: Indicator, breakdown_value: str) -> int:
    """A timeliness breakdown's own target, parameter `<value>_within` (e.g. red_within: 24), else the main one."""
    target = ind.parameters.get(f"{breakdown_value.lower()}_within", ind.measure.within)
    assert target is not None
    return int(target)


def _timeliness(
    t: ir.Table, indicators: Sequence[Indicator], calendar: ir.Table, working_hours: tuple[float, float]
) -> tuple[ir.Table, dict[str, tuple[ir.BooleanValue, ir.BooleanValue]]]:
    """Join the calendar once per start and end column; return (judged, within) for each timeliness ref.

    Within N working days: day 0 is the start, or the first working day after it when the start is
    not a working day; the end is within when it falls on or before the Nth working day after day 0.
    In numbers: (first working day on or after the end) ≤ (first working day on or after the start) + N.
    """
    met: dict[str, tuple[ir.BooleanValue, ir.BooleanValue]] = {}
    joined: dict[str, str] = {}  # view column → prefix of its calendar columns
    for ind in indicators:
        if ind.kind not in (Kind.WITHIN_WORKING_DAYS, Kind.WITHIN_WORKING_HOURS):
            continue
        for col in (ind.measure.start, ind.measure.end):
            assert col is not None  # checked when the catalogue was loaded
            if col in joined:
                continue
            prefix = f"cal{len(joined)}"
            cal = calendar.select(
                **{
                    f"{prefix}_council": calendar.council,
                    f"{prefix}_date": calendar.date,
                    f"{prefix}_working": calendar.is_working_day,
                    f"{prefix}_to_date": calendar.working_days_to_date,
                    f"{prefix}_on_or_after": calendar.working_day_on_or_after,
                }
            )
            day = t[col].date() if t[col].type().is_timestamp() else t[col]
            on = [t.council == cal[f"{prefix}_council"], day == cal[f"{prefix}_date"]]
            t = t.left_join(cal, on).drop(f"{prefix}_council", f"{prefix}_date")
            joined[col] = prefix
    for ind in indicators:
        if ind.kind not in (Kind.WITHIN_WORKING_DAYS, Kind.WITHIN_WORKING_HOURS):
            continue
        m = ind.measure
        assert m.start is not None and m.end is not None and m.within is not None
        s, e = joined[m.start], joined[m.end]
        if ind.kind is Kind.WITHIN_WORKING_DAYS:
            judged = t[f"{s}_on_or_after"].notnull() & t[f"{e}_on_or_after"].notnull()
            within = t[f"{e}_on_or_after"] <= t[f"{s}_on_or_after"] + m.within
        else:
            start_day = _calendar_row(t, s)
            end_day = _calendar_row(t, e)
            hours = working_hours_index(t[m.end], end_day, working_hours) - working_hours_index(
                t[m.start], start_day, working_hours
            )
            judged = t[f"{s}_to_date"].notnull() & t[f"{e}_to_date"].notnull()
            within = hours <= m.within
        met[ind.ref] = (judged.fill_null(False), within.fill_null(False))
        for b in ind.breakdowns:
            target = breakdown_within(ind, b.value)
            if ind.kind is Kind.WITHIN_WORKING_DAYS:
                within_b = t[f"{e}_on_or_after"] <= t[f"{s}_on_or_after"] + target
            else:
                within_b = hours <= target
            met[f"{ind.ref}__{b.value}"] = (judged.fill_null(False), within_b.fill_null(False))
    return t, met


class _CalendarColumns:
    """Calendar columns joined under a prefix, seen with the calendar's own names."""

    def __init__(self, table: ir.Table, prefix: str) -> None:
        self.working_days_to_date = table[f"{prefix}_to_date"]
        self.is_working_day = table[f"{prefix}_working"]


def _calendar_row(t: ir.Table, prefix: str) -> ir.Table:
    return _CalendarColumns(t, prefix)  # type: ignore[return-value]


def windowed(
    monthly: ir.Table, indicators: Iterable[Indicator], grid: ir.Table, columns: Sequence[str]
) -> ir.Table:
    """Each indicator's figures for its period basis, as window sums over the council × month grid.

    `monthly` holds the figures for each month alone; months with no rows count as zero. Rolling:
    the 12 rows ending at the month (the grid has every month, so rows are months). Year to date:
    the running sum within the financial year. Quarter: the 3 months ending at the last complete
    financial quarter on or before the month.
    """
    t = grid.left_join(monthly, ["council", "month"]).select(
        grid.council, grid.month, *[monthly[c].fill_null(0).name(c) for c in columns]
    )
    financial_year = (t.month - 3) // 12
    rolling = ibis.window(group_by=t.council, order_by=t.month, rows=(-11, 0))
    to_date = ibis.window(group_by=[t.council, financial_year], order_by=t.month, rows=(None, 0))
    three = ibis.window(group_by=t.council, order_by=t.month, rows=(-2, 0))
    by_column = {c: ind for ind in indicators for c in columns if c.split("__")[1] == ind.ref}
    out: dict[str, ir.Value] = {}
    quarterly: list[str] = []
    for c in columns:
        basis = by_column[c].period_basis
        if basis is PeriodBasis.ROLLING_12_MONTHS:
            out[c] = t[c].sum().over(rolling)
        elif basis is PeriodBasis.FINANCIAL_YEAR_TO_DATE:
            out[c] = t[c].sum().over(to_date)
        elif basis is PeriodBasis.QUARTER:
            out[c] = t[c].sum().over(three)
            quarterly.append(c)
        else:
            out[c] = t[c]
    result = t.select("council", "month", **out)
    if not quarterly:
        return result
    # Figures for a month are those of the last complete quarter on or before it: an equality join.
    ends = result.select(
        q_council=result.council, q_month=result.month, **{f"q_{c}": result[c] for c in quarterly}
    )
    result = result.mutate(q_end=result.month - ((result.month % 12 + 1) % 3))
    joined = result.left_join(ends, [result.council == ends.q_council, result.q_end == ends.q_month])
    return joined.select(
        "council", "month", *[joined[f"q_{c}"].name(c) if c in quarterly else joined[c] for c in columns]
    )


# Snapshot kinds -------------------------------------------------------------------------


# A key's counters are packed three to a BIGINT before the running sums: one window sum then carries
# three counters, and the per-key window is most of a snapshot query's time (cla_children_detail has
# 20 counters). Each counter gets 21 bits: its value for one key is the number of that key's intervals
# open at once, never negative (every -1 follows its own +1) and far below 2**21 (2,097,151). Whole
# words add exactly as integers; a counter is read back with a shift and a mask, never a division
# (Ibis divides integers through floating point, which cannot hold 63 bits).
_COUNTER_BITS = 21
_COUNTERS_PER_WORD = 3
_COUNTER_MASK = (1 << _COUNTER_BITS) - 1


def key_states(view: StateView, first_month: int, last_month: int) -> ir.Table:
    """Each key's cumulated counters at every month its counters change (changes before the first
    month are carried into it; changes after the last month are dropped), and each counter's value
    just before the month's changes as `<counter>__before`, so no second window over the keys is
    needed to tell when a key starts or stops being counted."""
    c = _in_months(view.changes, first_month, last_month)
    keys = ["council", *view.keys]
    words = [
        view.counters[i : i + _COUNTERS_PER_WORD] for i in range(0, len(view.counters), _COUNTERS_PER_WORD)
    ]
    per_month = c.group_by([*keys, "month"]).aggregate(
        **{f"w{i}": _packed_change(c, names).sum() for i, names in enumerate(words)}
    )
    running = ibis.window(group_by=[per_month[k] for k in keys], order_by=per_month.month, rows=(None, 0))
    packed = per_month.select(
        *keys,
        "month",
        **{f"w{i}": per_month[f"w{i}"].sum().over(running).cast("int64") for i in range(len(words))},
        **{f"w{i}_change": per_month[f"w{i}"] for i in range(len(words))},
    )
    unpacked: dict[str, ir.Value] = {}
    for i, names in enumerate(words):
        now, before = packed[f"w{i}"], packed[f"w{i}"] - packed[f"w{i}_change"]
        for position, name in enumerate(names):
            shift = position * _COUNTER_BITS
            unpacked[name] = (now >> shift) & _COUNTER_MASK
            unpacked[before_column(name)] = (before >> shift) & _COUNTER_MASK
    return packed.select(*keys, "month", **unpacked)


def _in_months(changes: ir.Table, first_month: int, last_month: int) -> ir.Table:
    """Changes before the first month carried into it, changes after the last month dropped."""
    c = changes.mutate(month=ibis.greatest(changes.month, ibis.literal(first_month, "int64")))
    return c.filter(c.month <= last_month)


def _packed_change(changes: ir.Table, names: Sequence[str]) -> ir.IntegerValue:
    """A change row's contribution to the word holding `names`: its ±1 moved to its counter's bits."""
    branches = [
        (changes.counter == name, changes.change * ibis.literal(1 << (position * _COUNTER_BITS), "int64"))
        for position, name in enumerate(names)
    ]
    return ibis.cases(*branches, else_=ibis.literal(0, "int64"))


def before_column(counter: str) -> str:
    return f"{counter}__before"


class _Before:
    """The states table seen just before each month's changes: `s.care` reads `care__before`.

    Predicates are written over counters by name (`lambda s: s.care > 0`); evaluated on this, they say
    whether the key was counted before the month's changes.
    """

    def __init__(self, states: ir.Table) -> None:
        self._states = states

    def __getitem__(self, counter: str) -> ir.Value:
        return self._states[before_column(counter)]

    def __getattr__(self, counter: str) -> ir.Value:
        return self[counter]


def _counted_change(view: StateView, names: tuple[str, ...], states: ir.Table) -> ir.IntegerValue:
    """+1 when the key starts meeting every predicate this month, -1 when it stops, else 0."""
    now = _all_of(view, names, states).fill_null(False).cast("int64")
    before = _all_of(view, names, _Before(states)).fill_null(False).cast("int64")  # type: ignore[arg-type]
    return now - before


def snapshot_aggregates(
    view: StateView, predicates: dict[str, tuple[str, ...]], first_month: int, last_month: int
) -> ir.Table:
    """Changes in the number of keys counted at each month end, for each output column → the predicates
    a key must all meet; one row per council and month where a count changes (the caller cumulates
    them over the grid with `cumulate`)."""
    if view.covers and len(view.counters) == 1:
        return _cover_aggregates(view, predicates, first_month, last_month)
    states = key_states(view, first_month, last_month)
    changes = {col: _counted_change(view, names, states) for col, names in predicates.items()}
    per_key = states.select("council", "month", **changes)
    return per_key.group_by(["council", "month"]).aggregate(**{col: per_key[col].sum() for col in predicates})


def _cover_aggregates(
    view: StateView, predicates: dict[str, tuple[str, ...]], first_month: int, last_month: int
) -> ir.Table:
    """`snapshot_aggregates` of one merged counter (`StateView.covers`), summed per council and month
    with no grouping by key.

    The counter is 0 or 1, and after the first month a key's counter changes at most once a month
    (merged runs neither overlap nor touch), so a key's sum of changes in a month is +1 (counted
    now, not before) or −1 (the reverse). In the first month the changes carried into it sum to 1 (a
    run still open) or 0 (every run over before it). Either way a column's count changes by the key's
    change times (its predicates met with the counter at 1, less with it at 0): a sum over the
    change rows themselves, which is the same whatever key they belong to.
    """
    (counter,) = view.counters
    c = _in_months(view.changes, first_month, last_month)
    factors = {
        col: _met(view, names, _Counter(counter, 1)) - _met(view, names, _Counter(counter, 0))
        for col, names in predicates.items()
    }
    return c.group_by(["council", "month"]).aggregate(
        **{col: (c.change * factor).sum() for col, factor in factors.items()}
    )


def _met(view: StateView, names: tuple[str, ...], counter: _Counter) -> int:
    """1 if the predicates hold with the counter at its fixed value, else 0."""
    met = _all_of(view, names, counter)  # type: ignore[arg-type]
    if not isinstance(met, bool):
        raise TypeError(f"a merged view's predicates must compare its counter only, got {met!r}")
    return int(met)


class _Counter:
    """A merged view's one counter at a fixed value (0 or 1), to read its predicates as constants."""

    def __init__(self, counter: str, value: int) -> None:
        self._counter, self._value = counter, value

    def __getitem__(self, counter: str) -> int:
        if counter != self._counter:
            raise KeyError(
                f"a merged view's predicate reads its one counter {self._counter!r}, not {counter!r}"
            )
        return self._value

    def __getattr__(self, counter: str) -> int:
        return self[counter]


def _all_of(view: StateView, names: tuple[str, ...], states: ir.Table) -> ir.BooleanValue:
    result = view.predicates[names[0]](states)
    for name in names[1:]:
        result = result & view.predicates[name](states)
    return result


def cumulate(changes: ir.Table, grid: ir.Table, columns: Sequence[str]) -> ir.Table:
    """Running sums of monthly changes over the council × month grid: the counts at each month end."""
    t = grid.left_join(changes, ["council", "month"]).select(
        grid.council, grid.month, *[changes[c].fill_null(0).name(c) for c in columns]
    )
    running = ibis.window(group_by=t.council, order_by=t.month, rows=(None, 0))
    return t.select("council", "month", **{c: t[c].sum().over(running) for c in columns})


def caseload_aggregates(
    view: StateView, indicators: Sequence[Indicator], grid: ir.Table, first_month: int, last_month: int
) -> ir.Table:
    """Per council and month end: total children allocated, case-holding workers and the largest caseload.

    A child allocated twice to one worker counts once for that worker. A worker's caseload is
    cumulated only at the months it changes, never over a workers × months grid: the total and the
    number of case-holding workers are per-council running sums of those changes, like any snapshot;
    only the largest caseload needs every month of a worker, and for it each span of months with a
    positive caseload is spread over its months (a worker between allocations, before the first or
    after the last, adds no rows).
    A view keyed by `team_group` as well (caseloads by team group, WF9-WF13) gives each indicator
    the caseloads of the group its `measure.where` names, all groups in one query.
    """
    if view.covers:
        # Each worker-and-child pair's allocations are merged already, so its changes are the changes
        # of "allocated > 0" and the workers' sums need no state per pair.
        states = _in_months(view.changes, first_month, last_month)
    else:
        states = key_states(view, first_month, last_month)
        states = states.select(
            *view.keys, "council", "month", change=_counted_change(view, ("allocated",), states)
        )
    grouped = "team_group" in view.keys
    worker = ["council", "team_group", "worker_id"] if grouped else ["council", "worker_id"]
    per_worker = states.group_by([*worker, "month"]).aggregate(change=states.change.sum())
    keys = [per_worker[k] for k in worker]
    caseload = per_worker.change.sum().over(
        ibis.window(group_by=keys, order_by=per_worker.month, rows=(None, 0))
    )
    following = per_worker.month.lead().over(ibis.window(group_by=keys, order_by=per_worker.month))
    spans = per_worker.select(
        *worker,
        "month",
        "change",
        caseload=caseload,
        # +1 when the worker starts holding cases this month, -1 when the last case goes.
        holding=(caseload > 0).cast("int64") - (caseload - per_worker.change > 0).cast("int64"),
        until=following.fill_null(last_month + 1),  # the caseload holds until the next change
    )
    group_of = {ind.ref: ind.measure.where if grouped else None for ind in indicators}
    groups = {group: n for n, group in enumerate(dict.fromkeys(group_of.values()))}

    def in_group(t: ir.Table, group: str | None) -> ir.BooleanValue:
        return t.team_group == group if group is not None else ibis.literal(True)

    monthly = spans.group_by(["council", "month"]).aggregate(
        **{f"total{n}": spans.change.sum(where=in_group(spans, g)) for g, n in groups.items()},
        **{f"workers{n}": spans.holding.sum(where=in_group(spans, g)) for g, n in groups.items()},
    )
    counts = cumulate(monthly, grid, [c for c in monthly.columns if c not in ("council", "month")])
    if any(ind.kind is Kind.CASELOAD_MAX for ind in indicators):
        held = spans.filter(spans.caseload > 0)
        # Each span's months, all within the grid's (`until` is at most the month after the last).
        # Most spans last one month: joined to their council's months, each span was compared with
        # every month (about a tenth of `caseloads`' CPU at a batch of ten councils).
        months = held.select(
            "council",
            month=ibis.range(held.month, held.until, 1).unnest(),
            caseload=held.caseload,
            **({"team_group": held.team_group} if grouped else {}),
        )
        largest = months.group_by(["council", "month"]).aggregate(
            **{f"largest{n}": months.caseload.max(where=in_group(months, g)) for g, n in groups.items()}
        )
        joined = counts.left_join(largest, ["council", "month"])
        counts = joined.select(
            counts.council,
            counts.month,
            *[counts[c] for c in counts.columns if c not in ("council", "month")],
            *[joined[f"largest{n}"].fill_null(0).name(f"largest{n}") for n in groups.values()],
        )
    out: dict[str, ir.Value] = {}
    for ind in indicators:
        n = groups[group_of[ind.ref]]
        out[numerator_column(ind.ref)] = counts[
            f"total{n}" if ind.kind is Kind.CASELOAD_MEAN else f"largest{n}"
        ]
        out[denominator_column(ind.ref)] = counts[f"workers{n}"]
    return counts.select("council", "month", **out)
