"""Shared derived views: built once per run from the Dataset, then used by every indicator that names them.

Two families:

* **event views**: one row per counted thing, with `council`, `person_id`, `event_date` (the date that
  places the row in a month) and boolean flags that are never null (a missing flag input means False);
* **state views**: intervals turned into +1/-1 changes of named counters per key (a child, an
  episode, a worker and child), at month indexes. A child's counters at a month end are the
  cumulative sums of its changes, and a named predicate over the counters says whether the child
  is counted ("in care and not on short breaks"). No month × episode join is ever made.

A view reads the columns it can find: an absent optional input simply removes an exclusion (the
indicator's status says so), and an absent required input makes the indicator `not_available`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeGuard

import ibis

from csc_scorecard.engine.calendar import month_index_expr
from csc_scorecard.engine.intervals import alone_and_shared, covered_changes, interval_changes

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from csc_scorecard.engine.settings import ComputeSettings
    from csc_scorecard.ingest.dataset import Dataset

FOSTER_PLACEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6")
# A move to an adoptive placement with the current foster carer is not a new placement (DfE, SSDA903).
ADOPTION_WITH_CURRENT_CARER = ("A3", "A5")
SHORT_BREAK_LEGAL_STATUSES = ("V3", "V4")


@dataclass(frozen=True)
class ViewInputs:
    """What a view builder may read."""

    dataset: Dataset
    settings: ComputeSettings
    spine_start: int
    spine_end: int
    # The run's working calendar (engine.calendar columns), for views that place rows by working days.
    calendar: ir.Table | None = None

    def table(self, name: str) -> ir.Table | None:
        return self.dataset.tables.get(name)


def has_columns(table: ir.Table | None, *columns: str) -> TypeGuard[ir.Table]:
    return table is not None and set(columns) <= set(table.columns)


def column(table: ir.Table, name: str, default: Any = None, type_: str = "string") -> ir.Value:
    """The column if the table has it, else a typed literal default (an absent optional input)."""
    if name in table.columns:
        return table[name]
    if default is None:
        # A cast null, not a null literal: ibis folds comparisons with a bare null literal away.
        return ibis.null().cast(type_)
    return ibis.literal(default, type=type_)


def flag(table: ir.Table, name: str) -> ir.BooleanValue:
    """A boolean column read as True only when it is True; null or absent is False."""
    return column(table, name, False, "boolean").fill_null(False)


# Event views ----------------------------------------------------------------------------


def empty_events(**columns: str) -> ir.Table:
    return empty_rows({"council": "string", "person_id": "string", "event_date": "date", **columns})


def empty_rows(columns: Mapping[str, str]) -> ir.Table:
    return ibis.memtable(ibis.schema(columns).to_pyarrow().empty_table())


def contacts(inputs: ViewInputs) -> ir.Table:
    t = inputs.table("ssd_contacts")
    if not has_columns(t, "cont_contact_date"):
        return empty_events(referred_to_csc="boolean")
    return t.select(
        council=t.council,
        person_id=column(t, "cont_person_id"),
        event_date=t.cont_contact_date.date(),
        referred_to_csc=flag(t, "cont_contact_outcome_new_referral_flag"),
    )


def screenings(inputs: ViewInputs) -> ir.Table:
    t = inputs.table("ext_screening")
    if not has_columns(t, "scrn_start_dttm", "scrn_completed_dttm"):
        return empty_events(started="timestamp", completed="timestamp", ends_in_early_help="boolean")
    outcome = column(t, "scrn_outcome")
    return t.select(
        council=t.council,
        person_id=column(t, "scrn_person_id"),
        event_date=t.scrn_completed_dttm.date(),
        started=t.scrn_start_dttm,
        completed=t.scrn_completed_dttm,
        ends_in_early_help=(outcome == "EARLY_HELP").fill_null(False) & ~flag(t, "scrn_is_rfi"),
    )


def referrals(inputs: ViewInputs) -> ir.Table:
    """Referrals, each with whether the child had a previous referral in the 12 months before it."""
    t = inputs.table("ssd_cin_episodes")
    if not has_columns(t, "cine_referral_date"):
        return empty_events(is_re_referral="boolean")
    person = column(t, "cine_person_id")
    base = t.select(council=t.council, person_id=person, event_date=t.cine_referral_date)
    if "cine_person_id" not in t.columns:
        return base.mutate(is_re_referral=ibis.literal(False))
    # The previous referral is the latest earlier *date* for the child: two referrals on one day
    # are not re-referrals of each other. A range frame over the day number ends the day before, so
    # one window over the referrals finds it, with no distinct dates joined back to the referrals.
    # A child's only referral has none, and most children have one: only the others need the
    # window, which sorts its rows by the child's id.
    alone, several = alone_and_shared(base, ["council", "person_id"])
    earlier = ibis.window(
        group_by=[several.council, several.person_id],
        order_by=several.event_date.epoch_days(),
        range=(None, -1),
    )
    previous_date = several.event_date.max().over(earlier)
    return alone.mutate(is_re_referral=ibis.literal(False)).union(
        several.mutate(
            is_re_referral=(previous_date >= several.event_date - ibis.interval(months=12)).fill_null(False)
        )
    )


def assessments(inputs: ViewInputs) -> ir.Table:
    t = inputs.table("ssd_cin_assessments")
    if not has_columns(t, "cina_assessment_auth_date"):
        return empty_events(start_date="date", auth_date="date", not_in_need="boolean")
    return t.select(
        council=t.council,
        person_id=column(t, "cina_person_id"),
        event_date=t.cina_assessment_auth_date,
        start_date=column(t, "cina_assessment_start_date", type_="date"),
        auth_date=t.cina_assessment_auth_date,
        # CIN5: the assessment found no further action needed (the flag, or the outcome's NFA key)
        not_in_need=flag(t, "cina_assessment_outcome_nfa") | flag(t, "cina_assessment_outcome_nfa_flag"),
    )


def s47_completed(inputs: ViewInputs) -> ir.Table:
    t = inputs.table("ssd_s47_enquiry")
    if not has_columns(t, "s47e_s47_end_date"):
        return empty_events()
    return t.select(council=t.council, person_id=column(t, "s47e_person_id"), event_date=t.s47e_s47_end_date)


def icpcs(inputs: ViewInputs) -> ir.Table:
    """Initial conferences (one row per child), with the start of the section 47 enquiry that led to each."""
    t = inputs.table("ssd_initial_cp_conference")
    extra = {
        "meeting_id": "string",
        "icpc_date": "date",
        "s47_start_date": "date",
        "timeliness_counted": "boolean",
    }
    if not has_columns(t, "icpc_icpc_date"):
        return empty_events(**extra)
    s47 = inputs.table("ssd_s47_enquiry")
    base = t.select(
        council=t.council,
        person_id=column(t, "icpc_person_id"),
        event_date=t.icpc_icpc_date,
        meeting_id=column(t, "icpc_icpc_meeting_id"),
        icpc_date=t.icpc_icpc_date,
        s47_id=column(t, "icpc_s47_enquiry_id"),
        transfer_in=flag(t, "icpc_icpc_transfer_in"),
    )
    if s47 is not None and {"s47e_s47_enquiry_id", "s47e_s47_start_date"} <= set(s47.columns):
        starts = s47.select(
            s47_council=s47.council, s47_id_=s47.s47e_s47_enquiry_id, s47_start_date=s47.s47e_s47_start_date
        )
        joined = base.left_join(
            starts, [base.council == starts.s47_council, base.s47_id == starts.s47_id_]
        ).drop("s47_council", "s47_id_")
    else:
        joined = base.mutate(s47_start_date=ibis.literal(None, type="date"))
    return joined.mutate(timeliness_counted=~joined.transfer_in & joined.s47_start_date.notnull()).drop(
        "s47_id", "transfer_in"
    )


# The registries are plain dicts: modules with further indicator families (views_national,
# views_local) add their builders with `register_views` when they are imported.
EVENT_VIEWS: dict[str, Callable[[ViewInputs], ir.Table]] = {
    "contacts": contacts,
    "screenings": screenings,
    "referrals": referrals,
    "assessments": assessments,
    "s47_completed": s47_completed,
    "icpcs": icpcs,
}


# State views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StateView:
    """Counter changes per key and month, and the predicates that say who is counted at a month end.

    `changes` has columns council, *keys, month, counter (a name), change (+1 or -1).
    A predicate takes the table of cumulated counters (one integer column per counter) and
    returns a boolean expression.

    `covers`: every counter's changes are its keys' merged covers (`engine.intervals.covered_changes`),
    or each key has one interval only (the key is its table's key, which loading keeps unique in a
    council), so each counter is 0 or 1 at every month end and changes at most once a month: a key's
    change of a counter is its change of "counter > 0". A consumer may then count keys from the
    changes without each key's running sums.
    """

    keys: tuple[str, ...]
    counters: tuple[str, ...]
    changes: ir.Table
    predicates: Mapping[str, Callable[[ir.Table], ir.BooleanValue]] = field(default_factory=dict)
    covers: bool = False


def union_all(parts: list[ir.Table]) -> ir.Table:
    """The parts' rows, duplicates kept (Ibis pairs the parts into a balanced tree of unions)."""
    first, *rest = parts
    return first.union(*rest) if rest else first


