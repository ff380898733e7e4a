"""Worked examples: SG1-SG3 (education status), SG8-SG10 (conference attendance), SG16-SG20 (case
audits), WF3 and WF4 (workforce snapshot). Every expected number is worked out by hand."""

from __future__ import annotations

import pytest
from builders import make_dataset
from engine_helpers import figures, run


def edus(eid: str, status: str, start: str, end: str | None = None, person: str | None = None, upn=None):
    return {
        "edus_id": eid,
        "edus_person_id": person,
        "edus_upn": upn,
        "edus_status": status,
        "edus_start_date": start,
        "edus_end_date": end,
    }


EDUCATION = [
    edus("E1", "CME", "2022-09-01", person="P1"),  # missing education at 31 Jan
    edus("E2", "CME", "2023-01-31", person="P2"),  # from the month end (boundary): counted
    edus("E3", "CME", "2022-05-01", "2023-01-31", person="P3"),  # ended on the month end: not counted
    edus("E4", "EHE", "2022-01-01", person="P4"),  # home educated, P4 has an open referral
    edus("E5", "EHE", "2022-06-01", upn="U5"),  # no person id: P5 by UPN, who has an open referral
    edus("E6", "EHE", "2022-10-01", person="P6"),  # home educated; P6's referral closed on 31 Jan
    edus("E7", "EHE", "2023-02-01", person="P7"),  # from February: excluded
]
REFERRALS = [
    {"cine_referral_id": "R4", "cine_person_id": "P4", "cine_referral_date": "2022-12-01"},
    {"cine_referral_id": "R5", "cine_person_id": "P5", "cine_referral_date": "2022-11-01"},
    {
        "cine_referral_id": "R6",
        "cine_person_id": "P6",
        "cine_referral_date": "2022-10-01",
        "cine_close_date": "2023-01-31",
    },
]
PEOPLE = [{"pers_person_id": "P5", "pers_upn": "U5"}, {"pers_person_id": "P4", "pers_upn": "U4"}]


class TestEducationStatus:
    @pytest.fixture(scope="class")
    @classmethod
    def results(cls):
        dataset = make_dataset(
            {"ext_education_status": EDUCATION, "ssd_cin_episodes": REFERRALS, "ssd_person": PEOPLE}
        )
        return run(dataset, refs=("SG1", "SG2", "SG3"))

    def test_sg1_missing_education(self, results):
        # E1, E2 = 2 (E3 ended on 31 Jan)
        assert figures(results, "SG1", "2023-01-31") == (2, 2, None, "ok")

    def test_sg2_home_educated(self, results):
        # E4, E5, E6 = 3 (E7 starts in February)
        assert figures(results, "SG2", "2023-01-31") == (3, 3, None, "ok")

    def test_sg3_home_educated_and_open_to_csc(self, results):
        # P4 (R4 open) and P5 (matched by UPN U5; R5 open) of 3; P6's referral closed on 31 Jan → 2 / 3
        value, n, d, status = figures(results, "SG3", "2023-01-31")
        assert (n, d, status) == (2, 3, "ok") and value == pytest.approx(2 / 3)


def attendance(cid: str, meeting: str, date: str, agency: str, attended: bool, invited=True, type_="ICPC"):
    return {
        "conf_id": cid,
        "conf_meeting_id": meeting,
        "conf_type": type_,
        "conf_date": date,
        "conf_agency": agency,
        "conf_invited": invited,
        "conf_attended": attended,
    }


ATTENDANCE = [
    attendance("A1", "M1", "2023-01-01", "POLICE", True),  # first day of January (boundary)
    attendance("A2", "M1", "2023-01-01", "HEALTH", False),
    attendance("A3", "M1", "2023-01-01", "EDUCATION", True),
    attendance("A4", "M2", "2023-01-31", "POLICE", False),  # last day of January (boundary)
    attendance("A5", "M2", "2023-01-31", "HEALTH", True),
    attendance("A6", "M2", "2023-01-31", "EDUCATION", True),
    attendance("A7", "M3", "2023-01-15", "POLICE", False, invited=False),  # not invited: excluded
    attendance("A8", "M3", "2023-01-15", "HEALTH", True),
    attendance("A9", "M4", "2023-02-01", "POLICE", True),  # February: excluded
    attendance("A10", "M5", "2023-01-10", "POLICE", True, type_="RCPC"),  # a review conference: excluded
]


def test_sg8_to_sg10_conference_attendance():
    results = run(make_dataset({"ext_conference_attendance": ATTENDANCE}), refs=("SG8", "SG9", "SG10"))
    # police: M1 attended, M2 not → 1 / 2; health: M1 no, M2 yes, M3 yes → 2 / 3; education: M1, M2 → 2 / 2
    assert figures(results, "SG8", "2023-01-31") == (0.5, 1, 2, "ok")
    value, n, d, status = figures(results, "SG9", "2023-01-31")
    assert (n, d, status) == (2, 3, "ok") and value == pytest.approx(2 / 3)
    assert figures(results, "SG10", "2023-01-31") == (1.0, 2, 2, "ok")


