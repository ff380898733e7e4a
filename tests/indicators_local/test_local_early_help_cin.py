"""Worked examples: EH7-EH10 (early help assessments), CIN9-CIN12 (strategy discussions) and
CIN25-CIN27 (complex safeguarding team). Every expected number is worked out by hand."""

from __future__ import annotations

import pytest
from builders import make_dataset
from engine_helpers import figures, run


def eha(
    aid: str, lead: str, start: str, completed: str | None = None, closed: str | None = None, outcome=None
):
    return {
        "eha_id": aid,
        "eha_person_id": f"P{aid}",
        "eha_lead_org_type": lead,
        "eha_start_date": start,
        "eha_completed_date": completed,
        "eha_closed_date": closed,
        "eha_close_outcome": outcome,
    }


ASSESSMENTS = [
    eha("A1", "LA_TEAM", "2022-11-10", completed="2023-01-05"),  # open at 31 Jan; completed in January
    eha("A2", "LA_TEAM", "2023-01-31"),  # started on the month end (boundary): started, and open
    # closed on the month end (boundary) with a step-up: not open at 31 January; a step-up in January
    eha("A3", "LA_TEAM", "2022-12-01", "2022-12-20", "2023-01-31", "STEP_UP_CSC"),
    # led by a school: in none of the council-led counts, but its step-up counts in EH10
    eha("A4", "SCHOOL", "2023-01-15", "2023-01-20", "2023-01-25", "STEP_UP_CSC"),
    eha("A5", "LA_TEAM", "2023-02-01"),  # February: excluded
    eha("A6", "LA_TEAM", "2023-01-03", completed="2023-02-01"),  # started in January, completed in February
]


class TestEarlyHelpAssessments:
    @pytest.fixture(scope="class")
    @classmethod
    def results(cls):
        return run(
            make_dataset({"ext_early_help_assessment": ASSESSMENTS}), refs=("EH7", "EH8", "EH9", "EH10")
        )

    def test_eh7_council_led_open_at_month_end(self, results):
        # A1, A2, A6 = 3 (A3 closed on 31 Jan, A4 school-led, A5 not started)
        assert figures(results, "EH7", "2023-01-31") == (3, 3, None, "ok")

    def test_eh8_started(self, results):
        # A2 (31 Jan) + A6 (3 Jan) = 2 (A4 is school-led, A5 starts in February)
        assert figures(results, "EH8", "2023-01-31") == (2, 2, None, "ok")

    def test_eh9_completed(self, results):
        # A1 (5 Jan) = 1 (A4 school-led, A6 completed 1 February)
        assert figures(results, "EH9", "2023-01-31") == (1, 1, None, "ok")

    def test_eh10_step_up_any_lead(self, results):
        # A3 (closed 31 Jan) + A4 (school-led, closed 25 Jan) = 2
        assert figures(results, "EH10", "2023-01-31") == (2, 2, None, "ok")


STRATEGY = [
    {"strt_id": "T1", "strt_date": "2023-01-01T00:00", "strt_outcome": "S47"},  # first minute of January
    {"strt_id": "T2", "strt_date": "2023-01-31T23:59", "strt_outcome": "NFA"},  # last minute of January
    {"strt_id": "T3", "strt_date": "2023-01-15T10:00", "strt_outcome": "S47"},
    {"strt_id": "T4", "strt_date": "2023-01-20T10:00", "strt_outcome": "CIN_ASSESSMENT"},
    {"strt_id": "T5", "strt_date": "2023-02-01T00:00", "strt_outcome": "S47"},  # February: excluded
    {
        "strt_id": "T6",
        "strt_date": "2022-02-01T09:00",
        "strt_outcome": "NFA",
    },  # first month of the rolling 12
    {"strt_id": "T7", "strt_date": "2022-01-31T09:00", "strt_outcome": "NFA"},  # just before the rolling 12
]