def empty_changes(keys: tuple[str, ...]) -> ir.Table:
    return empty_rows(
        {
            "council": "string",
            **dict.fromkeys(keys, "string"),
            "month": "int64",
            "counter": "string",
            "change": "int64",
        }
    )


def month_of(value: ir.Value) -> ir.IntegerValue:
    return month_index_expr(value).cast("int64")


def cin_children(inputs: ViewInputs, merged: bool = True) -> StateView:
    """Children in need by person: counter `cin`, the child's CIN episodes open at the month end.

    Merged (the default), each child's overlapping episodes are one cover, so the counter is 0 or 1
    and the children counted need no running sum per child (`StateView.covers`). Most children have
    one episode (77% at the first batch of 150 bench councils), so only the others go through the
    merging (`covered_changes(singles="grouping")`: the query 0.139 → 0.121–0.131 CPU-s, one thread;
    routing by a hash of the key, as the allocations are, cost it a sixth more). A view that adds
    counters of its own needs each child's running sums anyway and takes the episodes unmerged,
    which spares the merging.
    """
    t = inputs.table("ssd_cin_episodes")
    keys = ("person_id",)
    if not has_columns(t, "cine_person_id", "cine_referral_date", "cine_close_date"):
        changes = empty_changes(keys)
    else:
        key, start, end = (
            {"person_id": t.cine_person_id},
            month_of(t.cine_referral_date),
            month_of(t.cine_close_date),
        )
        changes = (
            covered_changes(t, key, "cin", start, end, singles="grouping")
            if merged
            else interval_changes(t, key, "cin", start, end)
        )
    return StateView(keys, ("cin",), changes, {"open": lambda s: s.cin > 0}, covers=merged)


