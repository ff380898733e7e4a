"""Shared views for the local indicators of issue 6, built from the extension tables (`ext_*`).

The same two families as `engine.views`: event views (one row per counted thing, with `council`,
`person_id`, `event_date` and never-null flags) and state views (+1/−1 counter changes per key at
month indexes). Importing this module registers them (`register_views`); `engine.compute` imports it.

Council words never appear here: a receiving or screening service is read through the configured
service map ([services.map] → FRONT_DOOR, OUT_OF_HOURS, EARLY_HELP_HUB, NEIGHBOURHOOD), a team through
the team map ([teams.map] → COMPLEX_SAFEGUARDING ...). The report's display names come from the same
configuration at render time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import ibis

from csc_scorecard.engine.intervals import interval_changes
from csc_scorecard.engine.views import (
    StateView,
    ViewInputs,
    column,
    empty_changes,
    empty_events,
    flag,
    has_columns,
    month_of,
    register_views,
    union_all,
)
from csc_scorecard.schema import CODE_LISTS

if TYPE_CHECKING:
    import ibis.expr.types as ir

# Receiving services whose contacts count as received by children's social care (FD3) and by the
# early help hub and its neighbourhood partners (FD5): canonical codes of the `receiving_service` list.
CSC_SERVICES = ("FRONT_DOOR", "OUT_OF_HOURS")
EARLY_HELP_SERVICES = ("EARLY_HELP_HUB", "NEIGHBOURHOOD")
COMPLEX_SAFEGUARDING = "COMPLEX_SAFEGUARDING"


def canonical_service(value: ir.StringValue, service_map: Mapping[str, str]) -> ir.StringValue:
    """A service name as the case system writes it → its canonical code (as `ServiceMap.code_for`):
    a name in the map takes its code; any other name is read as a code itself (upper case)."""
    trimmed = value.strip()
    if not service_map:
        return trimmed.upper()
    return trimmed.substitute(dict(service_map), else_=trimmed.upper())


def _code(table: ir.Table, name: str) -> ir.StringValue:
    return column(table, name).strip().upper()


def _is(value: ir.StringValue, *codes: str) -> ir.BooleanValue:
    return value.isin(codes).fill_null(False)


# Front door ------------------------------------------------------------------------------


def contact_routing(inputs: ViewInputs) -> ir.Table:
    """Contacts by the service that received them (FD3-FD6) and domestic abuse notifications (FD16)."""
    t = inputs.table("ext_contact_detail")
    extra = {"received_by_csc": "boolean", "received_by_early_help": "boolean", "da_notification": "boolean"}
    if not has_columns(t, "cont_received_dttm"):
        return empty_events(**extra)
    service = canonical_service(column(t, "cont_receiving_service"), inputs.settings.service_map)
    return t.select(
        council=t.council,
        person_id=column(t, "cont_person_id"),
        event_date=t.cont_received_dttm.date(),
        received_by_csc=_is(service, *CSC_SERVICES),
        received_by_early_help=_is(service, *EARLY_HELP_SERVICES),
        da_notification=_is(_code(t, "cont_contact_type"), "DA_NOTIFICATION"),
    )


def contacts_by_receiving_service(inputs: ViewInputs) -> ir.Table:
    """Every contact of the month in ssd_contacts (as FD1), classified by ext_contact_detail's receiving
    service (FD4, FD6).

    The denominator is all contacts, not the contacts that have a detail row: a contact with no row in
    ext_contact_detail stays in it, flagged `detail_not_recorded`, rather than silently dropping out.
    A detail row with no contact in ssd_contacts is in no month here (it still counts in FD3 and FD5).
    """
    contacts = inputs.table("ssd_contacts")
    detail = inputs.table("ext_contact_detail")
    extra = {
        "received_by_csc": "boolean",
        "received_by_early_help": "boolean",
        "detail_not_recorded": "boolean",
    }
    if not has_columns(contacts, "cont_contact_id", "cont_contact_date") or not has_columns(
        detail, "cont_contact_id", "cont_receiving_service"
    ):
        return empty_events(**extra)
    routes = detail.select(
        d_council=detail.council,
        d_contact_id=detail.cont_contact_id,
        d_service=canonical_service(detail.cont_receiving_service, inputs.settings.service_map),
        d_recorded=ibis.literal(True),
    )
    joined = contacts.left_join(
        routes,
        [contacts.council == routes.d_council, contacts.cont_contact_id == routes.d_contact_id],
    )
    return joined.select(
        council=joined.council,
        person_id=column(joined, "cont_person_id"),
        event_date=joined.cont_contact_date.date(),
        received_by_csc=_is(joined.d_service, *CSC_SERVICES),
        received_by_early_help=_is(joined.d_service, *EARLY_HELP_SERVICES),
        detail_not_recorded=joined.d_recorded.isnull(),
    )


def referral_decisions(inputs: ViewInputs) -> ir.Table:
    """Contacts decided as referrals to children's social care, placed by the decision date (CIN3)."""
    t = inputs.table("ext_contact_detail")
    extra = {"received": "timestamp", "decided": "timestamp"}
    if not has_columns(t, "cont_received_dttm", "cont_decision_dttm", "cont_outcome_code"):
        return empty_events(**extra)
    referred = t.filter(_is(_code(t, "cont_outcome_code"), "CSC_REFERRAL"))
    return referred.select(
        council=referred.council,
        person_id=column(referred, "cont_person_id"),
        event_date=referred.cont_decision_dttm.date(),
        received=referred.cont_received_dttm,
        decided=referred.cont_decision_dttm,
    )


