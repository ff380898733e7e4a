"""Worked examples: CIN1, CIN2, CIN4, CIN6, CIN8, CIN13, CIN18, CIN19. Every number by hand.

England bank holidays used below: Mon 26 Dec 2022 (Boxing Day), Tue 27 Dec 2022 (Christmas Day,
substitute), Mon 2 Jan 2023 (New Year's Day, substitute).
"""

from __future__ import annotations

import pytest
from builders import make_dataset
from engine_helpers import figures, run
from pytest import approx

REFERRALS = [
    {"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": "2022-01-15"},
    # R2: C1's previous referral R1 is on the same date 12 months earlier (boundary): a re-referral
    {"cine_referral_id": "R2", "cine_person_id": "C1", "cine_referral_date": "2023-01-15"},
    {"cine_referral_id": "R4", "cine_person_id": "C2", "cine_referral_date": "2022-01-30"},
    # R3 on the month end (boundary): 12 months earlier is 31 Jan 2022, R4 (30 Jan 2022) is before it: not a re-referral
    {"cine_referral_id": "R3", "cine_person_id": "C2", "cine_referral_date": "2023-01-31"},
    {"cine_referral_id": "R6", "cine_person_id": "C3", "cine_referral_date": "2022-06-01"},
    {
        "cine_referral_id": "R5",
        "cine_person_id": "C3",
        "cine_referral_date": "2023-01-10",
    },  # re-referral (R6)
    {
        "cine_referral_id": "R7",
        "cine_person_id": "C3",
        "cine_referral_date": "2023-02-01",
    },  # February: excluded
    # R8 and R9: two referrals of C4 on one day are not re-referrals of each other
    {"cine_referral_id": "R8", "cine_person_id": "C4", "cine_referral_date": "2023-01-20"},
    {"cine_referral_id": "R9", "cine_person_id": "C4", "cine_referral_date": "2023-01-20"},
]

# The 45th working day after Tue 1 Nov 2022 (day 0): November has 21 working days after the 1st
# (2-4, 7-11, 14-18, 21-25, 28-30); December 1-2, 5-9, 12-16, 19-23, 28-30 = 20 (26, 27 are holidays),
# total 41; January: 2nd is a holiday, 3, 4, 5, 6 → the 45th is Fri 6 Jan 2023.
ASSESSMENTS = [
    {
        "cina_assessment_id": "A1",
        "cina_assessment_start_date": "2022-11-01",
        "cina_assessment_auth_date": "2023-01-06",
    },
    {
        "cina_assessment_id": "A2",
        "cina_assessment_start_date": "2022-11-01",
        "cina_assessment_auth_date": "2023-01-09",
    },
    # A3: Saturday after the 45th working day: late
    {
        "cina_assessment_id": "A3",
        "cina_assessment_start_date": "2022-11-01",
        "cina_assessment_auth_date": "2023-01-07",
    },
    # A4: authorised in December: excluded from January
    {
        "cina_assessment_id": "A4",
        "cina_assessment_start_date": "2022-12-01",
        "cina_assessment_auth_date": "2022-12-30",
    },
    # A5: starts on a bank holiday (day 0 = Tue 3 Jan), authorised on the month end (boundary): in time
    {
        "cina_assessment_id": "A5",
        "cina_assessment_start_date": "2023-01-02",
        "cina_assessment_auth_date": "2023-01-31",
    },
    # A6: not yet authorised: excluded
    {"cina_assessment_id": "A6", "cina_assessment_start_date": "2023-01-10"},
]

S47 = [
    {
        "s47e_s47_enquiry_id": "S1",
        "s47e_s47_start_date": "2022-12-20",
        "s47e_s47_end_date": "2023-01-01",
    },  # boundary
    {
        "s47e_s47_enquiry_id": "S2",
        "s47e_s47_start_date": "2023-01-03",
        "s47e_s47_end_date": "2023-01-31",
    },  # boundary
    {
        "s47e_s47_enquiry_id": "S3",
        "s47e_s47_start_date": "2023-01-03",
        "s47e_s47_end_date": "2023-02-01",
    },  # Feb
    {"s47e_s47_enquiry_id": "S4", "s47e_s47_start_date": "2023-01-03"},  # not completed
    {
        "s47e_s47_enquiry_id": "S5",
        "s47e_s47_start_date": "2022-12-01",
        "s47e_s47_end_date": "2022-12-31",
    },  # Dec
]

