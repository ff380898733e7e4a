"""Cohort views for the local indicators of issue 6: children in care and children in need with their
placement location, placement group, EHC plan and personal education plan (CF7, CF19, CF20, CF27,
CF28, SG4); care leavers at their birthdays (CF30, CF31); Supporting Families (EH12, EH13); and the
caseloads of workers in their assessed and supported year (WF14).

Registered on import (`engine.compute` imports this module). Every snapshot is the +1/−1 counter
pattern of `engine.views`: no month × episode join.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from csc_scorecard.engine import views_national_care as care
from csc_scorecard.engine.intervals import covered_changes, interval_changes
from csc_scorecard.engine.views import (
    StateView,
    ViewInputs,
    allocation_months,
    allocation_view,
    care_counters,
    column,
    empty_changes,
    empty_events,
    flag,
    has_columns,
    month_of,
    register_views,
    short_break_spells,
    union_all,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

# Other placements (CF19): SSDA903 Z1 (Z11-Z14 from 2025-26), and any placement the council flags as
# a section 38(6) residential assessment or an unregistered setting (ext_placement_flag).
OTHER_PLACEMENT_TYPES = ("Z1", "Z11", "Z12", "Z13", "Z14")
PEP_COUNTED_STATUSES = ("COMPLETED", "QA_APPROVED")
EET_ACTIVITIES = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")
# DfE leaves out care leavers who have died or returned home to their parents for 6 months or more.
CARE_LEAVER_EXCLUDED = ("DIED", "RHOM")
ASYE_STATUS = "1"
_NEVER = ibis.null("int64")  # an interval end that never comes: counted from the start on


# Children in care and in need -----------------------------------------------------------------


def children_local(inputs: ViewInputs) -> StateView:
    """Per child: in care (CF1's counters), open referral (WF1), EHC plan, placed in another setting
    (CF19), placement location known / inside the council (CF7), aged 3 to 15 and a current PEP (CF28)."""
    # CF1's two counters, built here rather than filtered out of `cla_children`, whose placement
    # counters this view does not need.
    person = ("person_id",)
    parts: list[ir.Table] = []
    parts.extend(care_counters(inputs, short_break_spells(inputs)))
    cin = inputs.table("ssd_cin_episodes")
    if has_columns(cin, "cine_person_id", "cine_referral_date", "cine_close_date"):
        parts.append(
            interval_changes(
                cin,
                {"person_id": cin.cine_person_id},
                "cin",
                month_of(cin.cine_referral_date),
                month_of(cin.cine_close_date),
            )
        )
    plans = inputs.table("ssd_ehcp_named_plan")
    if has_columns(plans, "ehcn_person_id", "ehcn_named_plan_start_date", "ehcn_named_plan_ceased_date"):
        parts.append(
            interval_changes(
                plans,
                {"person_id": plans.ehcn_person_id},
                "ehcp",
                month_of(plans.ehcn_named_plan_start_date),
                month_of(plans.ehcn_named_plan_ceased_date),
            )
        )
    placements = _placements(inputs)
    if placements is not None:
        for counter, rows in (
            ("other_placement", placements.filter(placements.is_other)),
            ("located", placements.filter(placements.la_code.notnull())),
            ("in_council", placements.filter(placements.in_council)),
        ):
            parts.append(
                interval_changes(
                    rows,
                    {"person_id": rows.person_id},
                    counter,
                    month_of(rows.start_date),
                    month_of(rows.end_date),
                )
            )
    # The age counter only ever counts beside `care` (the PEP cohort), so it is kept for the children
    # with a care episode: every other child in ssd_person would add two rows to the running sums
    # (at 10 councils they were 0.85 million of 1.52 million child-months).
    episodes = inputs.table("ssd_cla_episodes")
    ever_in_care = (
        episodes.select(council=episodes.council, person_id=episodes.clae_person_id)
        if has_columns(episodes, "clae_person_id")
        else None
    )
    born = care.births_of(inputs, ever_in_care)
    if born is not None:
        month = month_of(born.dob)
        # Aged 3 to 15 at a month end: the 3rd birthday is on or before it and the 16th after it.
        parts.append(
            interval_changes(born, {"person_id": born.person_id}, "aged_3_to_15", month + 36, month + 192)
        )
    peps = _current_peps(inputs)
    if peps is not None:
        # `pep` is only tested for being positive: a child's overlapping PEP covers merge first.
        parts.append(covered_changes(peps, {"person_id": peps.person_id}, "pep", peps.start, peps.end))
    counters = (
        "care",
        "short_breaks",
        "cin",
        "ehcp",
        "other_placement",
        "located",
        "in_council",
        "aged_3_to_15",
        "pep",
    )

    def in_care(s: ir.Table) -> ir.BooleanValue:  # as CF1 (engine.views.cla_children)
        return (s.care > 0) & (s.short_breaks == 0)

    def pep_cohort(s: ir.Table) -> ir.BooleanValue:
        return in_care(s) & (s.aged_3_to_15 > 0)

    return StateView(
        person,
        counters,
        union_all(parts) if parts else empty_changes(person),
        {
            "in_care": in_care,
            "in_care_with_ehcp": lambda s: in_care(s) & (s.ehcp > 0),
            "open_referral": lambda s: s.cin > 0,
            "open_referral_with_ehcp": lambda s: (s.cin > 0) & (s.ehcp > 0),
            "other_placement": lambda s: in_care(s) & (s.other_placement > 0),
            "placement_located": lambda s: in_care(s) & (s.located > 0),
            "placed_in_council": lambda s: in_care(s) & (s.located > 0) & (s.in_council > 0),
            "pep_cohort": pep_cohort,
            "pep_current": lambda s: pep_cohort(s) & (s.pep > 0),
        },
    )


def _placements(inputs: ViewInputs) -> ir.Table | None:
    """Placements with `is_other` (CF19), `la_code` (the council the placement is in: the
    placement's own code, else its postcode looked up in ref_postcode_la) and `in_council`."""
    t = inputs.table("ssd_cla_placement")
    if not has_columns(
        t,
        "clap_cla_placement_id",
        "clap_person_id",
        "clap_cla_placement_start_date",
        "clap_cla_placement_end_date",
    ):
        return None
    rows = t.filter(t.clap_cla_placement_start_date.notnull()).select(
        council=t.council,
        placement_id=t.clap_cla_placement_id,
        person_id=t.clap_person_id,
        start_date=t.clap_cla_placement_start_date,
        end_date=t.clap_cla_placement_end_date,
        placement_type=column(t, "clap_cla_placement_type").strip().upper(),
        own_la=column(t, "clap_cla_placement_la").strip().upper(),
        postcode=column(t, "clap_cla_placement_postcode").replace(" ", "").upper(),
    )
    flags = inputs.table("ext_placement_flag")
    if has_columns(flags, "clap_cla_placement_id"):
        marked = flags.select(
            f_council=flags.council,
            f_id=flags.clap_cla_placement_id,
            flagged=flag(flags, "is_s38_6_assessment") | flag(flags, "is_unregistered_setting"),
        )
        rows = rows.left_join(marked, [rows.council == marked.f_council, rows.placement_id == marked.f_id])
        rows = rows.mutate(flagged=rows.flagged.fill_null(False)).drop("f_council", "f_id")
    else:
        rows = rows.mutate(flagged=ibis.literal(False))
    rows = rows.mutate(
        is_other=rows.placement_type.isin(OTHER_PLACEMENT_TYPES).fill_null(False) | rows.flagged
    )
    lookup = inputs.table("ref_postcode_la")
    if has_columns(lookup, "postcode", "la_code"):
        codes = lookup.select(
            l_council=lookup.council,
            l_postcode=lookup.postcode.replace(" ", "").upper(),
            code=lookup.la_code.strip().upper(),
        )
        # One code per postcode (the key of the table; a duplicate takes the smallest code).
        codes = codes.group_by(["l_council", "l_postcode"]).aggregate(l_la=codes.code.min())
        rows = rows.left_join(codes, [rows.council == codes.l_council, rows.postcode == codes.l_postcode])
        rows = rows.mutate(la_code=ibis.coalesce(rows.own_la, rows.l_la)).drop(
            "l_council", "l_postcode", "l_la"
        )
    else:
        rows = rows.mutate(la_code=rows.own_la)
    home = _home_codes(inputs)
    rows = rows.left_join(home, [rows.council == home.h_council, rows.la_code == home.h_code])
    return rows.mutate(in_council=rows.h_code.notnull()).drop("h_council", "h_code")


def _home_codes(inputs: ViewInputs) -> ir.Table:
    """Every code and name each council of the run is known by (DfE code, E-codes, name), upper case:
    from the shipped council list, and the configured home council for a run of one council."""
    from csc_scorecard import reference

    pairs: set[tuple[str, str]] = set()
    councils = inputs.dataset.councils
    for code in councils:
        try:
            known = reference.council(code)
            pairs.update((code, c.upper()) for c in (*known.codes, known.name))
        except KeyError:  # not in the shipped list (a test council): known by its configured names only
            pass
        home = inputs.settings.home_council
        if home and (code in home or len(councils) == 1):
            pairs.update((code, c.strip().upper()) for c in home if c)
    rows = sorted(pairs) or [("", "")]
    return ibis.memtable(
        {"h_council": [c for c, _ in rows], "h_code": [h for _, h in rows]},
        schema=ibis.schema({"h_council": "string", "h_code": "string"}),
    )


def _current_peps(inputs: ViewInputs) -> ir.Table | None:
    """Each PEP's currency in months [start, end): a PEP is reviewed each school term, so one held in a
    term stays current to the end of the following term (autumn = September-December, spring =
    January-March, summer = April-August)."""
    t = inputs.table("ext_pep")
    if not has_columns(t, "pep_person_id", "pep_date"):
        return None
    status = column(t, "pep_status").strip().upper()
    rows = t.filter(t.pep_date.notnull() & (status.isin(PEP_COUNTED_STATUSES) | status.isnull()))
    month = month_of(rows.pep_date)
    number = month % 12 + 1
    year_start = month - number + 1  # January of the PEP's year
    next_term_end = ibis.cases(
        (number >= 9, year_start + 12 + 2),  # autumn → the end of next spring (March)
        (number <= 3, year_start + 7),  # spring → the end of summer (August)
        else_=year_start + 11,  # summer → the end of autumn (December)
    )
    return rows.select(council=rows.council, person_id=rows.pep_person_id, start=month, end=next_term_end + 1)


# Care leavers ------------------------------------------------------------------------------------


def care_leaver_birthdays(inputs: ViewInputs) -> ir.Table:
    """Care leavers' contact at their 17th to 21st birthdays, placed by the birthday (CF30, CF31)."""
    t = inputs.table("ext_care_leaver_contact")
    extra = {
        "counted": "boolean",
        "in_touch": "boolean",
        "eet": "boolean",
        "aged_17_18": "boolean",
        "aged_19_21": "boolean",
    }
    if not has_columns(t, "clbc_birthday_date", "clbc_birthday_age"):
        return empty_events(**extra)
    touch = column(t, "clbc_in_touch").strip().upper()
    age = t.clbc_birthday_age.cast("int64")
    return t.select(
        council=t.council,
        person_id=column(t, "clbc_person_id"),
        event_date=t.clbc_birthday_date,
        counted=age.between(17, 21).fill_null(False) & ~touch.isin(CARE_LEAVER_EXCLUDED).fill_null(False),
        in_touch=(touch == "YES").fill_null(False),
        eet=column(t, "clbc_activity").strip().upper().isin(EET_ACTIVITIES).fill_null(False),
        aged_17_18=age.between(17, 18).fill_null(False),
        aged_19_21=age.between(19, 21).fill_null(False),
    )


# Supporting Families --------------------------------------------------------------------------------


def supporting_families(inputs: ViewInputs) -> StateView:
    """Families attached to the programme, and those with a successful outcome claimed, cumulated from
    the programme's start to each month end (EH12, EH13)."""
    t = inputs.table("ext_supporting_families")
    keys = ("family_id",)
    parts: list[ir.Table] = []
    if has_columns(t, "sfam_id", "sfam_attached_date"):
        family = {"family_id": ibis.coalesce(column(t, "sfam_family_id"), t.sfam_id.cast("string"))}
        parts.append(interval_changes(t, family, "attached", month_of(t.sfam_attached_date), _NEVER))
        if "sfam_outcome_date" in t.columns:
            won = t.filter(t.sfam_outcome_date.notnull() & column(t, "sfam_outcome_type").notnull())
            won_family = {
                "family_id": ibis.coalesce(column(won, "sfam_family_id"), won.sfam_id.cast("string"))
            }
            parts.append(
                interval_changes(won, won_family, "succeeded", month_of(won.sfam_outcome_date), _NEVER)
            )
    return StateView(
        keys,
        ("attached", "succeeded"),
        union_all(parts) if parts else empty_changes(keys),
        {"attached": lambda s: s.attached > 0, "succeeded": lambda s: (s.attached > 0) & (s.succeeded > 0)},
    )


# Workforce -------------------------------------------------------------------------------------


def latest_snapshot(inputs: ViewInputs) -> ir.Table | None:
    """The rows of each council's latest workforce snapshot in each month, with `month` and `fte`
    (a worker without an FTE counts as one full-time worker)."""
    t = inputs.table("ext_workforce_snapshot")
    if not has_columns(t, "wfsn_snapshot_date", "prof_professional_id"):
        return None
    rows = t.mutate(month=month_of(t.wfsn_snapshot_date))
    latest = rows.group_by([rows.council, rows.month]).aggregate(latest_date=rows.wfsn_snapshot_date.max())
    latest = latest.rename(l_council="council", l_month="month")
    joined = rows.join(
        latest,
        [
            rows.council == latest.l_council,
            rows.month == latest.l_month,
            rows.wfsn_snapshot_date == latest.latest_date,
        ],
    )
    return joined.mutate(fte=column(joined, "fte", type_="float64").fill_null(1.0)).drop(
        "l_council", "l_month", "latest_date"
    )


def caseloads_asye(inputs: ViewInputs) -> StateView:
    """WF6's allocations, counted only at month ends when the worker is in their assessed and supported
    year (cfkss_status 1 in the month's latest snapshot) (WF14).

    Being in the ASYE is a property of the worker in a month, so each allocation is cut to the
    worker's runs of ASYE months: an allocation open at a month end counts when the month is in one
    of them. Only the ASYE workers' allocations reach the running sums, not every allocation with an
    ASYE flag beside it (at 10 synthetic councils, workers ever in their ASYE hold 17% of allocations).
    """
    rows = allocation_months(inputs)
    runs = _asye_runs(inputs)
    if rows is None or runs is None:
        return allocation_view(None)
    during = rows.join(
        runs,
        [
            rows.council == runs.a_council,
            rows.worker_id == runs.a_worker,
            rows.start < runs.run_end,
            rows.end.isnull() | (rows.end > runs.run_start),
        ],
    )
    return allocation_view(
        during.select(
            "council",
            "worker_id",
            "person_id",
            start=ibis.greatest(during.start, during.run_start),
            end=ibis.least(during.end.fill_null(during.run_end), during.run_end),
        )
    )


def _asye_runs(inputs: ViewInputs) -> ir.Table | None:
    """Per worker, the runs of consecutive months whose latest snapshot has them in the ASYE, as
    [run_start, run_end) month intervals; None without a snapshot that records cfkss_status."""
    snapshot = latest_snapshot(inputs)
    if snapshot is None or "cfkss_status" not in snapshot.columns:
        return None
    months = (
        snapshot.filter(snapshot.cfkss_status.cast("string").strip() == ASYE_STATUS)
        .select(a_council="council", a_worker=snapshot.prof_professional_id.cast("string"), a_month="month")
        .distinct()
    )
    # Consecutive months share month − (their rank among the worker's months): one run each.
    rank = ibis.row_number().over(group_by=[months.a_council, months.a_worker], order_by=months.a_month)
    months = months.mutate(run=months.a_month - rank)
    return months.group_by(["a_council", "a_worker", "run"]).aggregate(
        run_start=months.a_month.min(), run_end=months.a_month.max() + 1
    )


register_views(
    event={"care_leaver_birthdays": care_leaver_birthdays},
    state={
        "children_local": children_local,
        "supporting_families": supporting_families,
        "caseloads_asye": caseloads_asye,
    },
)