SCREENING_OUTCOMES = ("CSC_REFERRAL", "EARLY_HELP", "INFO_ADVICE", "OTHER_AGENCY", "NFA")
# Who asked and what for, on requests for information (FD8b's breakdowns): the contract's code lists.
RFI_CODES = {
    "requester": tuple(c.code for c in CODE_LISTS["rfi_requester"]),
    "nature": tuple(c.code for c in CODE_LISTS["rfi_nature"]),
}


def _rfi_flags(t: ir.Table) -> dict[str, ir.BooleanValue]:
    """`requester_<code>` and `nature_<code>` for each code, and `requester_not_recorded` /
    `nature_not_recorded` for a request without one (blank, or a description no value map turned into
    a code), so the breakdowns add up to FD8b."""
    out: dict[str, ir.BooleanValue] = {}
    for part, codes in RFI_CODES.items():
        value = _code(t, f"scrn_rfi_{part}")
        out.update({f"{part}_{c.lower()}": _is(value, c) for c in codes})
        out[f"{part}_not_recorded"] = value.isnull()
    return out


def screening_outcomes(inputs: ViewInputs) -> ir.Table:
    """Completed screenings, by service, request-for-information, priority and outcome (FD8-FD15), and
    requests for information by requester and nature (FD8b).

    A row is placed in the month of its completion; a screening not yet completed is in no month.
    """
    t = inputs.table("ext_screening")
    rfi_flags = [f"{part}_{c.lower()}" for part, codes in RFI_CODES.items() for c in (*codes, "NOT_RECORDED")]
    flags = (
        "front_door",
        "front_door_rfi",
        "early_help_hub",
        "priority_red",
        "priority_amber",
        *(f"outcome_{o.lower()}" for o in SCREENING_OUTCOMES),
        *rfi_flags,
    )
    extra = {"started": "timestamp", "completed": "timestamp", **dict.fromkeys(flags, "boolean")}
    if not has_columns(t, "scrn_start_dttm", "scrn_completed_dttm", "scrn_service"):
        return empty_events(**extra)
    service = canonical_service(t.scrn_service, inputs.settings.service_map)
    rfi = flag(t, "scrn_is_rfi")
    outcome = _code(t, "scrn_outcome")
    priority = _code(t, "scrn_priority")
    return t.select(
        council=t.council,
        person_id=column(t, "scrn_person_id"),
        event_date=t.scrn_completed_dttm.date(),
        started=t.scrn_start_dttm,
        completed=t.scrn_completed_dttm,
        front_door=_is(service, "FRONT_DOOR") & ~rfi,
        front_door_rfi=_is(service, "FRONT_DOOR") & rfi,
        early_help_hub=_is(service, "EARLY_HELP_HUB") & ~rfi,
        priority_red=_is(priority, "RED"),
        priority_amber=_is(priority, "AMBER"),
        **{f"outcome_{o.lower()}": _is(outcome, o) for o in SCREENING_OUTCOMES},
        **_rfi_flags(t),
    )


