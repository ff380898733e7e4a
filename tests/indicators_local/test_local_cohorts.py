"""Worked examples for the cohort indicators: CF7, CF19, CF20, CF27, CF28 and SG4 (children in care and
in need at 31 January 2023), CF30 and CF31 (care leavers' birthdays), EH6 (assessments open in the
quarter), EH12 and EH13 (Supporting Families) and WF14 (caseloads of workers in their assessed and
supported year). Every expected number is worked out by hand."""

from __future__ import annotations

import pytest
from builders import involvement, make_dataset
from engine_helpers import figures, run

HOME = ("999", "E99999999", "Testshire")  # the configured home council: DfE code, ONS code, name


def episode(eid: str, person: str, start: str, ceased: str | None = None):
    return {
        "clae_cla_episode_id": eid,
        "clae_person_id": person,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": ceased,
    }


def placement(pid: str, person: str, start: str, end: str | None, type_: str, la=None, postcode=None):
    return {
        "clap_cla_placement_id": pid,
        "clap_person_id": person,
        "clap_cla_placement_start_date": start,
        "clap_cla_placement_end_date": end,
        "clap_cla_placement_type": type_,
        "clap_cla_placement_la": la,
        "clap_cla_placement_postcode": postcode,
    }


CHILDREN = {
    "ssd_cla_episodes": [
        episode("K1", "C1", "2022-05-01"),
        episode("K2", "C2", "2022-06-01"),
        episode("K3", "C3", "2023-01-31"),  # came into care on the month end (boundary): in care
        episode("K4", "C4", "2022-01-01", "2023-01-31"),  # ceased on the month end: not in care
        episode("K5", "C5", "2022-03-01"),  # on short breaks (V3): not in care
        episode("K6", "C6", "2022-02-01"),
    ],
    "ssd_legal_status": [
        {
            "lega_legal_status_id": "L5",
            "lega_person_id": "C5",
            "lega_legal_status": "V3",
            "lega_legal_status_start_date": "2022-03-01",
            "lega_legal_status_end_date": None,
        }
    ],
    "ssd_cla_placement": [
        placement("PL1", "C1", "2022-05-01", None, "U1", la="999"),  # inside, by its own code
        placement("PL2", "C2", "2022-06-01", None, "Z1", postcode="AB1 2CD"),  # other; inside by postcode
        placement("PL3", "C3", "2023-01-31", None, "K2", postcode="zz99zz"),  # outside by postcode
        placement("PL4", "C4", "2022-01-01", "2023-01-31", "Z1", la="999"),  # ended: not counted
        placement("PL5", "C5", "2022-03-01", None, "Z1", la="999"),  # a short-breaks child: not counted
        placement("PL6", "C6", "2022-02-01", None, "R1", postcode="QQ1 1QQ"),  # s38(6); location unknown
        placement("PL7", "C6", "2022-01-01", "2022-02-01", "Z1", la="999"),  # C6's earlier placement
    ],
    "ext_placement_flag": [
        {"clap_cla_placement_id": "PL6", "is_s38_6_assessment": True, "is_unregistered_setting": False}
    ],
    "ref_postcode_la": [
        {"postcode": "AB12CD", "la_code": "E99999999"},
        {"postcode": "ZZ99ZZ", "la_code": "E08000001"},
    ],
    "ssd_ehcp_named_plan": [
        {"ehcn_named_plan_id": "E1", "ehcn_person_id": "C1", "ehcn_named_plan_start_date": "2021-01-01"},
        {"ehcn_named_plan_id": "E2", "ehcn_person_id": "C3", "ehcn_named_plan_start_date": "2023-01-31"},
        {
            "ehcn_named_plan_id": "E3",
            "ehcn_person_id": "C6",
            "ehcn_named_plan_start_date": "2020-01-01",
            "ehcn_named_plan_ceased_date": "2023-01-31",  # ceased on the month end: not open
        },
        {"ehcn_named_plan_id": "E4", "ehcn_person_id": "C5", "ehcn_named_plan_start_date": "2021-01-01"},
        {"ehcn_named_plan_id": "E5", "ehcn_person_id": "N1", "ehcn_named_plan_start_date": "2021-01-01"},
    ],
    "ssd_cin_episodes": [
        {"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": "2022-04-01"},
        {"cine_referral_id": "R2", "cine_person_id": "N1", "cine_referral_date": "2022-08-01"},
        {"cine_referral_id": "R3", "cine_person_id": "N2", "cine_referral_date": "2022-09-01"},
        {
            "cine_referral_id": "R4",
            "cine_person_id": "C6",
            "cine_referral_date": "2021-12-01",
            "cine_close_date": "2023-01-31",  # closed on the month end: not open
        },
        {"cine_referral_id": "R5", "cine_person_id": "N3", "cine_referral_date": "2023-02-01"},  # February
    ],
    "ssd_person": [
        {"pers_person_id": "C1", "pers_dob": "2010-06-15"},  # 12: aged 3 to 15
        {"pers_person_id": "C2", "pers_dob": "2020-01-31"},  # 3 on 31 January 2023 (boundary): in
        {"pers_person_id": "C3", "pers_dob": "2007-01-31"},  # 16 on 31 January 2023 (boundary): out
        {"pers_person_id": "C6", "pers_dob": "2021-05-01"},  # 1: out
    ],
    "ext_pep": [
        {"pep_id": "PEP1", "pep_person_id": "C1", "pep_date": "2022-10-05", "pep_status": "COMPLETED"},
        # summer term 2022: current until the end of the autumn term (December), so not at 31 January
        {"pep_id": "PEP2", "pep_person_id": "C2", "pep_date": "2022-07-15", "pep_status": "COMPLETED"},
        {"pep_id": "PEP3", "pep_person_id": "C2", "pep_date": "2023-02-01", "pep_status": "COMPLETED"},
    ],
}
COHORT_REFS = ("CF7", "CF19", "CF20", "CF27", "CF28", "SG4")


