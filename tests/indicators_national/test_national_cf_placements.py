"""Worked examples: CF8, CF10-CF18 (placement groups of the children in care) and CF3 (statutory
visits, regulation 28), at 31 January 2023. Every expected number is worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from builders import make_dataset
from engine_helpers import figures, run
from pytest import approx


def episode(person, start, end=None):
    return {
        "clae_cla_episode_id": f"E{person}",
        "clae_person_id": person,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": end,
    }


def placement(pid, person, start, end, kind):
    return {
        "clap_cla_placement_id": pid,
        "clap_person_id": person,
        "clap_cla_placement_start_date": start,
        "clap_cla_placement_end_date": end,
        "clap_cla_placement_type": kind,
    }


EPISODES = [
    episode("C1", "2021-05-01"),
    episode("C2", "2022-06-01"),
    episode("C3", "2022-03-01"),
    episode("C4", "2022-01-01"),
    episode("C5", "2022-02-01"),
    episode("C6", "2022-02-01"),
    episode("C7", "2022-06-01"),  # on short breaks (V3): not in care
    episode("C8", "2022-03-01", "2023-01-31"),  # ceased on the month end: not in care at it
    episode("C9", "2022-08-01"),
]
SHORT_BREAKS = [
    {
        "lega_legal_status_id": "L7",
        "lega_person_id": "C7",
        "lega_legal_status": "V3",
        "lega_legal_status_start_date": "2022-06-01",
        "lega_legal_status_end_date": None,
    }
]
PLACEMENTS = [
    placement("PL1", "C1", "2021-05-01", None, "U4"),  # fostered
    placement("PL2", "C2", "2022-06-01", "2022-12-01", "U1"),
    placement("PL3", "C2", "2022-12-01", None, "A4"),  # placed for adoption
    placement("PL4", "C3", "2022-03-01", None, "P1"),  # at home with parents
    placement("PL5", "C4", "2022-01-01", "2022-07-01", "R1"),
    placement("PL6", "C4", "2022-07-01", None, "K2"),  # children's home
    placement("PL7", "C5", "2022-02-01", None, "H5"),  # semi-independent living
    placement("PL8", "C6", "2022-02-01", "2023-01-31", "K1"),  # secure until the month end ...
    placement("PL9", "C6", "2023-01-31", None, "K2"),  # ... then a children's home (boundary)
    placement("PL10", "C7", "2022-06-01", None, "P1"),  # short breaks: excluded
    placement("PL11", "C8", "2022-03-01", "2023-01-31", "K1"),  # not in care at 31 Jan
    placement("PL12", "C9", "2022-08-01", None, "K1"),  # secure
]
GROUP_REFS = ("CF1", "CF8", "CF10", "CF11", "CF12", "CF13", "CF14", "CF15", "CF16", "CF17", "CF18")


@pytest.fixture(scope="module")
def groups():
    dataset = make_dataset(
        {"ssd_cla_episodes": EPISODES, "ssd_cla_placement": PLACEMENTS, "ssd_legal_status": SHORT_BREAKS}
    )
    return run(dataset, months=2, refs=GROUP_REFS)


def test_children_in_care_cohort(groups):
    # C1-C6 and C9 = 7 (C7 on short breaks, C8 ceased on the month end)
    assert figures(groups, "CF1", "2023-01-31")[:2] == (7, 7)


@pytest.mark.parametrize(
    ("count_ref", "share_ref", "count"),
    [
        ("CF8", None, 1),  # C1 (U4)
        ("CF10", "CF11", 1),  # C2 (A4)
        ("CF12", "CF13", 1),  # C3 (P1); C7's P1 is a short break
        ("CF14", "CF15", 2),  # C4 (K2), C6 (K2 from the month end)
        ("CF16", "CF17", 1),  # C5 (H5)
        ("CF18", None, 1),  # C9 (K1); C6's K1 ended on the month end, C8 is not in care
    ],
)
def test_placement_groups(groups, count_ref, share_ref, count):
    assert figures(groups, count_ref, "2023-01-31") == (count, count, None, "ok")
    if share_ref:
        # each share is the count over CF1's 7
        assert figures(groups, share_ref, "2023-01-31") == (approx(count / 7), count, 7, "ok")


def test_secure_units_at_the_previous_month_end(groups):
    # 31 Dec: C6 (K1 until 31 Jan), C8 (in care until 31 Jan), C9 = 3
    assert figures(groups, "CF18", "2022-12-31")[:2] == (3, 3)


# CF3: statutory visits ------------------------------------------------------------------------

VISIT_EPISODES = [episode(p, "2021-05-01") for p in ("C1", "C2", "C3", "C4", "C5", "C6", "C7")]
VISIT_PLACEMENTS = [
    placement("V1", "C1", "2021-05-01", None, "U4"),  # past its first year, intended to last
    placement("V2", "C2", "2022-12-01", None, "U4"),
    placement("V3", "C3", "2022-10-01", None, "U4"),
    placement("V4", "C4", "2023-01-27", None, "U4"),
    placement("V5", "C5", "2023-01-20", None, "U4"),
    placement("V6a", "C6", "2022-06-01", "2023-01-20", "U4"),
    placement("V6b", "C6", "2023-01-20", None, "K2"),
    placement("V7", "C7", "2022-06-01", None, "P1"),
]


def permanence(pid, permanent):
    return {"clap_cla_placement_id": pid, "is_permanent_placement": permanent}


# V1 is intended to last (3-monthly visits after its first year); V3 is flagged too, but is still in
# its first year (6-weekly); V2 is flagged not permanent.
PERMANENCE = [permanence("V1", True), permanence("V2", False), permanence("V3", True)]


def visit(vid, person, day):
    return {"clav_cla_visit_id": vid, "clav_person_id": person, "clav_cla_visit_date": day}


VISITS = [
    # C1: 15 Nov 2022, a year and more into a placement intended to last: next due 3 months later,
    # 15 Feb: in time (without the permanence flag: 15 Nov + 42 days = 27 Dec, late)
    visit("W1", "C1", "2022-11-15"),
    # C2: first year; 20 Dec + 42 days = 31 Jan, the month end itself: in time (boundary)
    visit("W2", "C2", "2022-12-20"),
    # C3: first year; 15 Dec + 42 days = 26 Jan: overdue at 31 Jan (its permanence flag does not
    # apply in the first year)
    visit("W3", "C3", "2022-12-15"),
    # C4: placed 27 Jan, no visit yet: due within a week (3 Feb): in time
    # C5: placed 20 Jan, no visit: due 27 Jan: overdue
    # C6: visited on 10 Jan in the old placement; the new one (20 Jan) needed a visit by 27 Jan
    visit("W6", "C6", "2023-01-10"),
    # C7: on short breaks: not in the cohort
    visit("W7", "C7", "2023-01-10"),
]


def visits_dataset(with_permanence=True):
    tables = {
        "ssd_cla_episodes": VISIT_EPISODES,
        "ssd_cla_placement": VISIT_PLACEMENTS,
        "ssd_cla_visits": VISITS,
        "ssd_legal_status": [{**SHORT_BREAKS[0], "lega_legal_status_start_date": "2021-05-01"}],
    }
    if with_permanence:
        tables["ext_placement_flag"] = PERMANENCE
    return make_dataset(tables)


def test_cf3_visits_in_timescale():
    # in time: C1, C2, C4 = 3 of C1-C6 = 6
    results = run(visits_dataset(), months=1, refs=("CF3",))
    assert figures(results, "CF3", "2023-01-31") == (0.5, 3, 6, "ok")


def test_cf3_without_permanence_flags_every_placement_is_six_weekly():
    # no ext_placement_flag: C1's visit of 15 Nov was due again by 27 Dec: late; C2, C4 = 2 of 6,
    # with a caveat naming the missing table
    results = run(visits_dataset(with_permanence=False), months=1, refs=("CF3",))
    assert figures(results, "CF3", "2023-01-31") == (approx(2 / 6), 2, 6, "caveat")
    assert "ext_placement_flag" in results.get("CF3", date(2023, 1, 31))["note"]


def test_cf3_every_six_weeks_option():
    # every 6 weeks throughout, whatever the flags: C1's visit of 15 Nov was due by 27 Dec: late; 2 of 6
    results = run(visits_dataset(), months=1, refs=("CF3",), standards={"cla_visit_every_6_weeks": 1})
    assert figures(results, "CF3", "2023-01-31") == (approx(2 / 6), 2, 6, "ok")


# A flip: one child in the second year of a placement intended to last, visited on 10 Nov 2022 and
# again 10 weeks later on 19 Jan 2023. At 31 Dec the 10 Nov visit is 51 days old: 3-monthly (due
# 10 Feb) it is in time, 6-weekly (due 22 Dec) it is late. In the first year the flag changes nothing.
SECOND_YEAR = [placement("S1", "C1", "2021-06-01", None, "U4")]
FIRST_YEAR = [placement("S1", "C1", "2022-06-01", None, "U4")]  # first year until 1 Jun 2023
TEN_WEEKS = [visit("T1", "C1", "2022-11-10"), visit("T2", "C1", "2023-01-19")]


@pytest.mark.parametrize(
    ("placements", "permanent", "in_time_at_31_december"),
    [
        (SECOND_YEAR, True, 1),  # 3-monthly: due 10 Feb
        (SECOND_YEAR, False, 0),  # flagged not permanent: 6-weekly, due 22 Dec
        (FIRST_YEAR, True, 0),  # first year: 6-weekly whatever the flag
    ],
)
def test_cf3_ten_weeks_between_visits_flips_with_the_permanence_flag(
    placements, permanent, in_time_at_31_december
):
    tables = {
        "ssd_cla_episodes": [episode("C1", "2021-06-01")],
        "ssd_cla_placement": placements,
        "ssd_cla_visits": TEN_WEEKS,
        "ssd_legal_status": SHORT_BREAKS,
        "ext_placement_flag": [permanence("S1", permanent)],
    }
    results = run(make_dataset(tables), months=2, refs=("CF3",))
    assert figures(results, "CF3", "2022-12-31")[1:] == (in_time_at_31_december, 1, "ok")
    # 31 Jan: the 19 Jan visit is 12 days old: in time on either rule
    assert figures(results, "CF3", "2023-01-31")[1:] == (1, 1, "ok")
