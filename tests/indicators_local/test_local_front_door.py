"""Worked examples: FD3-FD6, FD16 (contact routing), FD8-FD15 (screenings) and CIN3 (referral decisions).

Every expected number is worked out by hand in the comments. January 2023: Monday 2 January is a bank
holiday (New Year's Day substitute); working hours are clock hours on working days (the default).
"""

from __future__ import annotations

import pytest
from builders import make_dataset
from engine_helpers import figures, run

# The council's service map: local names → canonical codes (a canonical code stands for itself).
SERVICE_MAP = {"MASH": "FRONT_DOOR", "EDT": "OUT_OF_HOURS", "EHAP": "EARLY_HELP_HUB"}


def contact(cid: str, received: str, service: str, type_: str = "STANDARD", **extra: str) -> dict[str, str]:
    return {
        "cont_contact_id": cid,
        "cont_person_id": f"P{cid}",
        "cont_received_dttm": received,
        "cont_receiving_service": service,
        "cont_contact_type": type_,
        **extra,
    }


CONTACTS = [
    contact("C1", "2023-01-01T00:00", "MASH"),  # first minute of January (boundary): FD3
    contact("C2", "2023-01-31T23:59", "EDT", "DA_NOTIFICATION"),  # last minute: FD3, FD16
    contact("C3", "2023-01-15T10:00", "EHAP"),  # FD5
    contact("C4", "2023-01-20T10:00", "NEIGHBOURHOOD", "DA_NOTIFICATION"),  # a canonical code: FD5, FD16
    contact("C5", "2023-01-10T10:00", "Youth Offending"),  # unmapped: in FD4/FD6's denominator only
    contact("C6", "2023-02-01T00:00", "MASH"),  # February: excluded
    contact("C7", "2022-12-31T23:59", "MASH", "DA_NOTIFICATION"),  # December: excluded
]


# FD4 and FD6 divide by every contact of the month in ssd_contacts (FD1), the detail rows only say
# which service received each: the same seven contacts, dated by cont_contact_date, and C8, a January
# contact that has no ext_contact_detail row.
SSD_CONTACTS = [
    *(
        {"cont_contact_id": c["cont_contact_id"], "cont_contact_date": c["cont_received_dttm"]}
        for c in CONTACTS
    ),
    {"cont_contact_id": "C8", "cont_contact_date": "2023-01-18T11:00"},  # no routing recorded
]


class TestContactRouting:
    @pytest.fixture(scope="class")
    @classmethod
    def results(cls):
        dataset = make_dataset({"ext_contact_detail": CONTACTS, "ssd_contacts": SSD_CONTACTS})
        return run(dataset, refs=("FD3", "FD4", "FD5", "FD6", "FD16"), service_map=SERVICE_MAP)

    def test_fd3_contacts_received_by_csc_or_out_of_hours(self, results):
        # C1 (MASH → FRONT_DOOR) + C2 (EDT → OUT_OF_HOURS) = 2; C6, C7 are outside January
        assert figures(results, "FD3", "2023-01-31") == (2, 2, None, "ok")

    def test_fd4_share_of_all_contacts_received_by_csc(self, results):
        # January contacts in ssd_contacts: C1-C5 and C8 (no detail row) = 6; C1 + C2 → 2 / 6
        assert figures(results, "FD4", "2023-01-31") == pytest.approx((2 / 6, 2, 6, "ok"))

    def test_fd5_and_fd6_early_help_hub_and_neighbourhood(self, results):
        # C3 (EHAP → EARLY_HELP_HUB) + C4 (NEIGHBOURHOOD) = 2; 2 / 6 (C8 is in the denominator)
        assert figures(results, "FD5", "2023-01-31") == (2, 2, None, "ok")
        assert figures(results, "FD6", "2023-01-31") == pytest.approx((2 / 6, 2, 6, "ok"))

    def test_a_contact_without_routing_is_counted_as_not_recorded(self, results):
        # C8 alone: 1 contact with no ext_contact_detail row, in no service (0 of 1)
        for ref in ("FD4", "FD6"):
            assert figures(results, ref, "2023-01-31", breakdown_value="not_recorded") == (0, 0, 1, "ok"), ref

    def test_the_denominator_is_fd1(self):
        dataset = make_dataset({"ext_contact_detail": CONTACTS, "ssd_contacts": SSD_CONTACTS})
        results = run(dataset, refs=("FD1", "FD4"), service_map=SERVICE_MAP)
        # FD1: C1-C5 and C8 = 6, FD4's denominator
        assert figures(results, "FD1", "2023-01-31")[1] == figures(results, "FD4", "2023-01-31")[2] == 6

    def test_fd16_domestic_abuse_notifications(self, results):
        # C2 + C4 = 2 (C7 is a December notification)
        assert figures(results, "FD16", "2023-01-31") == (2, 2, None, "ok")

    def test_without_the_service_map_local_names_are_not_read_as_services(self):
        results = run(make_dataset({"ext_contact_detail": CONTACTS}), refs=("FD3", "FD5"))
        # Only canonical codes are recognised: FD3 = 0 (MASH, EDT unknown); FD5 = C4 only = 1
        assert figures(results, "FD3", "2023-01-31")[1] == 0
        assert figures(results, "FD5", "2023-01-31")[1] == 1