AUDITS = [
    {"audt_id": "U1", "audt_completed_date": "2022-04-01", "audt_grade": "GOOD"},  # first day of the year
    {
        "audt_id": "U2",
        "audt_completed_date": "2023-01-31",  # last day of January (boundary)
        "audt_grade": "REQUIRES_IMPROVEMENT",
        "audt_moderated_grade": "GOOD",  # the moderated grade counts
    },
    {"audt_id": "U3", "audt_completed_date": "2023-01-10", "audt_grade": "INADEQUATE"},
    {
        "audt_id": "U4",
        "audt_completed_date": "2022-03-31",
        "audt_grade": "OUTSTANDING",
    },  # last year: excluded
    {"audt_id": "U5", "audt_completed_date": "2022-11-05", "audt_grade": "REQUIRES_IMPROVEMENT"},
    {"audt_id": "U6", "audt_completed_date": "2022-12-01"},  # not graded: in the denominators only
]
AUDIT_REFS = ("SG16", "SG17", "SG18", "SG19", "SG20")


class TestCaseAudits:
    @pytest.fixture(scope="class")
    @classmethod
    def results(cls):
        return run(make_dataset({"ext_case_audit": AUDITS}), refs=AUDIT_REFS)

    def test_sg16_completed_in_month(self, results):
        # U2, U3 = 2
        assert figures(results, "SG16", "2023-01-31") == (2, 2, None, "ok")

    def test_sg17_to_sg20_year_to_date(self, results):
        # April 2022 to January 2023: U1, U2, U3, U5, U6 = 5 (U4 is March 2022)
        assert figures(results, "SG17", "2023-01-31") == (5, 5, None, "ok")
        # good or outstanding: U1, U2 (moderated) = 2 / 5; requires improvement U5 = 1 / 5; inadequate U3
        assert figures(results, "SG18", "2023-01-31") == (0.4, 2, 5, "ok")
        assert figures(results, "SG19", "2023-01-31") == (0.2, 1, 5, "ok")
        assert figures(results, "SG20", "2023-01-31") == (0.2, 1, 5, "ok")

    def test_a_month_after_the_last_audit_is_not_yet_available(self):
        # February 2023 with an extract in March: the table holds audits up to 31 January only
        results = run(
            make_dataset({"ext_case_audit": AUDITS}, extract_date="2023-03-10"),
            period="2023-02",
            refs=AUDIT_REFS,
        )
        for ref in AUDIT_REFS:
            assert figures(results, ref, "2023-02-28")[3] == "not_yet_available", ref


def snapshot(date: str, worker: str, cfkss: str, fte, role: str, agency: bool):
    return {
        "wfsn_snapshot_date": date,
        "prof_professional_id": worker,
        "cfkss_status": cfkss,
        "fte": fte,
        "org_role": role,
        "agency_worker": agency,
    }


WORKFORCE = [
    # 15 January: superseded by the month's later snapshot, so excluded
    snapshot("2023-01-15", "W1", "1", 1.0, "5", True),
    # 31 January (the month end, boundary): the month's snapshot
    snapshot("2023-01-31", "W1", "1", 1.0, "5", False),  # ASYE, case holder
    snapshot("2023-01-31", "W2", "2", 0.5, "5", True),  # agency case holder, half time
    snapshot("2023-01-31", "W3", "2", None, "3", True),  # a manager with no FTE: counts as 1.0
    snapshot("2023-01-31", "W4", "1", 0.5, "6", False),  # ASYE, qualified without cases
    snapshot("2023-02-01", "W1", "1", 1.0, "5", True),  # February: excluded
]


def test_wf3_and_wf4_shares_of_fte():
    results = run(make_dataset({"ext_workforce_snapshot": WORKFORCE}), refs=("WF3", "WF4"))
    # WF3: ASYE FTE W1 1.0 + W4 0.5 = 1.5 of 1.0 + 0.5 + 1.0 + 0.5 = 3.0 → 0.5
    assert figures(results, "WF3", "2023-01-31") == (0.5, 1.5, 3.0, "ok")
    # WF4: agency FTE in roles 4-6: W2 0.5 of W1 1.0 + W2 0.5 + W4 0.5 = 2.0 (W3 is a manager) → 0.25
    assert figures(results, "WF4", "2023-01-31") == (0.25, 0.5, 2.0, "ok")


def test_wf3_fte_added_exactly():
    # Three ASYE case holders of 0.1, 0.2 and 0.3 FTE: 0.6 of 0.6 exactly. Added as floating-point
    # numbers in this order, 0.1 + 0.2 = 0.30000000000000004 and + 0.3 = 0.6000000000000001.
    rows = [snapshot("2023-01-31", f"W{i}", "1", fte, "5", False) for i, fte in enumerate((0.1, 0.2, 0.3))]
    results = run(make_dataset({"ext_workforce_snapshot": rows}), refs=("WF3",))
    assert figures(results, "WF3", "2023-01-31") == (1.0, 0.6, 0.6, "ok")