def early_help_episodes(inputs: ViewInputs) -> StateView:
    t = inputs.table("ssd_early_help_episodes")
    keys = ("episode_id",)
    if not has_columns(t, "earl_episode_id", "earl_episode_start_date", "earl_episode_end_date"):
        changes = empty_changes(keys)
    else:
        changes = interval_changes(
            t,
            {"episode_id": t.earl_episode_id},
            "eh",
            month_of(t.earl_episode_start_date),
            month_of(t.earl_episode_end_date),
        )
    # Each episode is one row (its id is the table's key, unique in a council once loaded), so one
    # interval per key: the counter is 0 or 1 and changes at most once a month, as merged covers do.
    return StateView(keys, ("eh",), changes, {"open": lambda s: s.eh > 0}, covers=True)


def cp_children(inputs: ViewInputs) -> StateView:
    """Children on plans, and on a plan that has reached its 18-month or second anniversary.

    A plan started on day d of month s reaches "18 months" on the same day of month s + 18 (the
    last day of the month when that day does not exist), which is on or before that month's end:
    so it counts from month end s + 18 onwards, and until the month its plan ends.
    """
    t = inputs.table("ssd_cp_plans")
    keys = ("person_id",)
    counters = ("plan", "plan_18_months", "plan_2_years")
    if not has_columns(t, "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"):
        changes = empty_changes(keys)
    else:
        plans = t.filter(~flag(t, "cppl_cp_plan_ola"))  # other councils' children: not our plans (DfE)
        start, end = month_of(plans.cppl_cp_plan_start_date), month_of(plans.cppl_cp_plan_end_date)
        person = {"person_id": plans.cppl_person_id}
        changes = union_all(
            [
                interval_changes(plans, person, "plan", start, end),
                interval_changes(plans, person, "plan_18_months", start + 18, end),
                interval_changes(plans, person, "plan_2_years", start + 24, end),
            ]
        )
    return StateView(
        keys,
        counters,
        changes,
        {
            "on_plan": lambda s: s.plan > 0,
            "on_plan_18_months": lambda s: s.plan_18_months > 0,
            "on_plan_2_years": lambda s: s.plan_2_years > 0,
        },
    )


