"""Worked examples: EH4, EH5, EH10a, EH11 (early help episodes, step-downs), CIN5, CIN7 (assessments),
CIN14, CIN15 (section 47 enquiries), CIN16 (CIN plans), CIN21, CIN22, CIN24 (missing episodes).

Every expected number is worked out by hand. January 2023 is the reporting month; the rolling
window for 31 Jan 2023 is February 2022 to January 2023, the year to date April 2022 to January 2023.
The test population is 40,000 children aged 0-17 (engine_helpers.POPULATION).
"""

from __future__ import annotations

import pytest
from builders import make_dataset
from engine_helpers import figures, run
from pytest import approx


def eh(eid, person, start, end=None, reason=None):
    return {
        "earl_episode_id": eid,
        "earl_person_id": person,
        "earl_episode_start_date": start,
        "earl_episode_end_date": end,
        "earl_episode_end_reason": reason,
    }


EARLY_HELP = [
    eh("A", "C10", "2023-01-01"),  # starts on the first day of January (boundary)
    eh("B", "C11", "2022-12-31", "2023-01-31", "STEP_UP"),  # starts in December; ends 31 Jan, step up
    eh("C", "C12", "2023-01-15", "2023-01-20", "OUTCOMES_MET"),  # starts and ends in January
    eh("D", "C13", "2022-11-01", "2023-02-01", "STEP_UP_CSC"),  # ends in February: not January's
    eh("E", "C3", "2023-01-20"),  # 15 days after C3's CIN episode closed: a step-down
    eh("F", "C6", "2023-01-31"),  # 28 days after C6's closure (boundary of the window)
    eh("G", "C4", "2023-02-15"),  # 44 days after C4's closure: outside the window
]


def cin(rid, person, referred, closed=None, reason=None):
    return {
        "cine_referral_id": rid,
        "cine_person_id": person,
        "cine_referral_date": referred,
        "cine_close_date": closed,
        "cine_close_reason": reason,
    }


CIN_EPISODES = [
    cin("R1", "C1", "2022-06-01", "2023-01-10", "RC9"),  # RC9: referred to early help
    cin("R2", "C2", "2023-01-02", "2023-01-31", "RC8"),  # no early help follows
    cin("R3", "C3", "2022-06-01", "2023-01-05", "RC7"),  # early help E starts 15 days later
    cin("R4", "C4", "2022-06-01", "2023-01-02", "RC7"),  # early help G starts 44 days later
    cin("R5", "C5", "2022-06-01", "2022-12-31", "RC9"),  # December
    cin("R6", "C6", "2022-06-01", "2023-01-03", "RC7"),  # early help F starts 28 days later
]


def assessment(aid, start, auth, nfa=None, nfa_key=None):
    return {
        "cina_assessment_id": aid,
        "cina_person_id": f"P{aid}",
        "cina_assessment_start_date": start,
        "cina_assessment_auth_date": auth,
        "cina_assessment_outcome_nfa": nfa,
        "cina_assessment_outcome_nfa_flag": nfa_key,
    }


ASSESSMENTS = [
    assessment("A1", "2023-01-03", "2023-01-31", nfa=True),  # last day of January, not in need
    assessment("A2", "2022-12-20", "2023-01-01", nfa=False),  # first day of January
    assessment("A3", "2023-01-02", "2023-01-10", nfa_key=True),  # NFA by the outcome's key
    assessment("A4", "2022-12-01", "2022-12-31", nfa=True),  # December
    assessment("A5", "2022-01-03", "2022-01-31"),  # January 2022: before the rolling window
    assessment("A6", "2022-01-20", "2022-02-01"),  # 1 Feb 2022: first day of the rolling window
]


def s47(sid, start, end=None, conference=None):
    return {
        "s47e_s47_enquiry_id": sid,
        "s47e_person_id": f"P{sid}",
        "s47e_s47_start_date": start,
        "s47e_s47_end_date": end,
        "s47e_s47_outcome_cp_conference_flag": conference,
    }


S47 = [
    s47("S1", "2023-01-05", "2023-01-31", conference=True),
    s47("S2", "2022-03-20", "2022-04-01"),  # first day of the financial year; named by a conference
    s47("S3", "2022-03-01", "2022-03-31", conference=True),  # previous financial year
    s47("S4", "2022-09-20", "2022-10-10"),  # no conference
    s47("S5", "2022-01-04", "2022-01-31"),  # before the rolling window
    s47("S6", "2023-01-20"),  # not completed
]
ICPCS = [
    {
        "icpc_icpc_id": "I1",
        "icpc_person_id": "PS2",
        "icpc_icpc_date": "2022-04-10",
        "icpc_s47_enquiry_id": "S2",
    },
]


def plan(pid, person, start, end=None):
    return {
        "cinp_cin_plan_id": pid,
        "cinp_person_id": person,
        "cinp_cin_plan_start_date": start,
        "cinp_cin_plan_end_date": end,
    }


CIN_PLANS = [
    plan("P1", "C1", "2022-05-01"),
    plan("P2", "C1", "2022-12-01"),  # overlapping: C1 once
    plan("P3", "C2", "2023-01-31"),  # starts on the month end: open at it
    plan("P4", "C3", "2022-10-01", "2023-01-31"),  # ends on the month end: not open at it
    plan("P5", "C4", "2023-01-15", "2023-01-15"),  # one day: never open at a month end
]


