"""Worked examples: CF5 (long-term stability), CF6 (changes of social worker), CF21 and CF22
(initial health assessments), CF23 and CF25 (health and dental checks), CF29 (pathway plans), at
31 January 2023. Every expected number is worked out by hand.

Working days (England): 26 and 27 December 2022 and 2 January 2023 are bank holidays.
"""

from __future__ import annotations

from datetime import date

import pytest
from builders import NO_SHORT_BREAKS, make_dataset
from engine_helpers import figures, run


def episode(eid, person, start, end=None):
    return {
        "clae_cla_episode_id": eid,
        "clae_person_id": person,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": end,
    }


def placement(pid, person, start, end, kind, reason=None):
    return {
        "clap_cla_placement_id": pid,
        "clap_person_id": person,
        "clap_cla_placement_start_date": start,
        "clap_cla_placement_end_date": end,
        "clap_cla_placement_type": kind,
        "clap_cla_placement_change_reason": reason,
    }


def person(pid, dob):
    return {"pers_person_id": pid, "pers_dob": dob}


# CF5: a snapshot at the last complete quarter end. Under 16 and looked after continuously for 30
# months: since June 2020 or earlier at 31 December 2022, since September 2020 at 31 March 2023.
STABILITY_EPISODES = [
    episode("E1", "K1", "2020-07-31"),  # July 2020 + 30 months = January 2023 (boundary): in at 31 Mar only
    episode("E2", "K2", "2020-08-01"),  # reaches 2.5 years in February 2023: in at 31 Mar only
    episode("E3a", "K3", "2019-01-01", "2020-01-01"),  # K3: two episodes with no gap, one period
    episode("E3b", "K3", "2020-01-01"),
    episode("E4", "K4", "2019-06-01"),
    episode("E5", "K5", "2019-06-01"),  # K5 turned 16 on 15 Dec 2022: out from 31 December
    episode("E6", "K6", "2019-01-01"),
    episode("E7a", "K7", "2019-01-01", "2021-01-01"),  # K7: a gap, so looked after only since March 2021
    episode("E7b", "K7", "2021-03-01"),
    # K9 entered care in March 2023 (no date of birth: in no cohort). It is there so the episodes
    # table holds data up to the reporting month, as a live extract does.
    episode("E9", "K9", "2023-03-20"),
]
STABILITY_PEOPLE = [
    person("K1", "2010-01-01"),
    person("K2", "2012-01-01"),
    person("K3", "2007-02-01"),  # 16 on 1 Feb 2023: under 16 at 31 Dec, not at 31 Mar
    person("K4", "2011-01-01"),
    person("K5", "2006-12-15"),
    person("K6", "2012-01-01"),
    person("K7", "2012-01-01"),
]
STABILITY_PLACEMENTS = [
    placement("P1", "K1", "2020-07-31", None, "U4"),  # same carer since July 2020: 2 years
    placement("P2", "K2", "2020-08-01", None, "U4"),  # same carer since August 2020: 2 years
    placement("P3a", "K3", "2019-01-01", "2021-06-01", "U4"),
    placement("P3b", "K3", "2021-06-01", None, "U5", "CARPL"),  # a new carer in June 2021: not 2 years
    placement("P4a", "K4", "2019-06-01", "2022-03-01", "U4"),
    placement("P4b", "K4", "2022-03-01", None, "U4", "PLACE"),  # status change only: same carer since 2019
    placement("P6a", "K6", "2019-01-01", "2020-12-01", "K2"),
    placement("P6b", "K6", "2020-12-01", "2022-06-01", "U4"),
    # placed for adoption; P6b + P6c since December 2020 make 2 years in December 2022 (boundary)
    placement("P6c", "K6", "2022-06-01", None, "A4", "CARPL"),
    placement("P7", "K7", "2019-01-01", None, "U4"),
]