def screening(
    sid: str, service: str, start: str, end: str, outcome: str, priority: str = "GREEN", rfi: bool = False
):
    return {
        "scrn_id": sid,
        "scrn_service": service,
        "scrn_start_dttm": start,
        "scrn_completed_dttm": end,
        "scrn_outcome": outcome,
        "scrn_priority": priority,
        "scrn_is_rfi": rfi,
    }


SCREENINGS = [
    # Front door. S1: Mon 9 Jan 09:00 → Thu 12 Jan 09:00 = 3 × 24 = 72 working hours: within 72
    screening("S1", "MASH", "2023-01-09T09:00", "2023-01-12T09:00", "CSC_REFERRAL"),
    # S2 (completed on the last day, boundary), red: Fri 27 Jan 10:00 → Tue 31 Jan 23:00 =
    # 14 (Fri) + 0 + 0 (weekend) + 24 (Mon) + 23 (Tue) = 61: within 72, but not within red's 24
    screening("S2", "FRONT_DOOR", "2023-01-27T10:00", "2023-01-31T23:00", "EARLY_HELP", "RED"),
    # S3, amber: Mon 16 Jan 09:00 → Thu 19 Jan 10:00 = 73: late for 72 and for amber's 48
    screening("S3", "FRONT_DOOR", "2023-01-16T09:00", "2023-01-19T10:00", "INFO_ADVICE", "AMBER"),
    # S4, amber: Mon 2 Jan (bank holiday) 10:00 → Wed 4 Jan 20:00 = 0 + 24 + 20 = 44: within 72 and 48
    screening("S4", "FRONT_DOOR", "2023-01-02T10:00", "2023-01-04T20:00", "OTHER_AGENCY", "AMBER"),
    # S5: a request for information from the police for an investigation: FD8b only
    screening("S5", "FRONT_DOOR", "2023-01-09T09:00", "2023-01-10T09:00", "INFO_ADVICE", rfi=True)
    | {"scrn_rfi_requester": "POLICE", "scrn_rfi_nature": "POLICE_INVESTIGATION"},
    # R1 (completed in the last minute of January, boundary): a police background check
    screening("R1", "FRONT_DOOR", "2023-01-31T09:00", "2023-01-31T23:59", "INFO_ADVICE", rfi=True)
    | {"scrn_rfi_requester": "police", "scrn_rfi_nature": "SAFEGUARDING_CHECK"},
    # R2: a court's request completed 1 February: excluded from January
    screening("R2", "FRONT_DOOR", "2023-01-30T09:00", "2023-02-01T00:00", "INFO_ADVICE", rfi=True)
    | {"scrn_rfi_requester": "SOLICITOR_COURT", "scrn_rfi_nature": "COURT_PROCEEDINGS"},
    # R3: requester not recorded, nature other
    screening("R3", "FRONT_DOOR", "2023-01-20T09:00", "2023-01-20T12:00", "INFO_ADVICE", rfi=True)
    | {"scrn_rfi_nature": "OTHER"},
    # S6: completed 1 February: excluded from January
    screening("S6", "FRONT_DOOR", "2023-01-31T09:00", "2023-02-01T09:00", "CSC_REFERRAL"),
    # S7, red: Thu 5 Jan 09:00 → 20:00 = 11: within 72 and within 24
    screening("S7", "FRONT_DOOR", "2023-01-05T09:00", "2023-01-05T20:00", "CSC_REFERRAL", "RED"),
    # S8: an early help hub request for information (from health): in no count
    screening("S8", "EARLY_HELP_HUB", "2023-01-09T09:00", "2023-01-10T09:00", "INFO_ADVICE", rfi=True)
    | {"scrn_rfi_requester": "HEALTH", "scrn_rfi_nature": "SAFEGUARDING_CHECK"},
    # Early help hub. H1: Mon 9 Jan (day 0) → Mon 16 Jan = working day 5: within 5
    screening("H1", "EHAP", "2023-01-09T09:00", "2023-01-16T17:00", "EARLY_HELP"),
    # H2: Sat 7 Jan (day 0 = Mon 9) → Sat 14 Jan, before working day 5 (Mon 16): within
    screening("H2", "EARLY_HELP_HUB", "2023-01-07T09:00", "2023-01-14T09:00", "INFO_ADVICE"),
    # H3 (completed on the last day, boundary): Mon 23 Jan (day 0) → Tue 31 Jan = working day 6: late
    screening("H3", "EARLY_HELP_HUB", "2023-01-23T09:00", "2023-01-31T09:00", "CSC_REFERRAL"),
    # H4: completed 1 February: excluded from January
    screening("H4", "EARLY_HELP_HUB", "2023-01-30T09:00", "2023-02-01T09:00", "EARLY_HELP"),
    # H5: Tue 3 Jan → Thu 5 Jan = working day 2: within
    screening("H5", "EARLY_HELP_HUB", "2023-01-03T09:00", "2023-01-05T09:00", "OTHER_AGENCY"),
]
SCREENING_REFS = ("FD8", "FD8a", "FD8b", "FD9", "FD9a", "FD10", "FD11", "FD12", "FD13", "FD14", "FD15")