def missing(mid, person, start, kind="M", offered=None):
    return {
        "miss_table_id": mid,
        "miss_person_id": person,
        "miss_missing_episode_start_date": start,
        "miss_missing_episode_type": kind,
        "miss_missing_rhi_offered": offered,
    }


MISSING = [
    missing("M1", "C1", "2023-01-01T00:30:00", offered="Y"),  # just after midnight on 1 January
    missing("M2", "C1", "2023-01-31T23:00:00", offered="N"),  # C1 again, late on 31 January
    missing("M3", "C2", "2023-01-15T10:00:00", kind="A", offered="Y"),  # away, not missing
    missing("M4", "C3", "2023-01-20T10:00:00", kind=None, offered="Y"),  # no type recorded: counted
    missing("M5", "C4", "2022-12-31T23:59:00", offered="Y"),  # December
    missing("M6", "C5", "2023-02-01T00:00:00", offered="Y"),  # February
]

TABLES = {
    "ssd_early_help_episodes": EARLY_HELP,
    "ssd_cin_episodes": CIN_EPISODES,
    "ssd_cin_assessments": ASSESSMENTS,
    "ssd_s47_enquiry": S47,
    "ssd_initial_cp_conference": ICPCS,
    "ssd_cin_plans": CIN_PLANS,
    "ssd_missing": MISSING,
}
REFS = ("EH4", "EH5", "EH10a", "EH11", "CIN5", "CIN7", "CIN14", "CIN15", "CIN16", "CIN21", "CIN22", "CIN24")


@pytest.fixture(scope="module")
def results():
    return run(make_dataset(TABLES, extract_date="2023-02-20"), months=2, refs=REFS)


def test_eh4_episodes_started(results):
    # January: A (1 Jan), C (15 Jan), E (20 Jan), F (31 Jan) = 4; B started 31 Dec, G in February
    assert figures(results, "EH4", "2023-01-31") == (4, 4, None, "ok")
    assert figures(results, "EH4", "2022-12-31")[:2] == (1, 1)  # B


def test_eh5_episodes_completed(results):
    # B (31 Jan) and C (20 Jan) = 2; D ends 1 February
    assert figures(results, "EH5", "2023-01-31") == (2, 2, None, "ok")


def test_eh10a_step_up(results):
    # B ends in January with STEP_UP = 1; D (STEP_UP_CSC) ends in February; C's outcomes were met
    assert figures(results, "EH10a", "2023-01-31") == (1, 1, None, "ok")


def test_eh11_step_down(results):
    # R1 (RC9), R3 (early help 15 days later), R6 (28 days later, the window's last day) = 3;
    # R2 no early help, R4 44 days later, R5 closed in December (counted there: 1)
    assert figures(results, "EH11", "2023-01-31") == (3, 3, None, "ok")
    assert figures(results, "EH11", "2022-12-31")[:2] == (1, 1)


def test_cin5_not_in_need(results):
    # authorised in January: A1 (NFA), A2, A3 (NFA by the outcome key) = 2 of 3
    assert figures(results, "CIN5", "2023-01-31") == (approx(2 / 3), 2, 3, "ok")


def test_cin7_assessments_rolling_rate(results):
    # Feb 2022-Jan 2023: A1, A2, A3, A4, A6 = 5 (A5 is January 2022); 5 × 10,000 / 40,000 = 1.25
    assert figures(results, "CIN7", "2023-01-31") == (1.25, 5, 40_000, "ok")


def test_cin14_s47_rolling_rate(results):
    # completed Feb 2022-Jan 2023: S1, S2, S3, S4 = 4 (S5 January 2022, S6 open); 4 × 10,000 / 40,000
    assert figures(results, "CIN14", "2023-01-31") == (1.0, 4, 40_000, "ok")


def test_cin15_s47_to_conference_year_to_date(results):
    # completed Apr 2022-Jan 2023: S1, S2, S4 = 3; to conference: S1 (flag), S2 (named by I1) = 2
    # (S3 has the flag but completed on 31 March 2022)
    assert figures(results, "CIN15", "2023-01-31") == (approx(2 / 3), 2, 3, "ok")


def test_cin16_children_on_cin_plans(results):
    # 31 Jan: C1 (once), C2 (from the month end) = 2; 31 Dec: C1, C3 = 2
    assert figures(results, "CIN16", "2023-01-31") == (2, 2, None, "ok")
    assert figures(results, "CIN16", "2022-12-31")[:2] == (2, 2)


def test_cin21_times_reported_missing(results):
    # M1, M2 (both C1), M4 (no type) = 3; M3 is away (A), M5 December, M6 February
    assert figures(results, "CIN21", "2023-01-31") == (3, 3, None, "ok")


def test_cin22_return_interviews_offered(results):
    # of CIN21's three: M1 and M4 were offered an interview = 2 (M3 offered but away)
    assert figures(results, "CIN22", "2023-01-31") == (2, 2, None, "ok")


def test_cin24_children_missing(results):
    # C1 (twice) and C3 = 2 children
    assert figures(results, "CIN24", "2023-01-31") == (2, 2, None, "ok")


def test_eh11_step_down_window_is_the_councils_standard():
    # A 14-day window: R3 (15 days) and R6 (28 days) are outside it; R1 (RC9) stays = 1.
    # The other reading, "any later early help episode", would give 4 (R4 too).
    results = run(
        make_dataset(TABLES, extract_date="2023-02-20"),
        months=1,
        refs=("EH11",),
        standards={"early_help_step_down_window_days": 14},
    )
    assert figures(results, "EH11", "2023-01-31")[:2] == (1, 1)
