"""Child in need and child protection tables, built from the journeys for every referral at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csc_scorecard.synth.context import Context
from csc_scorecard.synth.frame import Ids, Rows, json_outcomes, pick
from csc_scorecard.synth.journeys import Journeys
from csc_scorecard.synth.profiles import DEFAULT_LAG
from csc_scorecard.synth.timeline import (
    DAY,
    Bools,
    Dates,
    Ints,
    add_months,
    days,
    record_dates,
    repeat_ranges,
    times_of_day,
    unit,
)
from csc_scorecard.synth.workforce import TEAM_INDEX, Workforce

REFERRAL_KEYS = (
    "SINGLE_ASSESSMENT_FLAG",
    "NFA_FLAG",
    "STRATEGY_DISCUSSION_FLAG",
    "CLA_REQUEST_FLAG",
    "NON_AGENCY_ADOPTION_FLAG",
    "PRIVATE_FOSTERING_FLAG",
    "CP_TRANSFER_IN_FLAG",
    "CP_CONFERENCE_FLAG",
    "CARE_LEAVER_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
)
ASSESSMENT_KEYS = (
    "NFA_FLAG",
    "NFA_S47_END_FLAG",
    "STRATEGY_DISCUSSION_FLAG",
    "CLA_REQUEST_FLAG",
    "PRIVATE_FOSTERING_FLAG",
    "LEGAL_ACTION_FLAG",
    "PROV_OF_SERVICES_FLAG",
    "PROV_OF_SB_CARE_FLAG",
    "SPECIALIST_ASSESSMENT_FLAG",
    "REFERRAL_TO_OTHER_AGENCY_FLAG",
    "OTHER_ACTIONS_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
)
S47_KEYS = (
    "NFA_FLAG",
    "LEGAL_ACTION_FLAG",
    "PROV_OF_SERVICES_FLAG",
    "PROV_OF_SB_CARE_FLAG",
    "CP_CONFERENCE_FLAG",
    "NFA_CONTINUE_SINGLE_FLAG",
    "MONITOR_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
)
ICPC_KEYS = (
    "NFA_FLAG",
    "REFERRAL_TO_OTHER_AGENCY_FLAG",
    "SINGLE_ASSESSMENT_FLAG",
    "PROV_OF_SERVICES_FLAG",
    "CP_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
)
PRIMARY_NEEDS = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N0")
PRIMARY_NEED_WEIGHTS = (0.52, 0.08, 0.04, 0.10, 0.14, 0.04, 0.01, 0.05, 0.02)
FACTORS = (
    "1A",
    "1B",
    "2A",
    "2B",
    "3A",
    "3B",
    "4A",
    "4B",
    "5A",
    "6A",
    "6B",
    "7A",
    "8B",
    "11A",
    "12A",
    "13A",
    "16A",
    "17A",
    "18B",
    "19B",
    "20",
    "21",
    "22A",
    "24A",
)


@dataclass
class Cases:
    """What the rest of the generator needs to know about referrals after this stage."""

    kept: Bools  # referral rows written (open at some point in the window)
    recorded: Dates
    primary_need: np.ndarray


def cin_cp_tables(
    ctx: Context, journeys: Journeys, workforce: Workforce, need: np.ndarray
) -> tuple[list[Rows], Cases, Ints]:
    rng = ctx.rng("cin_cp")
    code, lags, wd = ctx.council.code, ctx.profile.recording_lags, ctx.working_days
    window_start = ctx.timeline.window_start
    n = len(journeys)
    j = journeys
    person = Ids(f"SYN-P-{code}-", j["person"])
    referral_ids = Ids(f"R{code}-", np.arange(n), 8)
    kept = (j["close"] >= window_start) | (j["referral"] >= window_start)
    referral_recorded = record_dates(rng, j["referral"], lags.get("ssd_cin_episodes", DEFAULT_LAG))
    first_worker, _ = workforce.holder(rng, "ASSESSMENT", j["referral"])
    referral_outcome = np.select([j["strategy"], j["assessed"]], [2, 0], 1)
    tables: list[Rows] = []

    episodes = Rows(
        "ssd_cin_episodes",
        {
            "cine_referral_id": referral_ids,
            "cine_person_id": person,
            "cine_referral_date": j["referral"],
            "cine_cin_primary_need_code": need,
            "cine_referral_source_code": pick(
                rng, ("2A", "3A", "3F", "5A", "5D", "6", "1A", "8"), (18, 4, 8, 8, 6, 30, 8, 6), n
            ),
            "cine_referral_source_desc": np.full(n, "Synthetic referral source"),
            "cine_referral_outcome_json": json_outcomes(REFERRAL_KEYS, referral_outcome),
            "cine_referral_nfa": j["referral_nfa"],
            "cine_close_reason": j["close_reason"],
            "cine_close_date": j["close"],
            "cine_referral_team": Ids(f"T{code}-", np.full(n, TEAM_INDEX["ASSESSMENT"]), 3),
            "cine_referral_worker_id": Ids(f"SYN-W-{code}-", first_worker, 5),
        },
        referral_recorded,
    )
    episodes.ends["cine_close_date"] = (record_dates(rng, j["close"], DEFAULT_LAG), ("cine_close_reason",))
    tables.append(episodes.select(kept))
    used_workers = [first_worker[kept]]

    # Assessments (one per assessed referral) and the factors found.
    a = np.flatnonzero(j["assessed"] & kept)
    asmt_ids = Ids(f"A{code}-", a, 8)
    asmt_worker, _ = workforce.holder(rng, "ASSESSMENT", j["asmt_start"][a])
    used_workers.append(asmt_worker)
    asmt_outcome = np.where(j["asmt_nfa"][a], 0, np.where(j["strategy"][a], 2, 6))
    assessments = Rows(
        "ssd_cin_assessments",
        {
            "cina_assessment_id": asmt_ids,
            "cina_person_id": person.take(a),
            "cina_referral_id": referral_ids.take(a),
            "cina_assessment_start_date": j["asmt_start"][a],
            "cina_assessment_child_seen": unit(rng, a.shape[0]) < 0.97,
            "cina_assessment_auth_date": j["asmt_auth"][a],
            "cina_assessment_outcome_json": json_outcomes(ASSESSMENT_KEYS, asmt_outcome),
            "cina_assessment_outcome_nfa": j["asmt_nfa"][a],
            "cina_assessment_team": Ids(f"T{code}-", np.full(a.shape[0], TEAM_INDEX["ASSESSMENT"]), 3),
            "cina_assessment_worker_id": Ids(f"SYN-W-{code}-", asmt_worker, 5),
        },
        record_dates(
            rng, j["asmt_start"][a], lags.get("ssd_cin_assessments", DEFAULT_LAG), referral_recorded[a]
        ),
    )
    auth_recorded = record_dates(rng, j["asmt_auth"][a], lags.get("ssd_cin_assessments", DEFAULT_LAG))
    assessments.ends["cina_assessment_auth_date"] = (
        auth_recorded,
        ("cina_assessment_outcome_json", "cina_assessment_outcome_nfa"),
    )
    tables.append(assessments)
    factor_a = np.flatnonzero(~j["asmt_nfa"][a])
    first, second = rng.integers(0, len(FACTORS), (2, factor_a.shape[0]))
    factor_json = np.char.add(
        np.char.add('["', np.asarray(FACTORS)[first]),
        np.char.add('", "', np.char.add(np.asarray(FACTORS)[second], '"]')),
    )
    tables.append(
        Rows(
            "ssd_assessment_factors",
            {
                "cinf_table_id": Ids(f"AF{code}-", a[factor_a], 8),
                "cinf_assessment_id": asmt_ids.take(factor_a),
                "cinf_assessment_factors_json": factor_json,
            },
            np.maximum(auth_recorded[factor_a], assessments.recorded[factor_a]),
        )
    )

    # Strategy discussions, section 47 enquiries, initial conferences, plans.
    s = np.flatnonzero(j["strategy"] & kept)
    s47_of_s = j["s47"][s]
    tables.append(
        Rows(
            "ext_strategy_discussion",
            {
                "strt_id": Ids(f"SD{code}-", s, 8),
                "strt_person_id": person.take(s),
                "strt_referral_id": referral_ids.take(s),
                "strt_date": times_of_day(rng, j["strategy_date"][s]),
                "strt_type": np.where(unit(rng, s.shape[0]) < 0.6, "MEETING", "DISCUSSION"),
                "strt_outcome": j["strategy_outcome"][s],
                "strt_s47_enquiry_id": Ids(f"S47{code}-", np.where(s47_of_s, s, -1), 8),
                "strt_police_attended": unit(rng, s.shape[0]) < 0.85,
                "strt_health_attended": unit(rng, s.shape[0]) < 0.7,
                "strt_education_attended": unit(rng, s.shape[0]) < 0.6,
            },
            record_dates(rng, j["strategy_date"][s], DEFAULT_LAG, referral_recorded[s]),
        )
    )
    strategy_recorded = tables[-1].recorded

    e = np.flatnonzero(j["s47"] & kept)
    s47_worker, _ = workforce.holder(rng, "CSW", j["s47_start"][e])
    used_workers.append(s47_worker)
    icpc_of_e = j["icpc"][e]
    s47_recorded = record_dates(rng, j["s47_start"][e], DEFAULT_LAG, strategy_recorded[np.searchsorted(s, e)])
    s47 = Rows(
        "ssd_s47_enquiry",
        {
            "s47e_s47_enquiry_id": Ids(f"S47{code}-", e, 8),
            "s47e_person_id": person.take(e),
            "s47e_referral_id": referral_ids.take(e),
            "s47e_s47_start_date": j["s47_start"][e],
            "s47e_s47_end_date": j["s47_end"][e],
            "s47e_s47_nfa": ~icpc_of_e & (unit(rng, e.shape[0]) < 0.45),
            "s47e_s47_outcome_json": json_outcomes(
                S47_KEYS, np.where(icpc_of_e, 4, np.where(unit(rng, e.shape[0]) < 0.45, 0, 5))
            ),
            "s47e_s47_completed_by_team": Ids(f"T{code}-", np.full(e.shape[0], TEAM_INDEX["CSW"]), 3),
            "s47e_s47_completed_by_worker_id": Ids(f"SYN-W-{code}-", s47_worker, 5),
        },
        s47_recorded,
    )
    s47.ends["s47e_s47_end_date"] = (
        record_dates(rng, j["s47_end"][e], DEFAULT_LAG),
        ("s47e_s47_nfa", "s47e_s47_outcome_json"),
    )
    tables.append(s47)

    c = np.flatnonzero(j["icpc"] & kept)
    cp_of_c = j["cp"][c]
    icpc_worker, _ = workforce.holder(rng, "SAFEGUARDING_UNIT", j["icpc_date"][c])
    used_workers.append(icpc_worker)
    icpc_recorded = record_dates(rng, j["icpc_date"][c], DEFAULT_LAG, s47_recorded[np.searchsorted(e, c)])
    tables.append(
        Rows(
            "ssd_initial_cp_conference",
            {
                "icpc_icpc_id": Ids(f"IC{code}-", c, 8),
                "icpc_icpc_meeting_id": Ids(f"MIC{code}-", c, 8),
                "icpc_person_id": person.take(c),
                "icpc_s47_enquiry_id": Ids(f"S47{code}-", c, 8),
                "icpc_cp_plan_id": Ids(f"CP{code}-", np.where(cp_of_c, c, -1), 8),
                "icpc_referral_id": referral_ids.take(c),
                "icpc_icpc_transfer_in": np.zeros(c.shape[0], dtype=np.bool_),
                "icpc_icpc_target_date": wd.add(j["s47_start"][c], 15),
                "icpc_icpc_date": j["icpc_date"][c],
                "icpc_icpc_outcome_cp_flag": cp_of_c,
                "icpc_icpc_outcome_json": json_outcomes(ICPC_KEYS, np.where(cp_of_c, 4, 3)),
                "icpc_icpc_team": Ids(f"T{code}-", np.full(c.shape[0], TEAM_INDEX["SAFEGUARDING_UNIT"]), 3),
                "icpc_icpc_worker_id": Ids(f"SYN-W-{code}-", icpc_worker, 5),
            },
            icpc_recorded,
        )
    )
    tables.append(_attendance(ctx, rng, c, j["icpc_date"][c], icpc_recorded))

    plans = np.flatnonzero(j["cp"] & kept)
    plan_recorded = np.maximum(
        icpc_recorded[np.searchsorted(c, plans)], record_dates(rng, j["cp_start"][plans], DEFAULT_LAG)
    )
    category = pick(rng, ("NEG", "EMO", "PHY", "SAB", "MUL"), (0.48, 0.38, 0.07, 0.04, 0.03), plans.shape[0])
    cp_rows = Rows(
        "ssd_cp_plans",
        {
            "cppl_cp_plan_id": Ids(f"CP{code}-", plans, 8),
            "cppl_person_id": person.take(plans),
            "cppl_referral_id": referral_ids.take(plans),
            "cppl_icpc_id": Ids(f"IC{code}-", plans, 8),
            "cppl_cp_plan_start_date": j["cp_start"][plans],
            "cppl_cp_plan_end_date": j["cp_end"][plans],
            "cppl_cp_plan_initial_category": category,
            "cppl_cp_plan_latest_category": np.where(unit(rng, plans.shape[0]) < 0.9, category, "NEG"),
            "cppl_cp_plan_ola": np.zeros(plans.shape[0], dtype=np.bool_),
        },
        plan_recorded,
    )
    cp_rows.ends["cppl_cp_plan_end_date"] = (record_dates(rng, j["cp_end"][plans], DEFAULT_LAG), ())
    tables.append(cp_rows)
    tables += _cp_visits_and_reviews(ctx, rng, journeys, plans, plan_recorded)

    cin = np.flatnonzero(j["cin_plan"] & kept)
    tables += _cin_plans(ctx, rng, journeys, cin, referral_recorded[cin], workforce, used_workers)
    return tables, Cases(kept, referral_recorded, need), np.concatenate(used_workers)


def _grid(
    start: Dates,
    end: Dates,
    first_after: float,
    interval: float,
    limit: np.datetime64,
    rng: np.random.Generator,
    jitter: int = 3,
    since: np.datetime64 | None = None,
) -> tuple[Ints, Dates]:
    """Events every `interval` days from start + first_after until end (or `limit`), with jitter; slots
    before `since` are skipped without being drawn (long-closed histories cost nothing)."""
    stop = np.where(np.isnat(end) | (end > limit), limit, end)
    span = (stop - start).astype(np.int64) - first_after
    last = np.where(span >= 0, span // interval, -1).astype(np.int64)
    skip = np.zeros(start.shape[0], dtype=np.int64)
    if since is not None:
        ahead = (since - start).astype(np.int64) - first_after - jitter
        skip = np.maximum(np.ceil(ahead / interval), 0).astype(np.int64)
    counts = np.maximum(last - skip + 1, 0)
    owner, position = repeat_ranges(counts)
    position = position + skip[owner]
    when = start[owner] + days(
        first_after + position * interval + rng.integers(0, jitter + 1, owner.shape[0])
    )
    inside = when < stop[owner]
    return owner[inside], when[inside]


def _cp_visits_and_reviews(
    ctx: Context, rng: np.random.Generator, j: Journeys, plans: Ints, plan_recorded: Dates
) -> list[Rows]:
    code, p = ctx.council.code, ctx.profile
    limit = ctx.timeline.sim_end + DAY
    owner, when = _grid(
        j["cp_start"][plans],
        j["cp_end"][plans],
        5,
        p.cp_visit_interval_days,
        limit,
        rng,
        since=ctx.timeline.window_start,
    )
    visited = (unit(rng, owner.shape[0]) < p.cp_visit_kept_share) & (when >= ctx.timeline.window_start)
    owner, when = owner[visited], when[visited]
    idx = np.arange(owner.shape[0])
    visits = Rows(
        "ssd_cp_visits",
        {
            "cppv_cp_visit_id": Ids(f"CPV{code}-", idx, 9),
            "cppv_person_id": Ids(f"SYN-P-{code}-", j["person"][plans][owner]),
            "cppv_cp_plan_id": Ids(f"CP{code}-", plans[owner], 8),
            "cppv_cp_visit_date": when,
            "cppv_cp_visit_seen": unit(rng, idx.shape[0]) < 0.95,
            "cppv_cp_visit_seen_alone": unit(rng, idx.shape[0]) < 0.6,
            "cppv_cp_visit_bedroom": unit(rng, idx.shape[0]) < 0.4,
        },
        record_dates(rng, when, p.recording_lags.get("ssd_cp_visits", DEFAULT_LAG), plan_recorded[owner]),
    )
    # Reviews: the first due 3 months after the plan starts, then every 6 months.
    start, end = j["cp_start"][plans], j["cp_end"][plans]
    first_due = add_months(start, 3)
    span = np.where(np.isnat(end), 0, (np.minimum(end, limit) - first_due).astype(np.int64))
    counts = np.where(span > 0, span // 182 + 1, 0)
    r_owner, r_pos = repeat_ranges(counts)
    due = add_months(first_due[r_owner], 6 * r_pos)
    on_time = unit(rng, r_owner.shape[0]) < 0.84
    held = np.where(
        on_time,
        due - days(rng.integers(0, 10, r_owner.shape[0])),
        due + days(rng.integers(1, 35, r_owner.shape[0])),
    )
    held = np.maximum(held, start[r_owner] + DAY)
    keep = (held < end[r_owner]) & (due >= ctx.timeline.window_start - 200 * DAY)
    r_owner, due, held = r_owner[keep], due[keep], held[keep]
    ridx = np.arange(r_owner.shape[0])
    reviews = Rows(
        "ssd_cp_reviews",
        {
            "cppr_cp_review_id": Ids(f"CPR{code}-", ridx, 8),
            "cppr_person_id": Ids(f"SYN-P-{code}-", j["person"][plans][r_owner]),
            "cppr_cp_plan_id": Ids(f"CP{code}-", plans[r_owner], 8),
            "cppr_cp_review_due": due,
            "cppr_cp_review_date": held,
            "cppr_cp_review_meeting_id": Ids(f"MRC{code}-", ridx, 8),
            "cppr_cp_review_outcome_continue_cp": unit(rng, ridx.shape[0]) < 0.7,
            "cppr_cp_review_quorate": unit(rng, ridx.shape[0]) < 0.95,
            "cppr_cp_review_participation": pick(
                rng, ("PN0", "PN1", "PN3", "PN5", "PN7"), (4, 2, 1, 1, 1), ridx.shape[0]
            ),
        },
        record_dates(rng, held, p.recording_lags.get("ssd_cp_reviews", DEFAULT_LAG), plan_recorded[r_owner]),
    )
    return [visits, reviews]


def _cin_plans(
    ctx: Context,
    rng: np.random.Generator,
    j: Journeys,
    cin: Ints,
    parent_recorded: Dates,
    workforce: Workforce,
    used_workers: list[Ints],
) -> list[Rows]:
    code, limit = ctx.council.code, ctx.timeline.sim_end + DAY
    worker, _ = workforce.holder(rng, "CSW", j["cin_start"][cin])
    used_workers.append(worker)
    start, end = j["cin_start"][cin], j["cin_end"][cin]
    recorded = record_dates(rng, start, DEFAULT_LAG, parent_recorded)
    plans = Rows(
        "ssd_cin_plans",
        {
            "cinp_cin_plan_id": Ids(f"CIN{code}-", cin, 8),
            "cinp_person_id": Ids(f"SYN-P-{code}-", j["person"][cin]),
            "cinp_referral_id": Ids(f"R{code}-", cin, 8),
            "cinp_cin_plan_start_date": start,
            "cinp_cin_plan_end_date": end,
            "cinp_cin_plan_team": Ids(f"T{code}-", np.full(cin.shape[0], TEAM_INDEX["CSW"]), 3),
            "cinp_cin_plan_worker_id": Ids(f"SYN-W-{code}-", worker, 5),
        },
        recorded,
    )
    plans.ends["cinp_cin_plan_end_date"] = (record_dates(rng, end, DEFAULT_LAG), ())
    owner, when = _grid(start, end, 10, 28, limit, rng, 10, since=ctx.timeline.window_start)
    keep = (unit(rng, owner.shape[0]) < 0.85) & (when >= ctx.timeline.window_start)
    owner, when = owner[keep], when[keep]
    visits = Rows(
        "ssd_cin_visits",
        {
            "cinv_cin_visit_id": Ids(f"CINV{code}-", np.arange(owner.shape[0]), 9),
            "cinv_person_id": Ids(f"SYN-P-{code}-", j["person"][cin][owner]),
            "cinv_cin_visit_date": when,
            "cinv_cin_visit_seen": unit(rng, owner.shape[0]) < 0.93,
            "cinv_cin_visit_seen_alone": unit(rng, owner.shape[0]) < 0.5,
            "cinv_cin_visit_bedroom": unit(rng, owner.shape[0]) < 0.3,
        },
        record_dates(
            rng, when, ctx.profile.recording_lags.get("ssd_cin_visits", DEFAULT_LAG), recorded[owner]
        ),
    )
    r_owner, due = _grid(start, end, 91, 91, limit, rng, 0, since=ctx.timeline.window_start - 100 * DAY)
    held = np.where(
        unit(rng, r_owner.shape[0]) < 0.72,
        due - days(rng.integers(0, 7, r_owner.shape[0])),
        due + days(rng.integers(1, 40, r_owner.shape[0])),
    )
    keep = (held < end[r_owner]) & (due >= ctx.timeline.window_start - 100 * DAY)
    r_owner, due, held = r_owner[keep], due[keep], held[keep]
    reviews = Rows(
        "ext_cin_plan_review",
        {
            "cinr_id": Ids(f"CINR{code}-", np.arange(r_owner.shape[0]), 8),
            "cinr_cin_plan_id": Ids(f"CIN{code}-", cin[r_owner], 8),
            "cinr_person_id": Ids(f"SYN-P-{code}-", j["person"][cin][r_owner]),
            "cinr_due_date": due,
            "cinr_review_date": held,
        },
        record_dates(rng, held, DEFAULT_LAG, recorded[r_owner]),
    )
    return [plans, visits, reviews]


def _attendance(
    ctx: Context, rng: np.random.Generator, conferences: Ints, dates: Dates, recorded: Dates
) -> Rows:
    """Police, health and education invited to every initial conference; attendance varies by agency."""
    code = ctx.council.code
    agencies = np.array(["POLICE", "HEALTH", "EDUCATION"])
    attend = np.array([0.57, 0.72, 0.85])
    owner = np.repeat(np.arange(conferences.shape[0]), 3)
    agency = np.tile(np.arange(3), conferences.shape[0])
    return Rows(
        "ext_conference_attendance",
        {
            "conf_id": Ids(f"CA{code}-", np.arange(owner.shape[0]), 9),
            "conf_meeting_id": Ids(f"MIC{code}-", conferences[owner], 8),
            "conf_type": np.full(owner.shape[0], "ICPC"),
            "conf_date": dates[owner],
            "conf_agency": agencies[agency],
            "conf_invited": np.ones(owner.shape[0], dtype=np.bool_),
            "conf_attended": unit(rng, owner.shape[0]) < attend[agency],
            "conf_report_submitted": unit(rng, owner.shape[0]) < 0.8,
            "conf_quorate": unit(rng, owner.shape[0]) < 0.95,
        },
        recorded[owner],
    )