class TestScreenings:
    @pytest.fixture(scope="class")
    @classmethod
    def results(cls):
        return run(make_dataset({"ext_screening": SCREENINGS}), refs=SCREENING_REFS, service_map=SERVICE_MAP)

    def test_fd8a_front_door_screenings_completed(self, results):
        # S1, S2, S3, S4, S7 = 5 (S5 is a request for information, S6 is February's)
        assert figures(results, "FD8a", "2023-01-31") == (5, 5, None, "ok")

    def test_fd8a_outcome_breakdown(self, results):
        # csc_referral S1, S7 = 2; early_help S2 = 1; info_advice S3 = 1; other_agency S4 = 1; nfa 0
        expected = {"csc_referral": 2, "early_help": 1, "info_advice": 1, "other_agency": 1, "nfa": 0}
        for value, count in expected.items():
            assert figures(results, "FD8a", "2023-01-31", breakdown_value=value)[1] == count, value

    def test_fd8_within_72_working_hours(self, results):
        # within: S1 (72), S2 (61), S4 (44), S7 (11) = 4; late: S3 (73); 4 / 5 = 0.8
        assert figures(results, "FD8", "2023-01-31") == (0.8, 4, 5, "ok")

    def test_fd8_priority_breakdowns_use_their_own_targets(self, results):
        # red within 24: S7 (11) yes, S2 (61) no → 1 / 2; amber within 48: S4 (44) yes, S3 (73) no → 1 / 2
        assert figures(results, "FD8", "2023-01-31", breakdown_value="red") == (0.5, 1, 2, "ok")
        assert figures(results, "FD8", "2023-01-31", breakdown_value="amber") == (0.5, 1, 2, "ok")

    def test_fd8b_requests_for_information(self, results):
        # S5, R1, R3 = 3 (R2 is February's, S8 the early help hub's)
        assert figures(results, "FD8b", "2023-01-31") == (3, 3, None, "ok")

    def test_fd8b_by_requester(self, results):
        # police: S5, R1 ("police" in any case) = 2; not recorded: R3 = 1; 2 + 1 = 3 = FD8b
        # (R2's solicitor/court is February's, S8's health the early help hub's)
        expected = {"police": 2, "requester_not_recorded": 1, "solicitor_court": 0, "health": 0}
        for value, count in expected.items():
            assert figures(results, "FD8b", "2023-01-31", breakdown_value=value)[1] == count, value

    def test_fd8b_by_nature(self, results):
        # police investigation: S5; safeguarding check: R1 (not S8, the hub's); other: R3 → 1 + 1 + 1 = 3
        expected = {
            "police_investigation": 1,
            "safeguarding_check": 1,
            "other_nature": 1,
            "court_proceedings": 0,
            "nature_not_recorded": 0,
        }
        for value, count in expected.items():
            assert figures(results, "FD8b", "2023-01-31", breakdown_value=value)[1] == count, value

    def test_fd9_and_fd9a_early_help_hub(self, results):
        # FD9a: H1, H2, H3, H5 = 4 (H4 is February's, S8 a request for information)
        # FD9: within 5 working days H1, H2, H5 = 3 → 3 / 4 = 0.75
        assert figures(results, "FD9a", "2023-01-31") == (4, 4, None, "ok")
        assert figures(results, "FD9", "2023-01-31") == (0.75, 3, 4, "ok")
        # referral to other agencies (the commentary's missing outcome): H5 = 1
        assert figures(results, "FD9a", "2023-01-31", breakdown_value="other_agency")[1] == 1

    def test_fd10_to_fd12_front_door_outcomes(self, results):
        # of 5: CSC referral S1, S7 = 2 → 0.4; early help S2 = 1 → 0.2; information and advice S3 → 0.2
        assert figures(results, "FD10", "2023-01-31") == (0.4, 2, 5, "ok")
        assert figures(results, "FD11", "2023-01-31") == (0.2, 1, 5, "ok")
        assert figures(results, "FD12", "2023-01-31") == (0.2, 1, 5, "ok")

    def test_fd13_to_fd15_early_help_hub_outcomes(self, results):
        # of 4: CSC referral H3 → 0.25; early help H1 → 0.25; information and advice H2 → 0.25
        assert figures(results, "FD13", "2023-01-31") == (0.25, 1, 4, "ok")
        assert figures(results, "FD14", "2023-01-31") == (0.25, 1, 4, "ok")
        assert figures(results, "FD15", "2023-01-31") == (0.25, 1, 4, "ok")