def stability_dataset():
    return make_dataset(
        {
            "ssd_cla_episodes": STABILITY_EPISODES,
            "ssd_cla_placement": STABILITY_PLACEMENTS,
            "ssd_person": STABILITY_PEOPLE,
            "ssd_legal_status": NO_SHORT_BREAKS,
        },
        extract_date="2023-04-10",
    )


@pytest.fixture(scope="module")
def stability():
    # January to March 2023: January and February report the quarter October-December 2022
    return run(stability_dataset(), period="2023-03", months=3, refs=("CF5",))


def test_cf5_same_carer_for_two_years_at_the_quarter_end(stability):
    # 31 Dec 2022: cohort K3, K4, K6 = 3 (K1, K2 not yet 30 months; K5 is 16; K7 has a gap); with
    # the same carer 2 years: K4 (PLACE keeps the carer, since June 2019), K6 (adoptive + previous
    # since December 2020) = 2
    assert figures(stability, "CF5", "2022-12-31") == (pytest.approx(2 / 3), 2, 3, "ok")
    # 31 Mar 2023: cohort K1, K2, K4, K6 = 4 (K3 turned 16 in February); all 4 with the same carer
    assert figures(stability, "CF5", "2023-03-31") == (1.0, 4, 4, "ok")


def test_cf5_is_reported_once_per_quarter(stability):
    frame = stability.to_pandas()
    rows = frame[frame.ref == "CF5"]
    assert [str(d) for d in rows.period_start] == ["2022-10-01", "2023-01-01"]
    assert [str(d) for d in rows.period_end] == ["2022-12-31", "2023-03-31"]
    assert set(rows.period_basis) == {"quarter"}


def test_cf5_a_month_that_is_not_a_quarter_end_reports_the_previous_quarter():
    # The flip: January 2023's own month-end snapshot would be 3 of 4 (K1 reaches 30 months in
    # January: cohort K1, K3, K4, K6; same carer K1, K4, K6), but January reports the quarter to
    # 31 December: 2 of 3.
    results = run(stability_dataset(), period="2023-01", months=1, refs=("CF5",))
    rows = results.to_pandas()
    assert [str(d) for d in rows.period_end] == ["2022-12-31"]
    assert figures(results, "CF5", "2022-12-31")[1:] == (2, 3, "ok")


# CF6: changes of allocated social worker in the 12 months to the month end (Feb 2022 - Jan 2023)


def involvement(iid, worker, person_id, start, end=None, role="SW"):
    return {
        "invo_involvements_id": iid,
        "invo_professional_id": worker,
        "invo_person_id": person_id,
        "invo_involvement_start_date": start,
        "invo_involvement_end_date": end,
        "invo_professional_role_id": role,
    }


WORKER_EPISODES = [
    episode("L1", "L1", "2020-01-01"),
    episode("L2", "L2", "2020-01-01"),
    episode("L3", "L3", "2020-01-01"),
    episode("L4", "L4", "2020-01-01", "2023-01-15"),  # left care in January: not in the cohort
    episode("L5", "L5", "2020-01-01"),
]
ALLOCATIONS = [
    # L1: W2 (1 Feb 2022, the window's first day), W3, W4 (31 Jan 2023) = 3 changes
    involvement("I1", "W1", "L1", "2021-01-01", "2022-02-01"),
    involvement("I2", "W2", "L1", "2022-02-01", "2022-06-01"),
    involvement("I3", "W3", "L1", "2022-06-01", "2023-01-31"),
    involvement("I4", "W4", "L1", "2023-01-31"),
    # L2: W2 on 31 Jan 2022 is before the window: 2 changes (W3, W4)
    involvement("I5", "W1", "L2", "2021-01-01", "2022-01-31"),
    involvement("I6", "W2", "L2", "2022-01-31", "2022-05-01"),
    involvement("I7", "W3", "L2", "2022-05-01", "2022-09-01"),
    involvement("I8", "W4", "L2", "2022-09-01"),
    # L3: first allocation W1 (not a change), W2, W2 again (same worker: not a change), W3, W1 = 3
    involvement("I9", "W1", "L3", "2022-03-01", "2022-04-01"),
    involvement("I10", "W2", "L3", "2022-04-01", "2022-06-01"),
    involvement("I11", "W2", "L3", "2022-06-01", "2022-07-01"),
    involvement("I12", "W3", "L3", "2022-07-01", "2022-08-01"),
    involvement("I13", "W1", "L3", "2022-08-01"),
    # L4: 3 changes, but not in care at the month end
    involvement("I14", "W1", "L4", "2021-01-01", "2022-03-01"),
    involvement("I15", "W2", "L4", "2022-03-01", "2022-05-01"),
    involvement("I16", "W3", "L4", "2022-05-01", "2022-07-01"),
    involvement("I17", "W4", "L4", "2022-07-01"),
    # L5: changes of personal adviser, not of social worker
    involvement("I18", "A1", "L5", "2021-01-01", "2022-03-01", role="PA"),
    involvement("I19", "A2", "L5", "2022-03-01", "2022-05-01", role="PA"),
    involvement("I20", "A3", "L5", "2022-05-01", "2022-07-01", role="PA"),
    involvement("I21", "A4", "L5", "2022-07-01", role="PA"),
]