class TestChildrenInCareAndInNeed:
    @pytest.fixture(scope="class")
    @classmethod
    def results(cls):
        return run(make_dataset(CHILDREN), refs=COHORT_REFS, home_council=HOME)

    # In care at 31 January: C1, C2, C3, C6 = 4 (C4 ceased on 31 January; C5 on short breaks).

    def test_cf7_placed_inside_the_council(self, results):
        # location known: C1 (own code 999), C2 (AB12CD → E99999999), C3 (ZZ99ZZ → E08000001) = 3;
        # inside: C1, C2 = 2 → 2 / 3 (C6's postcode is not in the lookup)
        value, n, d, status = figures(results, "CF7", "2023-01-31")
        assert (n, d, status) == (2, 3, "ok") and value == pytest.approx(2 / 3)

    def test_cf19_and_cf20_other_placements(self, results):
        # C2 (Z1) + C6 (R1 flagged section 38(6)) = 2 (PL4 ended, PL5 a short break, PL7 ended); 2 / 4
        assert figures(results, "CF19", "2023-01-31") == (2, 2, None, "ok")
        assert figures(results, "CF20", "2023-01-31") == (0.5, 2, 4, "ok")

    def test_cf27_with_an_ehc_plan(self, results):
        # C1 (E1) + C3 (E2 from 31 January) = 2 of 4 (E3 ceased on 31 January; C5 not in care) → 0.5
        assert figures(results, "CF27", "2023-01-31") == (0.5, 2, 4, "ok")

    def test_cf28_current_pep_aged_3_to_15(self, results):
        # aged 3 to 15 and in care: C1, C2 = 2 (C3 is 16, C6 is 1); current PEP: C1 (autumn 2022) = 1
        assert figures(results, "CF28", "2023-01-31") == (0.5, 1, 2, "ok")

    def test_sg4_children_in_need_with_an_ehc_plan(self, results):
        # open referrals: C1, N1, N2 = 3 (R4 closed on 31 January, R5 in February); with a plan: C1, N1 → 2 / 3
        value, n, d, status = figures(results, "SG4", "2023-01-31")
        assert (n, d, status) == (2, 3, "ok") and value == pytest.approx(2 / 3)

    def test_cf7_without_the_home_council_nothing_is_inside(self):
        # council 999 is not in the shipped council list: without the configured home council, C1 and
        # C2 are not recognised as inside → 0 / 3
        results = run(make_dataset(CHILDREN), refs=("CF7",))
        assert figures(results, "CF7", "2023-01-31")[1:3] == (0, 3)


def birthday(bid: str, age: int, date: str, touch: str, activity: str = "0"):
    return {
        "clbc_id": bid,
        "clbc_person_id": f"L{bid}",
        "clbc_birthday_age": age,
        "clbc_birthday_date": date,
        "clbc_in_touch": touch,
        "clbc_activity": activity,
    }