def cla_children(inputs: ViewInputs) -> StateView:
    """Children in care, on short breaks, in foster placements, and their placements in the last 12 months."""
    keys = ("person_id",)
    counters = ("care", "short_breaks", "foster", "placements_12_months")
    parts: list[ir.Table] = []
    short_breaks = short_break_spells(inputs)
    parts.extend(care_counters(inputs, short_breaks))
    placements = _placements(inputs)
    if placements is not None:
        # Every foster placement: a child on short breaks is not `in_care`, whatever its placements.
        foster = placements.filter(placements.placement_type.isin(FOSTER_PLACEMENTS))
        parts.append(
            interval_changes(
                foster,
                {"person_id": foster.person_id},
                "foster",
                month_of(foster.start_date),
                month_of(foster.end_date),
            )
        )
        # Held during the 12 months to month end m: started on or before end(m) and not ended on or
        # before end(m − 12), i.e. start month ≤ m ≤ end month + 11: the interval [start, end + 12).
        placements = _outside_short_breaks(placements, short_breaks)
        counted = placements.filter(placements.counts_as_placement)
        parts.append(
            interval_changes(
                counted,
                {"person_id": counted.person_id},
                "placements_12_months",
                month_of(counted.start_date),
                month_of(counted.end_date) + 12,
            )
        )
    changes = union_all(parts) if parts else empty_changes(keys)

    def in_care(s: ir.Table) -> ir.BooleanValue:
        return (s.care > 0) & (s.short_breaks == 0)

    return StateView(
        keys,
        counters,
        changes,
        {
            "in_care": in_care,
            "fostered": lambda s: in_care(s) & (s.foster > 0),
            "three_or_more_placements": lambda s: in_care(s) & (s.placements_12_months >= 3),
        },
    )


def care_counters(inputs: ViewInputs, short_breaks: ir.Table | None) -> list[ir.Table]:
    """Per child, CF1's two interval counters: in care (any episode) and on short breaks (V3/V4,
    the spells from `short_break_spells`)."""
    parts: list[ir.Table] = []
    episodes = inputs.table("ssd_cla_episodes")
    if has_columns(episodes, "clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"):
        assert episodes is not None
        parts.append(
            interval_changes(
                episodes,
                {"person_id": episodes.clae_person_id},
                "care",
                month_of(episodes.clae_cla_episode_start_date),
                month_of(episodes.clae_cla_episode_ceased_date),
            )
        )
    if short_breaks is not None:
        parts.append(
            interval_changes(
                short_breaks,
                {"person_id": short_breaks.person_id},
                "short_breaks",
                month_of(short_breaks.start_date),
                month_of(short_breaks.end_date),
            )
        )
    return parts


def short_break_spells(inputs: ViewInputs) -> ir.Table | None:
    t = inputs.table("ssd_legal_status")
    if not has_columns(
        t, "lega_person_id", "lega_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date"
    ):
        return None
    assert t is not None
    spells = t.filter(t.lega_legal_status.upper().strip().isin(SHORT_BREAK_LEGAL_STATUSES))
    return spells.select(
        council=spells.council,
        person_id=spells.lega_person_id,
        start_date=spells.lega_legal_status_start_date,
        end_date=spells.lega_legal_status_end_date,
    )


def _placements(inputs: ViewInputs) -> ir.Table | None:
    """Placements with `counts_as_placement`: whether a move into it is a new placement for CF4
    (`_outside_short_breaks` then drops the short breaks)."""
    t = inputs.table("ssd_cla_placement")
    needed = (
        "clap_cla_placement_id",
        "clap_person_id",
        "clap_cla_placement_start_date",
        "clap_cla_placement_end_date",
    )
    if not has_columns(t, *needed, "clap_cla_placement_type"):
        return None
    assert t is not None
    placement_type = t.clap_cla_placement_type.upper().strip()
    reason = column(t, "clap_cla_placement_change_reason").upper().strip()
    rows = t.select(
        council=t.council,
        placement_id=t.clap_cla_placement_id,
        person_id=t.clap_person_id,
        start_date=t.clap_cla_placement_start_date,
        end_date=t.clap_cla_placement_end_date,
        placement_type=placement_type,
        counts_as_placement=(
            ~placement_type.isin(ADOPTION_WITH_CURRENT_CARER).fill_null(False)
            & (reason != "PLACE").fill_null(True)
            # under 24 hours: with dates only, a placement that ends on the day it starts
            & (
                t.clap_cla_placement_end_date.isnull()
                | (t.clap_cla_placement_end_date > t.clap_cla_placement_start_date)
            )
        ),
    )
    return rows