class TestStrategyDiscussions:
    @pytest.fixture(scope="class")
    @classmethod
    def results(cls):
        return run(
            make_dataset({"ext_strategy_discussion": STRATEGY}), refs=("CIN9", "CIN10", "CIN11", "CIN12")
        )

    def test_cin9_held_in_month(self, results):
        # T1, T2, T3, T4 = 4
        assert figures(results, "CIN9", "2023-01-31") == (4, 4, None, "ok")

    def test_cin10_rolling_rate(self, results):
        # February 2022 to January 2023: T1-T4 + T6 = 5; 5 × 10,000 / 40,000 = 1.25
        assert figures(results, "CIN10", "2023-01-31") == (1.25, 5, 40_000, "ok")

    def test_cin11_and_cin12_outcomes(self, results):
        # S47: T1, T3 = 2 of 4 = 0.5; NFA: T2 = 1 of 4 = 0.25
        assert figures(results, "CIN11", "2023-01-31") == (0.5, 2, 4, "ok")
        assert figures(results, "CIN12", "2023-01-31") == (0.25, 1, 4, "ok")


TEAM_MAP = {"T7": "COMPLEX_SAFEGUARDING", "T9": "CSW"}


def tref(
    rid: str, team: str, referred: str, decision: str = "ACCEPTED", opened=None, closed=None, person=None
):
    return {
        "tref_id": rid,
        "tref_person_id": person or f"P{rid}",
        "tref_team_id": team,
        "tref_referral_date": referred,
        "tref_decision": decision,
        "tref_open_date": opened,
        "tref_close_date": closed,
    }


TEAM_REFERRALS = [
    tref("R1", "T7", "2022-10-01", "NFA"),  # first day of the October-December quarter (boundary)
    tref("R2", "T7", "2022-12-31", opened="2023-01-05"),  # last day of the quarter (boundary); open at 31 Jan
    tref("R3", "T7", "2022-11-10", "NFA"),
    tref("R4", "T9", "2022-11-11", "NFA"),  # another team's referral: excluded
    tref("R5", "T7", "2023-01-10"),  # the next quarter: excluded
    tref("R6", "T7", "2022-09-30"),  # the previous quarter: excluded
    tref("R7", "T7", "2022-06-01", opened="2022-06-01", closed="2023-01-31"),  # closed on 31 Jan: not open
    tref("R8", "T9", "2022-06-01", opened="2022-06-01"),  # another team: not counted
    # referred in the previous quarter, open at 31 January
    tref("R9", "T7", "2022-09-15", opened="2022-09-20", closed="2023-02-01", person="P9"),
    tref("R10", "T7", "2023-01-10", opened="2023-01-10", person="P9"),  # the same child again: counted once
]


class TestComplexSafeguarding:
    @pytest.fixture(scope="class")
    @classmethod
    def results(cls):
        dataset = make_dataset({"ext_team_referral": TEAM_REFERRALS})
        return run(dataset, refs=("CIN25", "CIN26", "CIN27"), team_groups=TEAM_MAP)

    def test_cin25_referrals_in_the_last_complete_quarter(self, results):
        # January 2023's last complete quarter is October-December 2022: R1, R2, R3 = 3
        assert figures(results, "CIN25", "2022-12-31") == (3, 3, None, "ok")

    def test_cin26_closed_nfa(self, results):
        # R1, R3 of 3 = 2 / 3
        value, n, d, status = figures(results, "CIN26", "2022-12-31")
        assert (n, d, status) == (2, 3, "ok") and value == pytest.approx(2 / 3)

    def test_cin27_children_open_at_month_end(self, results):
        # PR2 (opened 5 Jan) and P9 (R9 and R10, once) = 2; R7 closed on 31 Jan; R8 another team
        assert figures(results, "CIN27", "2023-01-31") == (2, 2, None, "ok")

    def test_without_a_team_mapped_to_complex_safeguarding_every_row_counts(self):
        results = run(make_dataset({"ext_team_referral": TEAM_REFERRALS}), refs=("CIN25",))
        # R1, R2, R3 and R4 (team T9 is no longer told apart) = 4
        assert figures(results, "CIN25", "2022-12-31")[1] == 4
