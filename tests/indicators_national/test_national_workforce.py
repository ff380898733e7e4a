"""Worked examples: WF5 (children with 3 or more social workers) and WF9-WF13 (caseloads by team
group and of personal advisers), at 31 January 2023. Every number by hand."""

from __future__ import annotations

import pytest
from builders import involvement, make_dataset
from engine_helpers import figures, run
from pytest import approx


def cin(rid, person, start, end=None):
    return {
        "cine_referral_id": rid,
        "cine_person_id": person,
        "cine_referral_date": start,
        "cine_close_date": end,
    }


# WF5: workers held during the 12 months to 31 Jan 2023: started on or before it and not ended on
# or before 31 Jan 2022
CIN = [
    cin("R1", "D1", "2021-01-01"),
    cin("R2", "D2", "2021-01-01"),
    cin("R3", "D3", "2021-01-01", "2023-01-31"),  # closed on the month end: not a child in need at it
    cin("R4", "D4", "2021-01-01"),
]
WORKERS = [
    # D1: W1 ended on 31 Jan 2022 (not held); W2, W3 and W4 (from the month end) = 3
    involvement("I1", "W1", "D1", "2021-01-01", "2022-01-31"),
    involvement("I2", "W2", "D1", "2022-02-01", "2022-06-01"),
    involvement("I3", "W3", "D1", "2022-06-01"),
    involvement("I4", "W4", "D1", "2023-01-31"),
    # D2: W1 (ended 1 Feb 2022: held), W2 twice = 2 workers
    involvement("I5", "W1", "D2", "2021-06-01", "2022-02-01"),
    involvement("I6", "W2", "D2", "2022-02-01", "2022-03-01"),
    involvement("I7", "W2", "D2", "2022-05-01"),
    # D3: 3 workers, but not open at the month end
    involvement("I8", "W1", "D3", "2022-03-01", "2022-04-01"),
    involvement("I9", "W2", "D3", "2022-04-01", "2022-05-01"),
    involvement("I10", "W3", "D3", "2022-05-01"),
    # D4: 2 social workers and a personal adviser (not an allocated social worker) = 2
    involvement("I11", "W1", "D4", "2022-03-01", "2022-04-01"),
    involvement("I12", "W2", "D4", "2022-04-01"),
    involvement("I13", "A1", "D4", "2022-05-01", role="PA"),
]


def test_wf5_three_or_more_social_workers():
    # children in need: D1, D2, D4 = 3; with 3 or more workers: D1 = 1
    dataset = make_dataset({"ssd_cin_episodes": CIN, "ssd_involvements": WORKERS})
    results = run(dataset, months=1, refs=("WF5",), allocated_worker_roles=("SW",))
    assert figures(results, "WF5", "2023-01-31") == (approx(1 / 3), 1, 3, "ok")


# WF9-WF13: teams T1 (CSW), T2 (ISCAN), T3 (CFC), T4 (ADOPTION), T9 (LEAVING_CARE); T1a is not
# mapped but its parent is T1; T5 is not mapped and has no mapped parent
TEAM_GROUPS = {"T1": "CSW", "T2": "ISCAN", "T3": "CFC", "T4": "ADOPTION", "T9": "LEAVING_CARE"}
DEPARTMENTS = [
    {"dept_team_id": "T1a", "dept_team_name": "CSW East", "dept_team_parent_id": "T1"},
    {"dept_team_id": "T5", "dept_team_name": "Other", "dept_team_parent_id": "T0"},
]


def allocation(iid, worker, team, person, start="2022-06-01", end=None, role="SW"):
    return involvement(iid, worker, person, start, end, role=role, team=team)


CASES = [
    allocation("J1", "X1", "T1", "K1"),
    allocation("J2", "X1", "T1", "K2"),
    allocation("J3", "X1", "T1", "K3"),
    allocation("J4", "X2", "T1a", "K4"),  # CSW through the parent team
    allocation("J5", "X2", "T1a", "K5", end="2023-01-31"),  # ended on the month end: not counted
    allocation("J6", "X3", "T2", "K6"),
    allocation("J7", "X3", "T2", "K7"),
    allocation("J8", "X4", "T3", "K8"),
    *(allocation(f"J9{i}", "X5", "T3", f"K9{i}") for i in range(4)),  # X5: 4 children
    allocation("J10", "X6", "T4", "K12"),
    allocation("J11", "X7", "T5", "K13"),  # no team group: in none of WF9-WF12
    allocation("J12", "X8", "T9", "L1", role="PA"),  # a personal adviser: 2 care leavers
    allocation("J13", "X8", "T9", "L2", role="PA"),
    allocation("J14", "X9", "T9", "L3"),  # a social worker in a leaving care team
    allocation("J15", "X2", "T1a", "K14", start="2023-02-01"),  # from February: not counted
]
TEAM_REFS = ("WF9", "WF10", "WF11", "WF12", "WF13")


def team_results(**options):
    dataset = make_dataset(
        {"ssd_involvements": CASES, "ssd_department": DEPARTMENTS}, extract_date="2023-02-10"
    )
    options.setdefault("personal_adviser_roles", ("PA",))
    options.setdefault("team_groups", TEAM_GROUPS)
    return run(dataset, months=1, refs=TEAM_REFS, allocated_worker_roles=("SW",), **options)


@pytest.fixture(scope="module")
def teams():
    return team_results()


@pytest.mark.parametrize(
    ("ref", "total", "workers"),
    [
        ("WF9", 4, 2),  # X1 3 + X2 1 (K5 ended on the month end) = 4 over 2 workers = 2.0
        ("WF10", 2, 1),  # X3 2
        ("WF11", 5, 2),  # X4 1 + X5 4 = 5 over 2 = 2.5
        ("WF12", 1, 1),  # X6 1
        ("WF13", 2, 1),  # personal adviser X8: 2 (X9 is a social worker)
    ],
)
def test_team_group_caseloads(teams, ref, total, workers):
    assert figures(teams, ref, "2023-01-31") == (approx(total / workers), total, workers, "ok")


def test_wf13_without_personal_adviser_roles_uses_leaving_care_teams():
    # no personal-adviser roles configured: the allocated social workers of Leaving Care teams, X9 = 1
    results = team_results(personal_adviser_roles=())
    assert figures(results, "WF13", "2023-01-31")[:3] == (1.0, 1, 1)


def test_caseloads_by_team_need_the_team_map():
    # without [teams.map] no allocation is in a group: no caseload to average (never a silent 0)
    results = team_results(team_groups={})
    value, _n, d, _status = figures(results, "WF9", "2023-01-31")
    assert value is None and d == 0