def decision(cid: str, received: str, decided: str, outcome: str = "CSC_REFERRAL") -> dict[str, str]:
    return {
        "cont_contact_id": cid,
        "cont_received_dttm": received,
        "cont_decision_dttm": decided,
        "cont_outcome_code": outcome,
    }


DECISIONS = [
    decision("D1", "2023-01-09T09:00", "2023-01-10T09:00"),  # Mon → Tue: 24 working hours, within
    # Fri 13 Jan 15:00 → Mon 16 Jan 15:00: 9 + 0 + 0 + 15 = 24, within (72 clock hours would be late)
    decision("D2", "2023-01-13T15:00", "2023-01-16T15:00"),
    decision("D3", "2023-01-23T09:00", "2023-01-24T10:00"),  # 25: late
    decision("D4", "2023-01-31T08:00", "2023-02-01T08:00"),  # decided in February: excluded
    # Fri 30 Dec 16:00 → Tue 3 Jan 09:00 (boundary: received in December, decided in January; the
    # weekend and Mon 2 Jan bank holiday are not working days): 8 + 9 = 17, within
    decision("D5", "2022-12-30T16:00", "2023-01-03T09:00"),
    decision("D6", "2023-01-10T09:00", "2023-01-10T10:00", "EARLY_HELP"),  # not a referral: excluded
]


def test_cin3_referral_decisions_within_24_working_hours():
    results = run(make_dataset({"ext_contact_detail": DECISIONS}), refs=("CIN3",))
    # within: D1, D2, D5 = 3; of D1, D2, D3, D5 = 4 → 0.75
    assert figures(results, "CIN3", "2023-01-31") == (0.75, 3, 4, "ok")


def test_cin3_office_hours_option():
    results = run(make_dataset({"ext_contact_detail": DECISIONS}), refs=("CIN3",), working_hours=(9.0, 17.0))
    # office hours 09:00-17:00 (8 a day): D1 Mon 09:00 → Tue 09:00 = 8; D2 Fri 15:00 → Mon 15:00 = 2 + 6 = 8;
    # D3 Mon 09:00 → Tue 10:00 = 8 + 1 = 9; D5 Fri 16:00 → Tue 09:00 = 1 + 0 = 1: all within 24 → 4 / 4
    assert figures(results, "CIN3", "2023-01-31") == (1.0, 4, 4, "ok")