def test_cf6_three_or_more_social_worker_changes():
    # in care: L1, L2, L3, L5 = 4; three or more changes: L1, L3 = 2
    dataset = make_dataset(
        {
            "ssd_cla_episodes": WORKER_EPISODES,
            "ssd_involvements": ALLOCATIONS,
            "ssd_legal_status": NO_SHORT_BREAKS,
        }
    )
    results = run(dataset, months=1, refs=("CF6",), allocated_worker_roles=("SW",))
    assert figures(results, "CF6", "2023-01-31") == (0.5, 2, 4, "ok")


# CF21, CF22: initial health assessments, due on the 20th working day after entering care

IHA_EPISODES = [
    # H1 entered Mon 5 Dec 2022: 20th working day after it is Thu 5 Jan 2023
    episode("H1", "H1", "2022-12-05"),
    # H2 entered Mon 2 Jan 2023, a bank holiday: day 0 is Tue 3 Jan, due Tue 31 Jan
    episode("H2", "H2", "2023-01-02"),
    # H3 entered Tue 20 Dec 2022 (due Fri 20 Jan) but left care on 10 Jan: not in the cohort
    episode("H3", "H3", "2022-12-20", "2023-01-10"),
    # H4 entered Tue 1 Nov 2022: due Tue 29 Nov (November)
    episode("H4", "H4", "2022-11-01"),
    # H5 entered Tue 1 Mar 2022: due Tue 29 Mar 2022, the previous financial year
    episode("H5", "H5", "2022-03-01"),
    # H6 entered Tue 3 Jan 2023: due Tue 31 Jan; no assessment
    episode("H6", "H6", "2023-01-03"),
]


def check(cid, person_id, kind, day, status="COMPLETED"):
    return {
        "clah_health_check_id": cid,
        "clah_person_id": person_id,
        "clah_health_check_type": kind,
        "clah_health_check_date": day,
        "clah_health_check_status": status,
    }


IHAS = [
    check("X1", "H1", "IHA", "2023-01-05"),  # on the due date: in time
    check("X2", "H2", "IHA", "2023-02-01"),  # a day late
    check("X3", "H3", "IHA", "2023-01-05"),
    check("X4", "H4", "IHA", "2022-11-20"),  # in time
]


@pytest.fixture(scope="module")
def iha_results():
    dataset = make_dataset(
        {"ssd_cla_episodes": IHA_EPISODES, "ssd_cla_health": IHAS, "ssd_legal_status": NO_SHORT_BREAKS},
        extract_date="2023-02-10",
    )
    return run(dataset, months=1, refs=("CF21", "CF22"))