# Early help -------------------------------------------------------------------------------

LEAD_ORG_TYPES = ("SCHOOL", "EARLY_YEARS", "HEALTH", "LA_TEAM", "VCS", "OTHER")


def early_help_assessment_events(inputs: ViewInputs) -> ir.Table:
    """Early help assessments started, completed and closed, one row per event (EH8-EH10).

    "Recorded in the council's early help module" is read as led by a council team (lead
    organisation type LA_TEAM): the source system is free text, the lead organisation type is coded.
    """
    t = inputs.table("ext_early_help_assessment")
    extra = {"started": "boolean", "completed": "boolean", "stepped_up": "boolean"}
    if not has_columns(t, "eha_start_date"):
        return empty_events(**extra)
    council_led = _is(_code(t, "eha_lead_org_type"), "LA_TEAM")
    # Each date column is one kind of event, and sets only its own flag.
    flags = {
        "started": ("eha_start_date", council_led),
        "completed": ("eha_completed_date", council_led),
        "stepped_up": ("eha_closed_date", _is(_code(t, "eha_close_outcome"), "STEP_UP_CSC")),
    }
    parts = [
        t.select(
            council=t.council,
            person_id=column(t, "eha_person_id"),
            event_date=t[date],
            **{name: value if name == own else ibis.literal(False) for name, (_, value) in flags.items()},
        )
        for own, (date, _) in flags.items()
        if date in t.columns
    ]
    events = union_all(parts)
    return events.filter(events.event_date.notnull())


def early_help_assessments(inputs: ViewInputs) -> StateView:
    """Council-led early help assessments open at a month end (EH7): open from the start date until
    the closure date (an assessment completed but not closed is still open)."""
    t = inputs.table("ext_early_help_assessment")
    keys = ("assessment_id",)
    if not has_columns(t, "eha_id", "eha_start_date", "eha_closed_date", "eha_lead_org_type"):
        changes = empty_changes(keys)
    else:
        led = t.filter(_is(_code(t, "eha_lead_org_type"), "LA_TEAM"))
        changes = interval_changes(
            led,
            {"assessment_id": led.eha_id},
            "council_led",
            month_of(led.eha_start_date),
            month_of(led.eha_closed_date),
        )
    # One row per assessment (eha_id is the table's key, unique in a council once loaded): one interval
    # per key, so the counter is 0 or 1 and changes at most once a month, as merged covers do.
    return StateView(
        keys, ("council_led",), changes, {"council_led_open": lambda s: s.council_led > 0}, covers=True
    )


# Child in need and child protection -------------------------------------------------------------


def strategy_discussions(inputs: ViewInputs) -> ir.Table:
    """Strategy discussions and meetings held (CIN9-CIN12), by date held."""
    t = inputs.table("ext_strategy_discussion")
    extra = {"outcome_s47": "boolean", "outcome_nfa": "boolean"}
    if not has_columns(t, "strt_date"):
        return empty_events(**extra)
    outcome = _code(t, "strt_outcome")
    return t.select(
        council=t.council,
        person_id=column(t, "strt_person_id"),
        event_date=t.strt_date.date(),
        outcome_s47=_is(outcome, "S47"),
        outcome_nfa=_is(outcome, "NFA"),
    )


def _complex_safeguarding(t: ir.Table, team_groups: Mapping[str, str]) -> ir.BooleanValue:
    """Rows for the complex safeguarding team. When no team is mapped to COMPLEX_SAFEGUARDING the
    table is taken to hold that team's referrals only (the extension table is for specialist teams)."""
    teams = [team for team, group in team_groups.items() if group == COMPLEX_SAFEGUARDING]
    if not teams or "tref_team_id" not in t.columns:
        return ibis.literal(True)
    return t.tref_team_id.strip().isin(teams).fill_null(False)


def team_referrals(inputs: ViewInputs) -> ir.Table:
    """Referrals into the complex safeguarding team (CIN25, CIN26), by referral date."""
    t = inputs.table("ext_team_referral")
    extra = {"closed_nfa": "boolean"}
    if not has_columns(t, "tref_referral_date"):
        return empty_events(**extra)
    rows = t.filter(_complex_safeguarding(t, inputs.settings.team_groups))
    return rows.select(
        council=rows.council,
        person_id=column(rows, "tref_person_id"),
        event_date=rows.tref_referral_date,
        closed_nfa=_is(_code(rows, "tref_decision"), "NFA"),
    )