CP_PLANS = [
    # P1: 18-month anniversary 31 Jan 2023 = the month end (boundary): counts as 18 months; 2 years only in July 2023
    {
        "cppl_cp_plan_id": "P1",
        "cppl_person_id": "C1",
        "cppl_cp_plan_start_date": "2021-07-31",
        "cppl_cp_plan_ola": False,
    },
    # P5: a second, overlapping plan for C1: C1 still counts once
    {
        "cppl_cp_plan_id": "P5",
        "cppl_person_id": "C1",
        "cppl_cp_plan_start_date": "2022-11-01",
        "cppl_cp_plan_ola": False,
    },
    # P2: over 2 years (second anniversary 15 Dec 2022)
    {
        "cppl_cp_plan_id": "P2",
        "cppl_person_id": "C2",
        "cppl_cp_plan_start_date": "2020-12-15",
        "cppl_cp_plan_ola": False,
    },
    # P3: ended on the month end: not open at it
    {
        "cppl_cp_plan_id": "P3",
        "cppl_person_id": "C3",
        "cppl_cp_plan_start_date": "2022-06-01",
        "cppl_cp_plan_end_date": "2023-01-31",
        "cppl_cp_plan_ola": False,
    },
    # P4: another council's child: excluded
    {
        "cppl_cp_plan_id": "P4",
        "cppl_person_id": "C4",
        "cppl_cp_plan_start_date": "2022-10-01",
        "cppl_cp_plan_ola": True,
    },
    # P6: 18-month anniversary 1 Feb 2023: not yet 18 months at 31 Jan, 18 months at 28 Feb
    {
        "cppl_cp_plan_id": "P6",
        "cppl_person_id": "C5",
        "cppl_cp_plan_start_date": "2021-08-01",
        "cppl_cp_plan_ola": False,
    },
]


@pytest.fixture(scope="module")
def results():
    dataset = make_dataset(
        {
            "ssd_cin_episodes": REFERRALS,
            "ssd_cin_assessments": ASSESSMENTS,
            "ssd_s47_enquiry": S47,
            "ssd_cp_plans": CP_PLANS,
        },
        extract_date="2023-02-10",
    )
    return run(
        dataset,
        period="2023-02",
        months=3,
        refs=("CIN1", "CIN2", "CIN4", "CIN6", "CIN8", "CIN13", "CIN18", "CIN19", "SG13", "SG14"),
    )


def test_cin1_referrals_in_the_month(results):
    # R2, R3, R5, R8, R9 = 5 (R7 is in February; R1, R4, R6 in 2022)
    assert figures(results, "CIN1", "2023-01-31") == (5, 5, None, "ok")


def test_cin2_rolling_rate(results):
    # Feb 2022 - Jan 2023: R6, R2, R3, R5, R8, R9 = 6 (R1, R4 Jan 2022; R7 Feb 2023); 6 × 10,000 / 40,000 = 1.5
    assert figures(results, "CIN2", "2023-01-31") == (1.5, 6, 40_000, "ok")


def test_cin4_re_referrals(results):
    # R2 (R1 exactly 12 months before) and R5 (R6 in June 2022) of the 5 January referrals: 2 / 5
    assert figures(results, "CIN4", "2023-01-31") == (0.4, 2, 5, "ok")


def test_cin6_assessments_completed(results):
    # A1, A2, A3, A5 = 4 (A4 in December, A6 not authorised)
    assert figures(results, "CIN6", "2023-01-31") == (4, 4, None, "ok")


def test_cin8_within_45_working_days(results):
    # A1 on the 45th working day and A5 are in time; A2 (46th) and A3 (the Saturday after the 45th) late: 2 / 4
    assert figures(results, "CIN8", "2023-01-31") == (0.5, 2, 4, "ok")


def test_cin13_s47_completed(results):
    # S1 (1 Jan) + S2 (31 Jan) = 2; S3 February, S4 open, S5 December
    assert figures(results, "CIN13", "2023-01-31") == (2, 2, None, "ok")


def test_cin18_children_on_plans(results):
    # 31 Jan: C1 (P1 and P5: once), C2, C5 = 3; P3 ended on the month end, P4 another council's
    assert figures(results, "CIN18", "2023-01-31") == (3, 3, None, "ok")


def test_cin19_rate(results):
    # 3 × 10,000 / 40,000 = 0.75
    assert figures(results, "CIN19", "2023-01-31") == (0.75, 3, 40_000, "ok")


def test_sg13_plans_open_18_months_or_more(results):
    # 31 Jan: C1 (P1 on its anniversary) and C2 (P2) of 3 children: 2 / 3; C5's P6 is one day short
    assert figures(results, "SG13", "2023-01-31") == (approx(2 / 3), 2, 3, "ok")
    # 28 Feb: P6 reached 18 months on 1 Feb; P3 is closed: C1, C2, C5 of C1, C2, C5 = 3 / 3
    assert figures(results, "SG13", "2023-02-28")[:3] == (1.0, 3, 3)


def test_sg14_plans_open_2_years_or_more(results):
    # 31 Jan: only C2 (P2 from 15 Dec 2020) of 3: 1 / 3
    assert figures(results, "SG14", "2023-01-31") == (approx(1 / 3), 1, 3, "ok")
