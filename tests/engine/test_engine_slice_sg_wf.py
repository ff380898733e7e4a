"""Worked examples: SG5, SG6, SG7 (initial conferences) and WF1, WF2, WF6, WF8. Every number by hand.

The 15th working day after Mon 12 Dec 2022 (day 0): 13-16 Dec (4), 19-23 (9), 26 and 27 are bank
holidays, 28-30 (12), 2 Jan is a bank holiday, 3, 4, 5 Jan (15): Thu 5 Jan 2023.
"""

from __future__ import annotations

import pytest
from builders import involvement, make_dataset
from engine_helpers import figures, run
from pytest import approx

S47 = [
    {"s47e_s47_enquiry_id": "E1", "s47e_s47_start_date": "2022-12-12"},
    {"s47e_s47_enquiry_id": "E2", "s47e_s47_start_date": "2022-12-12"},
    {"s47e_s47_enquiry_id": "E4", "s47e_s47_start_date": "2023-01-03"},
    {"s47e_s47_enquiry_id": "E5", "s47e_s47_start_date": "2022-04-01"},
    {"s47e_s47_enquiry_id": "E6", "s47e_s47_start_date": "2022-03-01"},
]


def icpc(iid, person, meeting, day, s47=None, transfer_in=False):
    return {
        "icpc_icpc_id": iid,
        "icpc_person_id": person,
        "icpc_icpc_meeting_id": meeting,
        "icpc_icpc_date": day,
        "icpc_s47_enquiry_id": s47,
        "icpc_icpc_transfer_in": transfer_in,
    }


ICPCS = [
    icpc("I1", "C1", "M1", "2023-01-05", "E1"),  # on the 15th working day: in time
    icpc("I2", "C2", "M1", "2023-01-06", "E2"),  # sibling at the same meeting, 16th working day: late
    icpc("I3", "C3", "M2", "2023-01-10", transfer_in=True),  # transfer-in: left out of timeliness
    icpc("I4", "C4", "M3", "2023-02-01", "E4"),  # February: excluded from January
    icpc("I5", "C5", "M4", "2022-04-04", "E5"),  # Fri 1 Apr → Mon 4 Apr: in time, first month of the year
    icpc("I6", "C6", "M5", "2022-03-31", "E6"),  # March 2022: the previous financial year
    icpc("I7", "C7", "M6", "2023-01-20"),  # no linked enquiry: cannot be judged, left out of timeliness
    icpc("I8", "C1", "M7", "2023-01-25"),  # C1 conferenced again in January (no enquiry linked)
]

CIN_EPISODES = [
    {"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": "2022-05-01"},
    {
        "cine_referral_id": "R2",
        "cine_person_id": "C1",
        "cine_referral_date": "2022-12-01",
    },  # overlapping: C1 once
    {
        "cine_referral_id": "R3",
        "cine_person_id": "C2",
        "cine_referral_date": "2023-01-31",
    },  # starts on the month end
    {
        "cine_referral_id": "R4",
        "cine_person_id": "C3",
        "cine_referral_date": "2022-10-01",
        "cine_close_date": "2023-01-31",
    },  # closed on the month end: not open
    {
        "cine_referral_id": "R5",
        "cine_person_id": "C4",
        "cine_referral_date": "2023-01-15",
        "cine_close_date": "2023-01-15",
    },  # one day: never open at a month end
]


INVOLVEMENTS = [
    involvement("V1", "W1", "C1", "2022-06-01"),
    involvement("V2", "W1", "C2", "2022-12-01"),
    involvement("V3", "W1", "C3", "2023-01-31"),  # allocated on the month end: counts
    involvement("V4", "W1", "C1", "2022-09-01"),  # C1 twice for W1: counts once
    involvement("V5", "W2", "C4", "2022-01-01", "2023-01-31"),  # ended on the month end: not counted
    involvement("V6", "W2", "C5", "2022-11-01"),
    involvement("V7", "W3", "C6", "2022-11-01", role="TM"),  # a team manager role: not an allocated worker
    involvement("V8", "W4", "C7", "2022-01-01", "2022-12-31"),  # W4 holds no case at 31 Jan
    # W5 holds four cases from October to mid-December, then none: the largest caseload falls.
    *(involvement(f"V{9 + i}", "W5", f"C{8 + i}", "2022-10-03", "2022-12-15") for i in range(4)),
    # Before the first month computed (13 months to January 2023, rolling windows included): W6 has
    # held C20 since 2019 and still does; W7's C21 ended in 2020 and never counts.
    involvement("V13", "W6", "C20", "2019-05-01"),
    involvement("V14", "W7", "C21", "2019-01-01", "2020-06-30"),
]