def test_cf22_iha_in_timescale_month(iha_results):
    # due in January: H1 (in time), H2 (late), H6 (none) = 1 of 3
    _value, n, d, status = figures(iha_results, "CF22", "2023-01-31")
    assert (n, d, status) == (1, 3, "ok")


def test_cf21_iha_in_timescale_year_to_date(iha_results):
    # due April 2022 - January 2023: H4 (in time), H1 (in time), H2, H6 = 2 of 4
    assert figures(iha_results, "CF21", "2023-01-31") == (0.5, 2, 4, "ok")


# CF23, CF25: health and dental checks of children looked after for 12 months or more

HEALTH_EPISODES = [
    episode("Q1", "Q1", "2021-06-01"),
    episode("Q2", "Q2", "2022-01-31"),  # January 2022 + 12 months = January 2023 (boundary): in
    episode("Q3", "Q3", "2020-01-01"),
    episode("Q4", "Q4", "2022-02-01"),  # 12 months only in February: not in the cohort
    episode("Q5", "Q5", "2021-01-01"),
]
HEALTH_PEOPLE = [
    person("Q1", "2020-06-01"),  # under 5: the 6-month rule
    person("Q2", "2010-01-01"),
    person("Q3", "2019-03-01"),  # under 5
    person("Q4", "2012-01-01"),
    person("Q5", "2012-01-01"),
]
HEALTH_CHECKS = [
    check("Y1", "Q1", "RHA", "2022-08-01"),  # August: the first of the 6 months to January (boundary)
    check("Y2", "Q1", "DENTAL", "2022-02-01"),  # February 2022: the first of the 12 months
    check("Y3", "Q2", "RHA", "2022-02-15"),  # within 12 months (Q2 is 13)
    check("Y4", "Q2", "DENTAL", "2022-01-20"),  # January 2022: outside the 12 months
    check("Y5", "Q3", "RHA", "2022-07-31"),  # July: outside the 6 months an under-5 needs
    check("Y6", "Q4", "RHA", "2022-12-01"),
    check("Y7", "Q5", "RHA", "2022-03-01", status="REFUSED"),  # refused: not a health assessment
    check("Y8", "Q5", "DENTAL", "2022-12-01"),
]


def health_dataset(with_people=True):
    tables = {
        "ssd_cla_episodes": HEALTH_EPISODES,
        "ssd_cla_health": HEALTH_CHECKS,
        "ssd_legal_status": NO_SHORT_BREAKS,
    }
    if with_people:
        tables["ssd_person"] = HEALTH_PEOPLE
    return make_dataset(tables)


def test_cf23_health_assessments():
    # cohort: Q1, Q2, Q3, Q5 = 4; up to date: Q1 (6 months), Q2 (12 months) = 2
    results = run(health_dataset(), months=1, refs=("CF23", "CF25"))
    assert figures(results, "CF23", "2023-01-31") == (0.5, 2, 4, "ok")
    # dental: Q1 (Feb 2022), Q5 (Dec 2022) = 2 of 4
    assert figures(results, "CF25", "2023-01-31") == (0.5, 2, 4, "ok")


def test_cf23_under_fives_need_a_check_in_six_months():
    # Without dates of birth everyone is held to the 12-month rule: Q3's July check counts, 3 of 4,
    # with a caveat. (So the 6-month rule for under-5s is what makes Q3 out of date above.)
    results = run(health_dataset(with_people=False), months=1, refs=("CF23",))
    _value, n, d, status = figures(results, "CF23", "2023-01-31")
    assert (n, d, status) == (3, 4, "caveat")


# CF29: care leavers with a pathway plan reviewed in the 6 months to the month end


def leaver(lid, eligibility, review=None):
    return {
        "clea_table_id": lid,
        "clea_person_id": lid,
        "clea_care_leaver_eligibility": eligibility,
        "clea_pathway_plan_review_date": review,
        "clea_care_leaver_latest_contact": "2023-01-10",
    }


