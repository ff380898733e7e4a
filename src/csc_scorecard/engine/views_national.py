"""Views for the nationally defined indicators (issue 5), registered into `engine.views`' registries.

Same two families as `engine.views`: event views (one row per counted thing, placed in a month by
`event_date`, flags never null) and state views (+1/−1 counter changes per key and month). The
cared-for children's counters (placement groups, visits, stability, health) are in
`views_national_care`; this module registers both.

Month-end rules used below, all in month indexes (see `engine.intervals.interval_changes`): a key
counts at month end m when start ≤ m < end. "On or before the month end" of a date D is
`month(D) ≤ m`; "the month end is on or before D" is `m < month(D + 1 day)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from csc_scorecard.engine import views as core
from csc_scorecard.engine import views_team_groups as team_groups
from csc_scorecard.engine.intervals import covered_changes, interval_changes
from csc_scorecard.engine.views import StateView, ViewInputs, allocations, column, flag, month_of

if TYPE_CHECKING:
    import ibis.expr.types as ir

STEP_UP_REASONS = ("STEP_UP", "STEP_UP_CSC")  # early help end reasons after the council's value map
STEP_DOWN_CLOSURE_REASON = "RC9"  # CIN census: case closed after assessment, referred to early help
MISSING_TYPE = "M"  # SSDA903 missing (A = away from placement without authorisation)
CLA_FIRST_REVIEW_WORKING_DAYS = 20  # Care Planning Regulations 2010 reg. 33
IHA_WORKING_DAYS = 20  # statutory guidance: initial health assessment within 20 working days
HEALTH_ASSESSMENTS = ("IHA", "RHA")
COMPLETED_OR_UNKNOWN = ("COMPLETED",)


def months_after(value: ir.Value, months: int) -> ir.Value:
    """The date `months` calendar months later (the last day of the month when the day does not exist)."""
    return value + ibis.interval(months=months)


def days_after(value: ir.Value, days: int) -> ir.Value:
    return value + ibis.interval(days=days)


def standard(inputs: ViewInputs, name: str, default: tuple[int, str]) -> tuple[int, str]:
    """A local standard (amount, unit) from the settings (`name_unit` keys), else the default."""
    for unit in ("days", "working_days", "weeks", "months"):
        amount = inputs.settings.standards.get(f"{name}_{unit}")
        if amount is not None:
            return amount, unit
    return default


# Early help -----------------------------------------------------------------------------


def early_help_starts(inputs: ViewInputs) -> ir.Table:
    t = inputs.table("ssd_early_help_episodes")
    if not core.has_columns(t, "earl_episode_start_date"):
        return core.empty_events()
    return t.select(
        council=t.council, person_id=column(t, "earl_person_id"), event_date=t.earl_episode_start_date
    )


def early_help_ends(inputs: ViewInputs) -> ir.Table:
    """Early help episodes by end date, with whether the episode ended in a step up to social care."""
    t = inputs.table("ssd_early_help_episodes")
    if not core.has_columns(t, "earl_episode_end_date"):
        return core.empty_events(stepped_up="boolean")
    reason = column(t, "earl_episode_end_reason").upper().strip()
    return t.filter(t.earl_episode_end_date.notnull()).select(
        council=t.council,
        person_id=column(t, "earl_person_id"),
        event_date=t.earl_episode_end_date,
        stepped_up=reason.isin(STEP_UP_REASONS).fill_null(False),
    )


def cin_closures(inputs: ViewInputs) -> ir.Table:
    """Child in need episodes by close date, with whether the episode stepped down to early help.

    Stepped down: closed with reason RC9, or an early help episode for the child started on or
    after the close date and within the council's step-down window (default 28 days) of it.
    """
    t = inputs.table("ssd_cin_episodes")
    if not core.has_columns(t, "cine_referral_id", "cine_close_date"):
        return core.empty_events(stepped_down="boolean")
    closes = t.filter(t.cine_close_date.notnull()).select(
        council=t.council,
        referral_id=t.cine_referral_id,
        person_id=column(t, "cine_person_id"),
        event_date=t.cine_close_date,
        rc9=(column(t, "cine_close_reason").upper().strip() == STEP_DOWN_CLOSURE_REASON).fill_null(False),
    )
    eh = inputs.table("ssd_early_help_episodes")
    if (
        not core.has_columns(eh, "earl_person_id", "earl_episode_start_date")
        or "cine_person_id" not in t.columns
    ):
        return closes.mutate(stepped_down=closes.rc9).drop("referral_id", "rc9")
    amount, unit = standard(inputs, "early_help_step_down_window", (28, "days"))
    starts = eh.select(
        eh_council=eh.council, eh_person=eh.earl_person_id, eh_start=eh.earl_episode_start_date
    )
    latest = (
        months_after(closes.event_date, amount)
        if unit == "months"
        else days_after(closes.event_date, amount * 7 if unit == "weeks" else amount)
    )
    matched = (
        closes.join(
            starts,
            [
                closes.council == starts.eh_council,
                closes.person_id == starts.eh_person,
                starts.eh_start >= closes.event_date,
                starts.eh_start <= latest,
            ],
        )
        .select(m_council=closes.council, m_referral=closes.referral_id)
        .distinct()
    )
    joined = closes.left_join(
        matched, [closes.council == matched.m_council, closes.referral_id == matched.m_referral]
    )
    return joined.select(
        "council",
        "person_id",
        "event_date",
        stepped_down=joined.rc9 | joined.m_referral.notnull(),
    )


# Child in need, section 47, missing ------------------------------------------------------


def s47_outcomes(inputs: ViewInputs) -> ir.Table:
    """Completed section 47 enquiries, with whether each led to an initial conference (CIN15).

    Led to a conference: the outcome's CP conference flag, or an initial conference that names
    the enquiry (`icpc_s47_enquiry_id`).
    """
    t = inputs.table("ssd_s47_enquiry")
    if not core.has_columns(t, "s47e_s47_end_date"):
        return core.empty_events(led_to_conference="boolean")
    rows = t.filter(t.s47e_s47_end_date.notnull()).select(
        council=t.council,
        enquiry_id=column(t, "s47e_s47_enquiry_id"),
        person_id=column(t, "s47e_person_id"),
        event_date=t.s47e_s47_end_date,
        outcome_conference=flag(t, "s47e_s47_outcome_cp_conference_flag"),
    )
    icpc = inputs.table("ssd_initial_cp_conference")
    if not core.has_columns(icpc, "icpc_s47_enquiry_id") or "s47e_s47_enquiry_id" not in t.columns:
        return rows.select("council", "person_id", "event_date", led_to_conference=rows.outcome_conference)
    linked = (
        icpc.filter(icpc.icpc_s47_enquiry_id.notnull())
        .select(l_council=icpc.council, l_enquiry=icpc.icpc_s47_enquiry_id)
        .distinct()
    )
    joined = rows.left_join(linked, [rows.council == linked.l_council, rows.enquiry_id == linked.l_enquiry])
    return joined.select(
        "council",
        "person_id",
        "event_date",
        led_to_conference=joined.outcome_conference | joined.l_enquiry.notnull(),
    )


def missing_episodes(inputs: ViewInputs) -> ir.Table:
    """Missing and away episodes by start date; `reported_missing` = type M (or no type recorded)."""
    t = inputs.table("ssd_missing")
    if not core.has_columns(t, "miss_missing_episode_start_date"):
        return core.empty_events(reported_missing="boolean", rhi_offered="boolean")
    kind = column(t, "miss_missing_episode_type").upper().strip()
    missing = (kind == MISSING_TYPE).fill_null(True)  # no type recorded: counted as missing
    offered = (column(t, "miss_missing_rhi_offered").upper().strip() == "Y").fill_null(False)
    return t.select(
        council=t.council,
        person_id=column(t, "miss_person_id"),
        event_date=t.miss_missing_episode_start_date.date(),
        reported_missing=missing,
        rhi_offered=missing & offered,
    )


def cin_plans(inputs: ViewInputs) -> StateView:
    """Children on child in need plans (CIN16), with DfE's age bands and the team group of the
    child's allocated worker for its breakdowns."""
    t = inputs.table("ssd_cin_plans")
    keys = ("person_id",)
    counters = ("cin_plan", care.AGE_BAND_COUNTER, *team_groups.TEAM_GROUP_COUNTERS)
    predicates = {
        "on_plan": lambda s: s.cin_plan > 0,
        **care.AGE_BAND_PREDICATES,
        **team_groups.TEAM_GROUP_PREDICATES,
    }
    if not core.has_columns(t, "cinp_person_id", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date"):
        return StateView(keys, counters, core.empty_changes(keys), predicates)
    parts = [
        interval_changes(
            t,
            {"person_id": t.cinp_person_id},
            "cin_plan",
            month_of(t.cinp_cin_plan_start_date),
            month_of(t.cinp_cin_plan_end_date),
        )
    ]
    births = care.births_of(inputs, t.select(council=t.council, person_id=t.cinp_person_id))
    if births is not None:
        parts.append(care.age_band_changes(births))
    rows = allocations(inputs)
    if rows is not None:
        # Only the allocations of children with a plan can be counted: the rest are left out early.
        on_plans = t.select(p_council=t.council, p_person=t.cinp_person_id).distinct()
        rows = rows.join(
            on_plans, [rows.council == on_plans.p_council, rows.person_id == on_plans.p_person]
        ).drop("p_council", "p_person")
        parts.append(team_groups.current_team_group_changes(_with_parent_team(inputs, rows)))
    return StateView(keys, counters, core.union_all(parts), predicates)


# Allocated workers (WF5) and caseloads by team group (WF9-WF13) ----------------------------


def cin_children_workers(inputs: ViewInputs) -> StateView:
    """WF1's children in need, with how many allocated workers each had in the 12 months to the date."""
    base = core.cin_children(inputs, merged=False)
    rows = allocations(inputs)
    parts = [base.changes]
    if rows is not None:
        # One allocation counts at month ends [start month, end month + 12) (held during the 12 months
        # to the month end, as for CF4); a worker's overlapping allocations merge, so that a worker
        # counts once per child.
        parts.append(
            covered_changes(
                rows,
                {"person_id": rows.person_id},
                "workers_12_months",
                month_of(rows.start_date),
                month_of(rows.end_date) + 12,
                within={"worker_id": rows.worker_id},
                singles="hash",
            )
        )
    return StateView(
        base.keys,
        (*base.counters, "workers_12_months"),
        core.union_all(parts),
        {
            **base.predicates,
            "three_or_more_workers": lambda s: (s.cin > 0) & (s.workers_12_months >= 3),
        },
    )


PERSONAL_ADVISERS = "PERSONAL_ADVISERS"  # WF13's pseudo team group: care leavers' personal advisers


def team_caseloads(inputs: ViewInputs) -> StateView:
    """Allocations per team group, worker and child (WF9-WF13 in one query; see kinds.caseload_aggregates).

    The team group is the configuration's group of the involvement's team (or of its parent team).
    WF13's group PERSONAL_ADVISERS holds the involvements in the personal-adviser roles; with none
    configured, the allocated social workers' allocations in Leaving Care teams.
    """
    keys = ("team_group", "worker_id", "person_id")
    rows = allocations(inputs)
    if rows is None:
        return StateView(
            keys,
            ("allocated",),
            core.empty_changes(keys),
            {"allocated": lambda s: s.allocated > 0},
            covers=True,
        )
    grouped = _with_parent_team(inputs, rows)
    parts = [grouped.filter(grouped.team_group.notnull())]
    roles = inputs.settings.personal_adviser_roles
    if roles:
        advisers = allocations(inputs, roles)
        assert advisers is not None
        parts.append(advisers.mutate(team_group=ibis.literal(PERSONAL_ADVISERS)))
    else:
        leaving_care = grouped.filter(grouped.team_group == "LEAVING_CARE")
        parts.append(leaving_care.mutate(team_group=ibis.literal(PERSONAL_ADVISERS)))
    columns = ["council", "team_group", "worker_id", "person_id", "start_date", "end_date"]
    every = core.union_all([p.select(*columns) for p in parts])
    changes = covered_changes(
        every,
        {"team_group": every.team_group, "worker_id": every.worker_id, "person_id": every.person_id},
        "allocated",
        month_of(every.start_date),
        month_of(every.end_date),
        singles="hash",
    )
    return StateView(keys, ("allocated",), changes, {"allocated": lambda s: s.allocated > 0}, covers=True)


def _with_parent_team(inputs: ViewInputs, rows: ir.Table) -> ir.Table:
    groups = dict(inputs.settings.team_groups)
    if not groups:
        return rows.mutate(team_group=ibis.null("string"))
    own = rows.team_id.substitute(groups, else_=ibis.null("string"))
    dept = inputs.table("ssd_department")
    if not core.has_columns(dept, "dept_team_id", "dept_team_parent_id"):
        return rows.mutate(team_group=own)
    assert dept is not None
    parents = dept.select(p_council=dept.council, p_team=dept.dept_team_id, p_parent=dept.dept_team_parent_id)
    joined = rows.left_join(parents, [rows.council == parents.p_council, rows.team_id == parents.p_team])
    parent_group = joined.p_parent.substitute(groups, else_=ibis.null("string"))
    return joined.mutate(
        team_group=ibis.coalesce(joined.team_id.substitute(groups, else_=ibis.null("string")), parent_group)
    ).drop("p_council", "p_team", "p_parent")


# Child protection visits (CIN20) and reviews (SG11, SG12) ----------------------------------


def _cp_plans(inputs: ViewInputs) -> ir.Table | None:
    t = inputs.table("ssd_cp_plans")
    if not core.has_columns(t, "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"):
        return None
    assert t is not None
    plans = t.filter(~flag(t, "cppl_cp_plan_ola"))  # other councils' children: not our plans (DfE)
    return plans.select(
        council=plans.council,
        plan_id=column(plans, "cppl_cp_plan_id"),
        person_id=plans.cppl_person_id,
        start_date=plans.cppl_cp_plan_start_date,
        end_date=plans.cppl_cp_plan_end_date,
    )


def cover_months(
    inputs: ViewInputs, day: ir.Value, amount: int, unit: str
) -> tuple[ir.IntegerValue, ir.IntegerValue]:
    """The month ends a dated thing (a visit, a check) keeps a child in timescale: [start, end).

    Months: dated in the `amount` calendar months ending with the month (a visit "in the last
    month" is a visit in the month). Days, weeks, working days: the next one is due that long after
    it, and the child is in timescale at a month end on or before the due date.
    """
    start = month_of(day)
    if unit == "months":
        return start, start + amount
    if unit == "working_days":
        raise ValueError("a working-day cover needs the calendar: use working_day_due")
    days = amount * 7 if unit == "weeks" else amount
    return start, month_of(days_after(day, days + 1))


def cp_children_visits(inputs: ViewInputs) -> StateView:
    """Children on plans (CIN18's count), whether the plan has lasted the local minimum (default 1
    month) and whether a visit keeps them in the local visiting standard (default 1 month)."""
    base = core.cp_children(inputs)
    parts = [base.changes]
    plans = _cp_plans(inputs)
    if plans is not None:
        amount, unit = standard(inputs, "cp_visit_min_plan_length", (1, "months"))
        start = (
            month_of(plans.start_date) + amount
            if unit == "months"
            else month_of(days_after(plans.start_date, amount * 7 if unit == "weeks" else amount))
        )
        parts.append(
            interval_changes(
                plans, {"person_id": plans.person_id}, "plan_settled", start, month_of(plans.end_date)
            )
        )
    visits = inputs.table("ssd_cp_visits")
    if core.has_columns(visits, "cppv_person_id", "cppv_cp_visit_date"):
        assert visits is not None
        seen = column(visits, "cppv_cp_visit_seen", type_="boolean")
        v = visits.filter(visits.cppv_cp_visit_date.notnull() & (seen != False).fill_null(True))  # noqa: E712
        amount, unit = standard(inputs, "cp_visit_within", (1, "months"))
        if unit == "working_days":
            v = working_day_due(inputs, v, "cppv_cp_visit_date", amount)
            start, end = month_of(v.cppv_cp_visit_date), month_of(days_after(v.due_date, 1))
        else:
            start, end = cover_months(inputs, v.cppv_cp_visit_date, amount, unit)
        parts.append(interval_changes(v, {"person_id": v.cppv_person_id}, "visited", start, end))
    return StateView(
        base.keys,
        (*base.counters, "plan_settled", "visited"),
        core.union_all(parts),
        {
            **base.predicates,
            "visit_due": lambda s: (s.plan > 0) & (s.plan_settled > 0),
            "visited_in_time": lambda s: (s.plan > 0) & (s.plan_settled > 0) & (s.visited > 0),
        },
    )


def working_day_due(inputs: ViewInputs, table: ir.Table, date_column: str, n: int) -> ir.Table:
    """`table` with `due_date`: the Nth working day after its date (day 0 = the date, or the next
    working day when it is not one), looked up in the run's working calendar."""
    calendar = inputs.calendar
    if calendar is None:
        raise ValueError("working-day due dates need the run's calendar (ViewInputs.calendar)")
    start = calendar.select(
        c_council=calendar.council, c_date=calendar.date, c_day0=calendar.working_day_on_or_after
    )
    days = calendar.filter(calendar.is_working_day).select(
        d_council=calendar.council, d_number=calendar.working_days_to_date, due_date=calendar.date
    )
    t = table.left_join(start, [table.council == start.c_council, table[date_column] == start.c_date])
    t = t.left_join(days, [t.council == days.d_council, t.c_day0 + n == days.d_number])
    return t.drop("c_council", "c_date", "c_day0", "d_council", "d_number")


def review_chain(reviews: ir.Table, spells: ir.Table, first_due: str | None, second_months: int) -> ir.Table:
    """Reviews due in each spell (a plan, a period of care) and whether each was held on time.

    `spells`: council, spell_id, person_id, start_date, end_date (+ the column named `first_due`,
    if given: the first review's due date; otherwise it is 3 months after the start). `reviews`: council, person_id,
    review_date. A review belongs to the spell it falls in. Due dates: the first as given; the
    second `second_months` after the first review; later ones 6 months after the one before.
    A review is due only while the spell is open on its due date. Rows: one per due review, with
    `held_date` (null = not recorded), `event_date` = the due date, flags on_time, late, not_recorded.
    """
    joined = reviews.join(
        spells,
        [
            reviews.council == spells.council,
            reviews.person_id == spells.person_id,
            reviews.review_date >= spells.start_date,
            spells.end_date.isnull() | (reviews.review_date <= spells.end_date),
        ],
    ).select(spells.council, spells.spell_id, spells.person_id, reviews.review_date)
    held = joined.distinct()
    order = ibis.window(group_by=[held.council, held.spell_id], order_by=held.review_date)
    held = held.mutate(number=ibis.row_number().over(order) + 1)  # row_number counts from 0
    # Due k+1 follows review k; review k is held against due k.
    nxt = held.mutate(
        due_number=held.number + 1,
        due_date=(held.number == 1).ifelse(
            months_after(held.review_date, second_months), months_after(held.review_date, 6)
        ),
    ).select("council", "spell_id", "due_number", "due_date")
    first = spells.select(
        "council",
        "spell_id",
        due_number=ibis.literal(1, "int64"),
        due_date=spells[first_due] if first_due is not None else months_after(spells.start_date, 3),
    )
    dues = first.union(nxt.mutate(due_number=nxt.due_number.cast("int64")))
    ends = spells.select(
        e_council=spells.council, e_spell=spells.spell_id, e_person=spells.person_id, e_end=spells.end_date
    )
    dues = dues.join(ends, [dues.council == ends.e_council, dues.spell_id == ends.e_spell])
    dues = dues.filter(dues.due_date.notnull() & (dues.e_end.isnull() | (dues.e_end > dues.due_date)))
    got = held.select(
        h_council=held.council,
        h_spell=held.spell_id,
        h_number=held.number.cast("int64"),
        held_date=held.review_date,
    )
    rows = dues.left_join(
        got,
        [dues.council == got.h_council, dues.spell_id == got.h_spell, dues.due_number == got.h_number],
    )
    return rows.select(
        council=rows.council,
        person_id=rows.e_person,
        spell_id=rows.spell_id,
        event_date=rows.due_date,
        held_date=rows.held_date,
        on_time=(rows.held_date <= rows.due_date).fill_null(False),
        late=(rows.held_date > rows.due_date).fill_null(False),
        not_recorded=rows.held_date.isnull(),
    )


def cp_reviews_due(inputs: ViewInputs) -> ir.Table:
    """Child protection reviews due (D10): first within 3 months of the plan's start, then at most
    every 6 months while the plan lasts."""
    empty = core.empty_events(
        spell_id="string", held_date="date", on_time="boolean", late="boolean", not_recorded="boolean"
    )
    plans = _cp_plans(inputs)
    t = inputs.table("ssd_cp_reviews")
    if plans is None or not core.has_columns(t, "cppr_person_id", "cppr_cp_review_date"):
        return empty
    assert t is not None
    reviews = t.filter(t.cppr_cp_review_date.notnull()).select(
        council=t.council, person_id=t.cppr_person_id, review_date=t.cppr_cp_review_date
    )
    spells = plans.select(
        "council",
        spell_id=plans.person_id.concat("|", plans.start_date.cast("string")),
        person_id=plans.person_id,
        start_date=plans.start_date,
        end_date=plans.end_date,
    )
    return review_chain(reviews, spells, None, 6)


# Registration ---------------------------------------------------------------------------

from csc_scorecard.engine import views_national_care as care  # noqa: E402

NATIONAL_EVENT_VIEWS = {
    "early_help_starts": early_help_starts,
    "early_help_ends": early_help_ends,
    "cin_closures": cin_closures,
    "s47_outcomes": s47_outcomes,
    "missing_episodes": missing_episodes,
    "cp_reviews_due": cp_reviews_due,
    "care_entries": care.care_entries,
    "cla_reviews_due": care.cla_reviews_due,
}
NATIONAL_STATE_VIEWS = {
    "cin_plans": cin_plans,
    "cin_children_workers": cin_children_workers,
    "cp_children_visits": cp_children_visits,
    "cla_children_detail": care.cla_children_detail,
    "cla_stability_quarter_end": care.cla_stability_quarter_end,
    "care_leavers": care.care_leavers,
    "team_caseloads": team_caseloads,
}
core.register_views(NATIONAL_EVENT_VIEWS, NATIONAL_STATE_VIEWS)