BIRTHDAYS = [
    birthday("B1", 17, "2023-01-31", "YES", "F1"),  # last day of the rolling 12 months (boundary)
    birthday("B2", 19, "2022-02-01", "YES", "G5"),  # first day of the rolling 12 months (boundary)
    birthday("B3", 21, "2022-06-10", "NO", "0"),
    birthday("B4", 18, "2022-08-01", "DIED"),  # died: excluded
    birthday("B5", 20, "2022-01-31", "YES", "F5"),  # before the window: excluded
    birthday("B6", 18, "2022-11-11", "RHOM"),  # returned home for 6 months or more: excluded
    birthday("B7", 18, "2022-12-12", "REFU", "F4"),
    birthday("B8", 16, "2022-12-01", "YES", "F1"),  # a 16th birthday: not in the 17-21 cohort
]


class TestCareLeavers:
    @pytest.fixture(scope="class")
    @classmethod
    def results(cls):
        return run(make_dataset({"ext_care_leaver_contact": BIRTHDAYS}), refs=("CF30", "CF31"))

    # Cohort, February 2022 to January 2023: B1, B2, B3, B7 = 4.

    def test_cf30_in_touch(self, results):
        # in touch: B1, B2 = 2 / 4; aged 17-18: B1 of B1, B7 = 1 / 2; aged 19-21: B2 of B2, B3 = 1 / 2
        assert figures(results, "CF30", "2023-01-31") == (0.5, 2, 4, "ok")
        assert figures(results, "CF30", "2023-01-31", breakdown_value="17-18") == (0.5, 1, 2, "ok")
        assert figures(results, "CF30", "2023-01-31", breakdown_value="19-21") == (0.5, 1, 2, "ok")

    def test_cf31_in_education_employment_or_training(self, results):
        # EET: B1 (F1), B7 (F4) = 2 / 4; aged 17-18: 2 / 2; aged 19-21: 0 / 2
        assert figures(results, "CF31", "2023-01-31") == (0.5, 2, 4, "ok")
        assert figures(results, "CF31", "2023-01-31", breakdown_value="17-18") == (1.0, 2, 2, "ok")
        assert figures(results, "CF31", "2023-01-31", breakdown_value="19-21") == (0.0, 0, 2, "ok")


def assessment(aid: str, lead: str | None, start: str, closed: str | None = None):
    return {"eha_id": aid, "eha_lead_org_type": lead, "eha_start_date": start, "eha_closed_date": closed}


QUARTER_ASSESSMENTS = [
    assessment("Q1", "SCHOOL", "2022-09-01", "2022-10-01"),  # closed on the quarter's first day: open in it
    assessment("Q2", "SCHOOL", "2022-12-31"),  # started on the quarter's last day (boundary)
    assessment("Q3", "HEALTH", "2022-05-01", "2022-09-30"),  # closed before the quarter: excluded
    assessment("Q4", "LA_TEAM", "2023-01-02"),  # after the quarter: excluded
    assessment("Q5", "LA_TEAM", "2022-07-01"),
    assessment("Q6", None, "2022-11-01", "2022-11-20"),  # no lead organisation recorded: other
]


def test_eh6_assessments_open_in_the_quarter():
    results = run(make_dataset({"ext_early_help_assessment": QUARTER_ASSESSMENTS}), refs=("EH6",))
    # January 2023's last complete quarter is October-December 2022: Q1, Q2, Q5, Q6 = 4
    assert figures(results, "EH6", "2022-12-31") == (4, 4, None, "ok")
    # by lead organisation: schools Q1, Q2 = 2; council teams Q5 = 1; other Q6 = 1; health 0 (Q3 closed)
    expected = {"school": 2, "la_team": 1, "other": 1, "health": 0}
    for value, count in expected.items():
        assert figures(results, "EH6", "2022-12-31", breakdown_value=value)[1] == count, value


def family(fid: str, family_id: str, attached: str, outcome: str | None = None, type_: str | None = None):
    return {
        "sfam_id": fid,
        "sfam_family_id": family_id,
        "sfam_attached_date": attached,
        "sfam_outcome_date": outcome,
        "sfam_outcome_type": type_,
    }


FAMILIES = [
    family("F1", "FA", "2022-04-01", "2022-12-01", "SIGNIFICANT_SUSTAINED_PROGRESS"),
    family("F2", "FA", "2022-04-01", "2023-01-31", "SIGNIFICANT_SUSTAINED_PROGRESS"),  # the same family
    family("F3", "FB", "2022-06-01"),
    family("F4", "FC", "2023-01-31"),  # attached on the month end (boundary)
    family("F5", "FD", "2023-02-01"),  # February: excluded
    family("F6", "FE", "2021-05-01", "2022-02-01", "CONTINUOUS_EMPLOYMENT"),  # an earlier year: cumulative
    family("F7", "FF", "2022-05-01", "2022-09-01"),  # a date but no outcome type: not a success
]