LEAVERS = [
    leaver("Y1", "FORMER_RELEVANT", "2022-08-01"),  # 19; reviewed in August
    leaver("Y2", "FORMER_RELEVANT", "2023-01-05"),  # 22 on 31 Jan 2023: out of the cohort then
    leaver("Y3", "RELEVANT", "2022-07-31"),  # 16; left care on 31 Dec 2022; reviewed in July
    leaver("Y4", "ELIGIBLE", "2023-01-05"),  # still looked after: not a care leaver
    leaver("Y5", "FORMER_RELEVANT"),  # no review recorded
    leaver("Y6", "RELEVANT", "2023-01-10"),  # 16; left care on 1 Jan 2023
    leaver("Y7", "RELEVANT"),  # 17; left care in June 2022, back in care 1 Dec 2022 to 15 Jan 2023
]
LEAVER_PEOPLE = [
    person("Y1", "2003-06-01"),
    person("Y2", "2001-01-31"),
    person("Y3", "2006-05-01"),
    person("Y4", "2005-01-01"),
    person("Y5", "2002-03-03"),
    person("Y6", "2006-01-01"),
    person("Y7", "2005-06-01"),
]
# Y2 and Y5 have no episode in the data: they left care before it begins.
LEAVER_EPISODES = [
    episode("LE1", "Y1", "2019-01-01", "2021-06-01"),
    episode("LE3", "Y3", "2021-01-01", "2022-12-31"),  # ceased on the month end: a care leaver at it
    episode("LE4", "Y4", "2020-01-01"),
    episode("LE6", "Y6", "2020-01-01", "2023-01-01"),  # ceased the day after the month end
    episode("LE7a", "Y7", "2019-01-01", "2022-06-01"),
    episode("LE7b", "Y7", "2022-12-01", "2023-01-15"),
]


def leavers_dataset(with_episodes=True):
    tables = {"ssd_care_leavers": LEAVERS, "ssd_person": LEAVER_PEOPLE}
    if with_episodes:
        tables["ssd_cla_episodes"] = LEAVER_EPISODES
    return make_dataset(tables)


def test_cf29_pathway_plans_of_the_care_leavers_at_each_month_end():
    results = run(leavers_dataset(), months=3, refs=("CF29",))
    # 31 Jan: cohort Y1, Y3, Y5, Y6, Y7 (left care again on 15 Jan) = 5 (Y2 is 22, Y4 looked after);
    # reviewed August 2022 - January 2023: Y1 (August, the first of the 6 months), Y6 (10 Jan) = 2
    assert figures(results, "CF29", "2023-01-31") == (0.4, 2, 5, "ok")
    # 31 Dec: cohort Y1, Y2 (21), Y3 (ceased on 31 Dec) = 3, and Y5 = 4; Y6 and Y7 were looked after.
    # Reviewed July - December: Y1, Y3 (31 July) = 2; Y2's review of 5 Jan is after 31 Dec
    assert figures(results, "CF29", "2022-12-31") == (0.5, 2, 4, "ok")
    # 30 Nov: cohort Y1, Y2, Y5, Y7 (between periods of care) = 4; Y3 and Y6 were looked after.
    # Reviewed June - November: Y1 = 1
    assert figures(results, "CF29", "2022-11-30") == (0.25, 1, 4, "ok")


def test_cf29_without_episodes_counts_todays_list():
    # The flip: without ssd_cla_episodes the cohort at 31 Dec is everyone listed as relevant or
    # former relevant aged 16 to 21: Y1, Y2, Y3, Y5, Y6, Y7 = 6 (Y6, Y7 were looked after then);
    # current: Y1, Y3 = 2 of 6, with a caveat naming the missing table
    results = run(leavers_dataset(with_episodes=False), months=2, refs=("CF29",))
    assert figures(results, "CF29", "2022-12-31") == (pytest.approx(2 / 6), 2, 6, "caveat")
    assert "ssd_cla_episodes" in results.get("CF29", date(2022, 12, 31))["note"]