@pytest.fixture(scope="module")
def results():
    dataset = make_dataset(
        {
            "ssd_s47_enquiry": S47,
            "ssd_initial_cp_conference": ICPCS,
            "ssd_cin_episodes": CIN_EPISODES,
            "ssd_involvements": INVOLVEMENTS,
        },
        extract_date="2023-02-10",
    )
    return run(
        dataset, refs=("SG5", "SG6", "SG7", "WF1", "WF2", "WF6", "WF8"), allocated_worker_roles=("SW",)
    )


def test_sg6_icpcs_within_15_working_days_in_month(results):
    # January, judged: I1 (in time), I2 (late); I3 transfer-in, I7 and I8 unlinked: 1 / 2
    assert figures(results, "SG6", "2023-01-31") == (0.5, 1, 2, "ok")


def test_sg5_icpcs_within_15_working_days_year_to_date(results):
    # April 2022 - January 2023: I5 (in time), I1 (in time), I2 (late): 2 / 3; I6 is March 2022
    assert figures(results, "SG5", "2023-01-31") == (approx(2 / 3), 2, 3, "ok")
    # April 2022 alone: I5: 1 / 1
    assert figures(results, "SG5", "2022-04-30")[:3] == (1.0, 1, 1)


def test_sg7_children_and_meetings(results):
    # January children: C1 (twice: once), C2, C3, C7 = 4; I4 is February
    assert figures(results, "SG7", "2023-01-31") == (4, 4, None, "ok")
    # January meetings: M1 (C1 and C2), M2, M6, M7 = 4
    assert figures(results, "SG7", "2023-01-31", breakdown_value="meetings") == (4, 4, None, "ok")


def test_wf1_children_in_need(results):
    # 31 Jan: C1 (R1, R2: once), C2 (from the month end) = 2; R4 closed on it, R5 one day
    assert figures(results, "WF1", "2023-01-31") == (2, 2, None, "ok")


def test_wf2_rate(results):
    # 2 × 10,000 / 40,000 = 0.5
    assert figures(results, "WF2", "2023-01-31") == (0.5, 2, 40_000, "ok")


def test_wf6_average_caseload(results):
    # W1: C1, C2, C3 = 3; W2: C5 = 1 (C4 ended on the month end); W3 not an allocated role; W4 none;
    # W6: C20 (since 2019) = 1; W7 none: (3 + 1 + 1) / 3 case-holding workers = 5 / 3
    assert figures(results, "WF6", "2023-01-31") == (approx(5 / 3), 5, 3, "ok")


def test_wf8_highest_caseload(results):
    # W1's 3, of 3 case-holding workers
    assert figures(results, "WF8", "2023-01-31") == (3, 3, 3, "ok")


def test_wf6_wf8_when_the_largest_caseload_ends(results):
    # 30 Nov 2022: W1 has C1 (V1, V4: once) = 1; W2 has C4, C5 = 2; W4 has C7 = 1; W5 has C8-C11 = 4;
    # W6 has C20 = 1. Largest 4 of 5 case-holding workers; mean (1 + 2 + 1 + 4 + 1) / 5 = 1.8
    assert figures(results, "WF8", "2022-11-30") == (4, 4, 5, "ok")
    assert figures(results, "WF6", "2022-11-30") == (approx(1.8), 9, 5, "ok")
    # 31 Dec 2022: W1 has C1, C2 = 2; W2 has C4, C5 = 2; W4's C7 ended on the date and W5's four on
    # 15 Dec: 0 each; W6 1. Largest 2 (not W5's earlier 4) of 3 workers; mean (2 + 2 + 1) / 3 = 5 / 3
    assert figures(results, "WF8", "2022-12-31") == (2, 2, 3, "ok")
    assert figures(results, "WF6", "2022-12-31") == (approx(5 / 3), 5, 3, "ok")
