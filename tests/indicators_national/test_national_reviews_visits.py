"""Worked examples: CIN20 (child protection visits), SG11 and SG12 (child protection reviews) and
SG15 (looked-after reviews with its late / not yet recorded breakdown). Every number by hand.

Working days (England): 2-3 June 2022, 26-27 December 2022 and 2 January 2023 are bank holidays.
"""

from __future__ import annotations

import pytest
from builders import make_dataset
from engine_helpers import figures, run
from pytest import approx


def cp_plan(pid, person, start, end=None, ola=False):
    return {
        "cppl_cp_plan_id": pid,
        "cppl_person_id": person,
        "cppl_cp_plan_start_date": start,
        "cppl_cp_plan_end_date": end,
        "cppl_cp_plan_ola": ola,
    }


# CIN20: on a plan for 1 month or more at 31 Jan 2023 (started on or before 31 Dec 2022), visited in
# the month (the default standard: a visit within the last 1 month = in the calendar month)
VISIT_PLANS = [
    cp_plan("A", "C1", "2022-12-31"),  # one month old at 31 Jan (boundary)
    cp_plan("B", "C2", "2023-01-01"),  # under a month: not yet due a visit
    cp_plan("C", "C3", "2022-06-01"),
    cp_plan("D", "C4", "2022-06-01"),
    cp_plan("E", "C5", "2022-05-01", ola=True),  # another council's child: not counted
    cp_plan("F", "C6", "2022-01-01"),
]


def cp_visit(vid, person, day, seen=True):
    return {
        "cppv_cp_visit_id": vid,
        "cppv_person_id": person,
        "cppv_cp_visit_date": day,
        "cppv_cp_visit_seen": seen,
    }


CP_VISITS = [
    cp_visit("V1", "C1", "2023-01-05"),
    cp_visit("V2", "C2", "2023-01-10"),
    cp_visit("V3", "C3", "2022-12-31"),  # last visit in December: not in January
    cp_visit("V4", "C4", "2023-01-31", seen=False),  # child not seen: not a statutory visit
    cp_visit("V5", "C5", "2023-01-10"),
    cp_visit("V6", "C6", "2023-01-31"),  # on the month end (boundary)
]


def visits_results(**options):
    dataset = make_dataset({"ssd_cp_plans": VISIT_PLANS, "ssd_cp_visits": CP_VISITS})
    return run(dataset, months=1, refs=("CIN20",), **options)


def test_cin20_visits_in_timescale():
    # due a visit: C1, C3, C4, C6 = 4; visited in January: C1, C6 = 2
    assert figures(visits_results(), "CIN20", "2023-01-31") == (0.5, 2, 4, "ok")


def test_cin20_a_standard_in_days_counts_back_from_the_visit():
    # "within 31 days": C3's visit of 31 Dec is next due 31 Jan, the month end: in time, 3 of 4.
    # (The calendar-month reading of "1 month" leaves it out: the test above.)
    results = visits_results(standards={"cp_visit_within_days": 31})
    assert figures(results, "CIN20", "2023-01-31") == (0.75, 3, 4, "ok")


# SG11, SG12: CP reviews due 3 months after the plan starts, then 6 months after each review

REVIEW_PLANS = [
    cp_plan("P1", "C1", "2022-10-20"),  # first review due 20 Jan 2023
    cp_plan("P2", "C2", "2022-10-31"),  # due 31 Jan 2023
    cp_plan("P3", "C3", "2022-04-15"),  # due 15 Jul 2022; then 6 months after that review
    cp_plan("P4", "C4", "2022-10-05", "2022-12-20"),  # ended before its first review was due
    cp_plan("P5", "C5", "2022-09-30"),  # due 30 Dec 2022
    cp_plan("P6", "C6", "2022-10-15", ola=True),  # another council's child
    cp_plan("P7", "C7", "2021-12-01", "2022-03-01"),  # ended on its due date: none due
]


def cp_review(rid, person, day):
    return {"cppr_cp_review_id": rid, "cppr_person_id": person, "cppr_cp_review_date": day}


CP_REVIEWS = [
    cp_review("R1", "C1", "2023-01-20"),  # on the due date: on time
    cp_review("R2", "C2", "2023-02-03"),  # 3 days late
    cp_review("R3", "C3", "2022-07-10"),  # on time; the next was due 10 Jan 2023 and is not recorded
    cp_review("R5", "C5", "2022-12-29"),  # on time
    cp_review("R7", "C7", "2022-02-20"),
]


@pytest.fixture(scope="module")
def cp_reviews():
    dataset = make_dataset(
        {"ssd_cp_plans": REVIEW_PLANS, "ssd_cp_reviews": CP_REVIEWS}, extract_date="2023-02-10"
    )
    return run(dataset, months=2, refs=("SG11", "SG12"))