def test_eh12_and_eh13_supporting_families():
    results = run(make_dataset({"ext_supporting_families": FAMILIES}), refs=("EH12", "EH13"))
    # successful families by 31 January: FA (once), FE = 2; attached FA, FB, FC, FE, FF = 5 → 0.4
    assert figures(results, "EH12", "2023-01-31") == (2, 2, None, "ok")
    assert figures(results, "EH13", "2023-01-31") == (0.4, 2, 5, "ok")


INVOLVEMENTS = [
    involvement("I1", "W1", "C1", "2022-10-01"),
    involvement("I2", "W1", "C2", "2023-01-31"),  # allocated on the month end (boundary)
    involvement("I3", "W1", "C3", "2022-10-01", "2023-01-31"),  # ended on the month end
    involvement("I4", "W2", "C4", "2022-10-01"),  # W2 is not in their ASYE: excluded
    involvement("I5", "W3", "C5", "2022-12-01"),
    involvement("I6", "W3", "C5", "2022-12-15"),  # the same child again: counted once
]
ASYE_SNAPSHOT = [
    # December: W1 in their ASYE (so W1's run is December-January), W3 not yet
    {"wfsn_snapshot_date": "2022-12-31", "prof_professional_id": "W1", "cfkss_status": "1"},
    {"wfsn_snapshot_date": "2022-12-31", "prof_professional_id": "W3", "cfkss_status": "2"},
    {"wfsn_snapshot_date": "2023-01-31", "prof_professional_id": "W1", "cfkss_status": "1"},
    {"wfsn_snapshot_date": "2023-01-31", "prof_professional_id": "W2", "cfkss_status": "2"},
    {"wfsn_snapshot_date": "2023-01-31", "prof_professional_id": "W3", "cfkss_status": "1"},
]


def test_wf14_asye_caseload():
    dataset = make_dataset({"ssd_involvements": INVOLVEMENTS, "ext_workforce_snapshot": ASYE_SNAPSHOT})
    results = run(dataset, refs=("WF14",), allocated_worker_roles=("SW",))
    # January: W1: C1, C2 = 2; W3: C5 = 1; total 3 over 2 workers = 1.5
    assert figures(results, "WF14", "2023-01-31") == (1.5, 3, 2, "ok")
    # December: only W1 is in their ASYE: C1 and C3 (I3 ends 31 January; I2 starts then) = 2 / 1
    assert figures(results, "WF14", "2022-12-31") == (2.0, 2, 1, "ok")
    # November: no snapshot, so no worker is known to be in their ASYE: no figure
    assert figures(results, "WF14", "2022-11-30")[2] == 0


def test_wf14_counts_a_worker_only_in_their_asye_months():
    # W5 is in their ASYE in September and October, not in November, and again from December: two
    # runs of months. C7's allocation spans the gap; C8's ends on 20 December.
    involvements = [
        involvement("J1", "W5", "C7", "2022-09-01"),
        involvement("J2", "W5", "C8", "2022-10-15", "2022-12-20"),
    ]
    snapshot = [
        {"wfsn_snapshot_date": date, "prof_professional_id": "W5", "cfkss_status": status}
        for date, status in (
            ("2022-09-30", "1"),
            ("2022-10-31", "1"),
            ("2022-11-30", "2"),
            ("2022-12-31", "1"),
            ("2023-01-31", "1"),
        )
    ]
    dataset = make_dataset({"ssd_involvements": involvements, "ext_workforce_snapshot": snapshot})
    results = run(dataset, refs=("WF14",), allocated_worker_roles=("SW",))
    assert figures(results, "WF14", "2022-09-30") == (1.0, 1, 1, "ok")  # C7 = 1 case / 1 worker
    assert figures(results, "WF14", "2022-10-31") == (2.0, 2, 1, "ok")  # C7, C8 = 2 / 1
    # November: W5 is not in their ASYE, though still allocated C7 and C8: no ASYE worker, no figure
    assert figures(results, "WF14", "2022-11-30")[1:3] == (0, 0)
    assert figures(results, "WF14", "2022-12-31") == (1.0, 1, 1, "ok")  # the second run: C7 only
    assert figures(results, "WF14", "2023-01-31") == (1.0, 1, 1, "ok")