def team_cases(inputs: ViewInputs) -> StateView:
    """Children open to the complex safeguarding team at a month end (CIN27): open from the open date
    until the closure date."""
    t = inputs.table("ext_team_referral")
    keys = ("person_id",)
    if not has_columns(t, "tref_person_id", "tref_open_date", "tref_close_date"):
        changes = empty_changes(keys)
    else:
        rows = t.filter(_complex_safeguarding(t, inputs.settings.team_groups) & t.tref_open_date.notnull())
        changes = interval_changes(
            rows,
            {"person_id": rows.tref_person_id},
            "open",
            month_of(rows.tref_open_date),
            month_of(rows.tref_close_date),
        )
    return StateView(keys, ("open",), changes, {"open": lambda s: s.open > 0})


def cin_plan_reviews(inputs: ViewInputs) -> ir.Table:
    """Child in need plan reviews by due date (CIN17): on time when held on or before the due date; a
    review due but not held (as at the extract) is not on time."""
    t = inputs.table("ext_cin_plan_review")
    if not has_columns(t, "cinr_due_date", "cinr_review_date"):
        return empty_events(on_time="boolean")
    return t.select(
        council=t.council,
        person_id=column(t, "cinr_person_id"),
        event_date=t.cinr_due_date,
        on_time=(t.cinr_review_date <= t.cinr_due_date).fill_null(False),
    )


RHI_WITHIN_SECONDS = 72 * 3600  # statutory guidance: an interview within 72 hours of the return


def missing_return_interviews(inputs: ViewInputs) -> ir.Table:
    """Missing episodes by start date (as CIN21: type M, or no type), with whether the return home
    interview was completed within 72 clock hours of the return (CIN23)."""
    t = inputs.table("ssd_missing")
    rhi = inputs.table("ext_missing_rhi")
    if not has_columns(t, "miss_table_id", "miss_missing_episode_start_date") or not has_columns(
        rhi, "miss_table_id", "rhi_completed_dttm"
    ):
        return empty_events(rhi_within_72_hours="boolean")
    missing = t.filter(_code(t, "miss_missing_episode_type").fill_null("M") == "M")
    interviews = rhi.select(r_council=rhi.council, r_id=rhi.miss_table_id, completed=rhi.rhi_completed_dttm)
    joined = missing.left_join(
        interviews, [missing.council == interviews.r_council, missing.miss_table_id == interviews.r_id]
    )
    returned = column(joined, "miss_missing_episode_end_date", type_="timestamp")
    elapsed = joined.completed.epoch_seconds() - returned.cast("timestamp").epoch_seconds()
    return joined.select(
        council=joined.council,
        person_id=column(joined, "miss_person_id"),
        event_date=joined.miss_missing_episode_start_date.date(),
        rhi_within_72_hours=((elapsed >= 0) & (elapsed <= RHI_WITHIN_SECONDS)).fill_null(False),
    )


# Safeguarding and quality assurance ---------------------------------------------------------


def education_status(inputs: ViewInputs) -> StateView:
    """Children missing education (SG1), home educated (SG2), and home educated while open to
    children's social care (SG3: an open referral, as WF1)."""
    t = inputs.table("ext_education_status")
    keys = ("person_id",)
    counters = ("cme", "ehe", "cin")
    parts: list[ir.Table] = []
    if has_columns(t, "edus_id", "edus_status", "edus_start_date", "edus_end_date"):
        rows = _education_rows(inputs, t)
        for counter, code in (("cme", "CME"), ("ehe", "EHE")):
            these = rows.filter(rows.status == code)
            parts.append(
                interval_changes(
                    these,
                    {"person_id": these.person_key},
                    counter,
                    month_of(these.start),
                    month_of(these.end),
                )
            )
    cin = inputs.table("ssd_cin_episodes")
    if parts and has_columns(cin, "cine_person_id", "cine_referral_date", "cine_close_date"):
        parts.append(
            interval_changes(
                cin,
                {"person_id": cin.cine_person_id},
                "cin",
                month_of(cin.cine_referral_date),
                month_of(cin.cine_close_date),
            )
        )
    changes = union_all(parts) if parts else empty_changes(keys)
    return StateView(
        keys,
        counters,
        changes,
        {
            "missing_education": lambda s: s.cme > 0,
            "home_educated": lambda s: s.ehe > 0,
            "home_educated_open_to_csc": lambda s: (s.ehe > 0) & (s.cin > 0),
        },
    )