def test_sg12_reviews_in_timescale_month(cp_reviews):
    # due in January: P1 (on time), P2 (late), P3's second (not recorded) = 1 of 3
    assert figures(cp_reviews, "SG12", "2023-01-31") == (approx(1 / 3), 1, 3, "ok")
    # December: P5 on time = 1 of 1
    assert figures(cp_reviews, "SG12", "2022-12-31") == (1.0, 1, 1, "ok")


def test_sg11_children_with_all_reviews_on_time_year_to_date(cp_reviews):
    # children with a review due since 1 April 2022: C1, C2, C3, C5 = 4; all on time: C1, C5 = 2
    # (C3's July review was on time, its January one is missing)
    assert figures(cp_reviews, "SG11", "2023-01-31") == (0.5, 2, 4, "ok")
    # at 31 Dec: C3 (July) and C5 (December), both on time so far = 2 of 2
    assert figures(cp_reviews, "SG11", "2022-12-31") == (1.0, 2, 2, "ok")


# SG15: looked-after reviews: first on the 20th working day after entering care, second 3 months
# after the first, then 6 months after the one before


def cla_episode(person, start, end=None):
    return {
        "clae_cla_episode_id": f"E{person}",
        "clae_person_id": person,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": end,
    }


CLA_EPISODES = [
    cla_episode("G1", "2022-12-05"),  # first review due Thu 5 Jan 2023
    cla_episode("G2", "2023-01-03"),  # first review due Tue 31 Jan 2023
    cla_episode("G3", "2022-06-01"),  # due Fri 1 Jul 2022 (2 and 3 June are bank holidays)
    cla_episode("G4", "2022-11-01"),  # due Tue 29 Nov 2022
    cla_episode("G5", "2022-12-20", "2023-01-10"),  # due 20 Jan 2023, but left care before: none due
    cla_episode("G6", "2021-01-04"),  # due Mon 1 Feb 2021
]


def cla_review(rid, person, day, cancelled=False):
    return {
        "clar_cla_review_id": rid,
        "clar_cla_person_id": person,
        "clar_cla_review_date": day,
        "clar_cla_review_cancelled": cancelled,
    }


CLA_REVIEWS = [
    cla_review("R1", "G1", "2023-01-05"),  # on the due date: on time (January)
    cla_review("R3a", "G3", "2022-06-20"),  # on time (due 1 Jul)
    cla_review("R3b", "G3", "2022-09-25"),  # second due 20 Sep (3 months after 20 Jun): late
    cla_review("R4a", "G4", "2022-11-29", cancelled=True),  # cancelled: not a review
    cla_review("R4b", "G4", "2022-12-02"),  # late (due 29 Nov)
    cla_review("R6a", "G6", "2021-01-20"),  # due 1 Feb 2021: on time (previous years)
    cla_review("R6b", "G6", "2021-04-15"),  # due 20 Apr 2021: on time
    cla_review("R6c", "G6", "2021-10-01"),  # due 15 Oct 2021: on time
    cla_review("R6d", "G6", "2022-03-30"),  # due 1 Apr 2022 (first day of the year to date): on time
    cla_review("R6e", "G6", "2022-10-05"),  # due 30 Sep 2022: late
]
# Due April 2022 - January 2023: G6 (1 Apr, on time), G3 (1 Jul, on time), G3 (20 Sep, late),
# G6 (30 Sep, late), G4 (29 Nov, late), G1 (5 Jan, on time), G2 (31 Jan, not recorded) = 7


@pytest.fixture(scope="module")
def cla_reviews():
    dataset = make_dataset(
        {"ssd_cla_episodes": CLA_EPISODES, "ssd_cla_reviews": CLA_REVIEWS}, extract_date="2023-02-10"
    )
    return run(dataset, months=1, refs=("SG15",))


def test_sg15_reviews_in_timescale(cla_reviews):
    # on time: 3 of 7
    assert figures(cla_reviews, "SG15", "2023-01-31") == (approx(3 / 7), 3, 7, "ok")


def test_sg15_late_and_not_yet_recorded(cla_reviews):
    # held late: 3 of 7; not recorded yet: 1 of 7 (the three figures add up to all 7)
    late = figures(cla_reviews, "SG15", "2023-01-31", breakdown_value="late")
    missing = figures(cla_reviews, "SG15", "2023-01-31", breakdown_value="not_yet_recorded")
    assert late == (approx(3 / 7), 3, 7, "ok")
    assert missing == (approx(1 / 7), 1, 7, "ok")