def _outside_short_breaks(rows: ir.Table, short_breaks: ir.Table | None) -> ir.Table:
    """`_placements` with `counts_as_placement` false for those that start during a short-breaks
    legal status: such a placement is a short break, not a placement (CF4). Only CF4's counter needs
    this; joining the foster counter's placements too ran the join twice (a sixth of `cla_children`'s CPU)."""
    if short_breaks is None:
        return rows
    sb = short_breaks.select(
        sb_council="council", sb_person="person_id", sb_start="start_date", sb_end="end_date"
    )
    during = (
        rows.join(
            sb,
            [
                rows.council == sb.sb_council,
                rows.person_id == sb.sb_person,
                sb.sb_start <= rows.start_date,
                sb.sb_end.isnull() | (sb.sb_end > rows.start_date),
            ],
        )
        .select(during_council=rows.council, during_id=rows.placement_id)
        .distinct()
    )
    marked = rows.left_join(
        during, [rows.council == during.during_council, rows.placement_id == during.during_id]
    )
    return marked.mutate(counts_as_placement=marked.counts_as_placement & marked.during_id.isnull()).drop(
        "during_council", "during_id"
    )


def caseloads(inputs: ViewInputs) -> StateView:
    """Allocations of children to workers (in the configured allocated-worker roles), per worker and child."""
    return allocation_view(allocation_months(inputs))


def allocation_view(months: ir.Table | None) -> StateView:
    """The caseload kind's view: allocations per worker and child, counted at the month ends in
    [start, end) of `months` (council, worker_id, person_id, start, end); None gives no allocations."""
    keys = ("worker_id", "person_id")
    changes = (
        empty_changes(keys)
        if months is None
        else covered_changes(
            months,
            {"worker_id": months.worker_id, "person_id": months.person_id},
            "allocated",
            months.start,
            months.end,
            singles="hash",
        )
    )
    return StateView(keys, ("allocated",), changes, {"allocated": lambda s: s.allocated > 0}, covers=True)


def allocation_months(inputs: ViewInputs) -> ir.Table | None:
    """The allocations (`allocations`) as month intervals: council, worker_id, person_id, start (month
    index of the start) and end (of the end; null while open)."""
    rows = allocations(inputs)
    if rows is None:
        return None
    return rows.select(
        "council", "worker_id", "person_id", start=month_of(rows.start_date), end=month_of(rows.end_date)
    )


def allocations(inputs: ViewInputs, roles: tuple[str, ...] | None = None) -> ir.Table | None:
    """Involvements in the allocated-worker roles (every role when none are configured)."""
    t = inputs.table("ssd_involvements")
    needed = (
        "invo_professional_id",
        "invo_person_id",
        "invo_involvement_start_date",
        "invo_involvement_end_date",
    )
    if not has_columns(t, *needed):
        return None
    rows = t.filter(t.invo_professional_id.notnull() & t.invo_person_id.notnull())
    wanted = inputs.settings.allocated_worker_roles if roles is None else roles
    if wanted and "invo_professional_role_id" in rows.columns:
        rows = rows.filter(rows.invo_professional_role_id.strip().isin(wanted))
    return rows.select(
        council=rows.council,
        worker_id=rows.invo_professional_id,
        person_id=rows.invo_person_id,
        team_id=column(rows, "invo_professional_team"),
        start_date=rows.invo_involvement_start_date,
        end_date=rows.invo_involvement_end_date,
    )


STATE_VIEWS: dict[str, Callable[[ViewInputs], StateView]] = {
    "cin_children": cin_children,
    "early_help_episodes": early_help_episodes,
    "cp_children": cp_children,
    "cla_children": cla_children,
    "caseloads": caseloads,
}


def register_views(
    event: Mapping[str, Callable[[ViewInputs], ir.Table]] | None = None,
    state: Mapping[str, Callable[[ViewInputs], StateView]] | None = None,
) -> None:
    """Add another module's view builders to the registries; a name may be registered once only."""
    for name in [*(event or {}), *(state or {})]:
        if name in EVENT_VIEWS or name in STATE_VIEWS:
            raise ValueError(f"view '{name}' is already registered")
    EVENT_VIEWS.update(event or {})
    STATE_VIEWS.update(state or {})


def view_names() -> frozenset[str]:
    """Every registered view, including those other modules have added."""
    return frozenset(EVENT_VIEWS) | frozenset(STATE_VIEWS)


def __getattr__(name: str) -> frozenset[str]:
    # VIEW_NAMES is computed on use, so it includes views registered after this module was imported.
    if name == "VIEW_NAMES":
        return view_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