def _education_rows(inputs: ViewInputs, t: ir.Table) -> ir.Table:
    """Education status spells keyed by child: the person id when given; else the child whose UPN it
    is (ssd_person.pers_upn); else a key of the record itself, which matches no referral."""
    rows = t.select(
        council=t.council,
        own_key=ibis.literal("edus:") + t.edus_id.cast("string"),
        person=column(t, "edus_person_id"),
        upn=column(t, "edus_upn").strip(),
        status=t.edus_status.strip().upper(),
        start=t.edus_start_date,
        end=t.edus_end_date,
    )
    people = inputs.table("ssd_person")
    if "edus_upn" not in t.columns or not has_columns(people, "pers_person_id", "pers_upn"):
        return rows.mutate(person_key=ibis.coalesce(rows.person, rows.own_key))
    lookup = (
        people.filter(people.pers_upn.notnull())
        .select(l_council=people.council, l_upn=people.pers_upn.strip(), l_person=people.pers_person_id)
        .distinct()
    )
    joined = rows.left_join(lookup, [rows.council == lookup.l_council, rows.upn == lookup.l_upn])
    return joined.mutate(person_key=ibis.coalesce(joined.person, joined.l_person, joined.own_key))


def conference_attendance(inputs: ViewInputs) -> ir.Table:
    """Agencies invited to initial child protection conferences, one row per meeting and agency (SG8-SG10).

    Without `conf_type` every row is taken to be an initial conference; without `conf_invited` every
    agency listed is taken to have been invited.
    """
    t = inputs.table("ext_conference_attendance")
    agencies = ("police", "health", "education")
    extra = {"meeting_id": "string", "attended": "boolean", **{f"{a}_invited": "boolean" for a in agencies}}
    if not has_columns(t, "conf_date", "conf_agency"):
        return empty_events(**extra)
    rows = t.filter(_code(t, "conf_type").fill_null("ICPC") == "ICPC") if "conf_type" in t.columns else t
    agency = rows.conf_agency.strip().upper()
    invited = column(rows, "conf_invited", True, "boolean").fill_null(True)
    return rows.select(
        council=rows.council,
        person_id=ibis.null().cast("string"),
        event_date=rows.conf_date,
        meeting_id=column(rows, "conf_meeting_id"),
        attended=flag(rows, "conf_attended"),
        **{f"{a}_invited": (agency == a.upper()).fill_null(False) & invited for a in agencies},
    )


AUDIT_GRADES = ("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE")


def case_audits(inputs: ViewInputs) -> ir.Table:
    """Case audits completed (SG16-SG20), graded by the moderated grade when there is one."""
    t = inputs.table("ext_case_audit")
    extra = {"good_or_outstanding": "boolean", "requires_improvement": "boolean", "inadequate": "boolean"}
    if not has_columns(t, "audt_completed_date"):
        return empty_events(**extra)
    grade = ibis.coalesce(_code(t, "audt_moderated_grade"), _code(t, "audt_grade"))
    return t.select(
        council=t.council,
        person_id=column(t, "audt_person_id"),
        event_date=t.audt_completed_date,
        good_or_outstanding=_is(grade, "OUTSTANDING", "GOOD"),
        requires_improvement=_is(grade, "REQUIRES_IMPROVEMENT"),
        inadequate=_is(grade, "INADEQUATE"),
    )


register_views(
    event={
        "contact_routing": contact_routing,
        "contacts_by_receiving_service": contacts_by_receiving_service,
        "referral_decisions": referral_decisions,
        "screening_outcomes": screening_outcomes,
        "early_help_assessment_events": early_help_assessment_events,
        "strategy_discussions": strategy_discussions,
        "team_referrals": team_referrals,
        "cin_plan_reviews": cin_plan_reviews,
        "missing_return_interviews": missing_return_interviews,
        "conference_attendance": conference_attendance,
        "case_audits": case_audits,
    },
    state={
        "early_help_assessments": early_help_assessments,
        "team_cases": team_cases,
        "education_status": education_status,
    },
)

__all__ = ["canonical_service"]
