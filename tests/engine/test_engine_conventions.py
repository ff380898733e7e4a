"""One test per convention in docs/conventions.md; each fails under the other plausible reading."""

from __future__ import annotations

from datetime import date

import pytest
from builders import make_dataset
from engine_helpers import CATALOGUE, figures, run
from pytest import approx

from csc_scorecard.catalogue.model import Catalogue, Indicator, Kind, Unit
from csc_scorecard.engine.calendar import working_calendar
from csc_scorecard.engine.compute import compute
from csc_scorecard.engine.settings import ComputeSettings


def _assessments(*pairs: tuple[str, str]):
    rows = [
        {"cina_assessment_id": f"A{i}", "cina_assessment_start_date": s, "cina_assessment_auth_date": e}
        for i, (s, e) in enumerate(pairs)
    ]
    return make_dataset({"ssd_cin_assessments": rows})


def _within(days: int, start: str, end: str) -> float:
    indicator = CATALOGUE["CIN8"].model_copy(
        update={"measure": CATALOGUE["CIN8"].measure.model_copy(update={"within": days})}
    )
    settings = ComputeSettings.for_period(end[:7], months=1)
    results = compute(_assessments((start, end)), Catalogue(indicators=(indicator,)), settings)
    row = results.rows("CIN8")[0]
    return row["numerator"]


class TestWithinNWorkingDays:
    """The end is within N working days when it falls on or before the Nth working day after the start (day 0)."""

    def test_the_nth_working_day_is_in_time(self):
        # Tue 10 Jan 2023 is day 0; day 1 Wed 11, day 2 Thu 12. "Start is day 1" would make Thu the 3rd.
        assert _within(2, "2023-01-10", "2023-01-12") == 1

    def test_the_day_after_the_nth_working_day_is_late(self):
        assert _within(2, "2023-01-10", "2023-01-13") == 0

    def test_a_weekend_after_the_nth_working_day_is_late(self):
        # Day 3 is Fri 13 Jan; Sat 14 Jan is after it. Counting working days up to the end (3) would say in time.
        assert _within(3, "2023-01-10", "2023-01-14") == 0

    def test_a_start_on_a_non_working_day_counts_from_the_next_working_day(self):
        # Start Sat 7 Jan: day 0 is Mon 9 Jan, day 1 Tue 10 Jan. Counting from Saturday, day 1 would be Mon 9.
        assert _within(1, "2023-01-07", "2023-01-10") == 1

    def test_bank_holidays_are_not_working_days(self):
        # Start Fri 23 Dec 2022: 26 and 27 Dec are bank holidays, so day 1 is Wed 28 Dec.
        assert _within(1, "2022-12-23", "2022-12-28") == 1
        assert _within(1, "2022-12-23", "2022-12-29") == 0


class TestWorkingCalendar:
    def test_a_holiday_on_a_weekend_is_not_subtracted_twice(self):
        # 25 Dec 2022 (Sunday) is listed as a holiday, and so is its substitute, Tue 27 Dec.
        # Mon 26 - Fri 30 Dec: 5 weekdays, 2 of them holidays (26, 27) = 3 working days, not 5 − 3 = 2.
        calendar = working_calendar(date(2022, 12, 26), date(2022, 12, 30)).to_pylist()
        assert sum(day["is_working_day"] for day in calendar) == 3

    def test_the_council_calendar_overrides_by_date(self):
        # Thu 29 Dec 2022 declared a closure day: Wed 28 and Fri 30 remain.
        overrides = {date(2022, 12, 29): False}
        calendar = working_calendar(date(2022, 12, 26), date(2022, 12, 30), overrides).to_pylist()
        assert [d["date"].day for d in calendar if d["is_working_day"]] == [28, 30]

    def test_ref_working_calendar_is_used_by_the_engine(self):
        dataset = make_dataset(
            {
                "ssd_cin_assessments": [
                    {
                        "cina_assessment_id": "A1",
                        "cina_assessment_start_date": "2023-01-10",
                        "cina_assessment_auth_date": "2023-01-12",
                    }
                ],
                # Wed 11 Jan a closure day: day 1 is Thu 12 Jan
                "ref_working_calendar": [{"date": "2023-01-11", "is_working_day": False}],
            }
        )
        indicator = CATALOGUE["CIN8"].model_copy(
            update={"measure": CATALOGUE["CIN8"].measure.model_copy(update={"within": 1})}
        )
        results = compute(
            dataset, Catalogue(indicators=(indicator,)), ComputeSettings.for_period("2023-01", months=1)
        )
        assert results.rows("CIN8")[0]["numerator"] == 1

    def test_one_councils_closure_day_does_not_move_anothers_deadlines(self):
        # The same assessment in two councils: started Tue 10 Jan, authorised Thu 12 Jan, within 1
        # working day. Council 111 closed on Wed 11 Jan (day 1 is Thu 12: in time); council 222 was
        # open (day 1 is Wed 11: Thu 12 is late). Read as one calendar for both, 222 would be in time.
        assessment = {"cina_assessment_start_date": "2023-01-10", "cina_assessment_auth_date": "2023-01-12"}
        dataset = make_dataset(
            {
                "ssd_cin_assessments": [
                    {"council": "111", "cina_assessment_id": "A1", **assessment},
                    {"council": "222", "cina_assessment_id": "A2", **assessment},
                ],
                "ref_working_calendar": [{"council": "111", "date": "2023-01-11", "is_working_day": False}],
            },
            councils=("111", "222"),
        )
        indicator = CATALOGUE["CIN8"].model_copy(
            update={"measure": CATALOGUE["CIN8"].measure.model_copy(update={"within": 1})}
        )
        results = compute(
            dataset, Catalogue(indicators=(indicator,)), ComputeSettings.for_period("2023-01", months=1)
        ).to_pandas()
        numerators = dict(zip(results.council, results.numerator, strict=True))
        assert numerators == {"111": 1, "222": 0}


def _hours_indicator(hours: int) -> Indicator:
    eh1 = CATALOGUE["EH1"]
    return eh1.model_copy(
        update={
            "ref": "FD8",
            "kind": Kind.WITHIN_WORKING_HOURS,
            "unit": Unit.PERCENT,
            "measure": eh1.measure.model_copy(update={"where": None, "within": hours}),
        }
    )


def _screened_within(
    hours: int, start: str, end: str, working_hours: tuple[float, float] = (0.0, 24.0)
) -> float:
    dataset = make_dataset(
        {
            "ext_screening": [
                {
                    "scrn_id": "S1",
                    "scrn_start_dttm": start,
                    "scrn_completed_dttm": end,
                    "scrn_outcome": "CSC_REFERRAL",
                }
            ]
        }
    )
    indicator = Indicator.model_validate(
        {**_hours_indicator(hours).model_dump(), "kind": "within_working_hours"}
    )
    settings = ComputeSettings.for_period(end[:7], months=1, working_hours=working_hours)
    return compute(dataset, Catalogue(indicators=(indicator,)), settings).rows("FD8")[0]["numerator"]


class TestWorkingHours:
    """Default: clock hours that fall on working days (72 working hours ≈ 3 working days)."""

    def test_weekend_hours_do_not_count(self):
        # Fri 6 Jan 09:00 → Wed 11 Jan 09:00 is 120 clock hours; on working days: Fri 15 + Mon 24
        # + Tue 24 + Wed 9 = 72: in time at 72, late at 71. Elapsed clock hours (120) would be late.
        assert _screened_within(72, "2023-01-06T09:00", "2023-01-11T09:00") == 1
        assert _screened_within(71, "2023-01-06T09:00", "2023-01-11T09:00") == 0

    def test_office_hours_option(self):
        # Office hours 09:00-17:00: Fri 8 + Mon 8 + Tue 8 + Wed 0 = 24 office hours
        assert _screened_within(24, "2023-01-06T09:00", "2023-01-11T09:00", (9.0, 17.0)) == 1
        assert _screened_within(23, "2023-01-06T09:00", "2023-01-11T09:00", (9.0, 17.0)) == 0


class TestOpenAtADate:
    """Open at a date: started on or before it and not ended on or before it (DfE's 31 March convention)."""

    @pytest.fixture(scope="class")
    @classmethod
    def results(cls):
        episodes = [
            # ends on the month end: not open at it ("ended on or after" would count it)
            {
                "earl_episode_id": "E1",
                "earl_person_id": "C1",
                "earl_episode_start_date": "2022-12-01",
                "earl_episode_end_date": "2023-01-31",
            },
            # starts on the month end: open at it
            {"earl_episode_id": "E2", "earl_person_id": "C2", "earl_episode_start_date": "2023-01-31"},
            # starts and ends on the month end: never open at a month end
            {
                "earl_episode_id": "E3",
                "earl_person_id": "C3",
                "earl_episode_start_date": "2023-01-31",
                "earl_episode_end_date": "2023-01-31",
            },
        ]
        return run(make_dataset({"ssd_early_help_episodes": episodes}), months=1, refs=("EH2",))

    def test_only_the_episode_starting_on_the_date_is_open(self, results):
        assert figures(results, "EH2", "2023-01-31")[:2] == (1, 1)


class TestReReferral:
    """A re-referral has a previous referral on or after the same date 12 months earlier."""

    @staticmethod
    def _cin4_march_2024(referrals: list[tuple[str, str]]) -> tuple:
        """CIN4's value, numerator and denominator for March 2024, from (child, referral date) pairs."""
        rows = [
            {"cine_referral_id": f"R{n}", "cine_person_id": child, "cine_referral_date": day}
            for n, (child, day) in enumerate(referrals, start=1)
        ]
        results = run(
            make_dataset({"ssd_cin_episodes": rows}, extract_date="2024-04-10"), "2024-03", 1, ("CIN4",)
        )
        return figures(results, "CIN4", "2024-03-31")[:3]

    def test_exactly_twelve_months_counts_even_across_a_leap_day(self):
        # 1 Mar 2023 → 1 Mar 2024 is 366 days: "within 365 days" would not count it.
        # C2: one day more than 12 months: not a re-referral. 1 of the 2 March referrals.
        referrals = [("C1", "2023-03-01"), ("C1", "2024-03-01"), ("C2", "2023-02-28"), ("C2", "2024-03-01")]
        assert self._cin4_march_2024(referrals) == (0.5, 1, 2)

    def test_two_referrals_on_one_day_are_both_re_referrals_of_an_earlier_one(self):
        # C1's two referrals on 1 Mar 2024 each have C1's 1 Sep 2023 referral within the 12 months
        # before, and are not re-referrals of each other; C2's only referral has no earlier one.
        # 2 re-referrals of the 3 March referrals.
        referrals = [("C1", "2023-09-01"), ("C1", "2024-03-01"), ("C1", "2024-03-01"), ("C2", "2024-03-01")]
        assert self._cin4_march_2024(referrals) == (approx(2 / 3), 2, 3)

    def test_children_are_told_apart_by_their_ids_not_a_hash_of_them(self, every_key_one_hash):
        # Only the referrals of children with several go through the window that finds the previous
        # one, picked by a hash of the child's key (`intervals.alone_and_shared`). With every child
        # given one hash, C2's referral a month after C1's must still not be a re-referral of it;
        # C1's second one is, and C3's only one is not (grouped by the hash, both C2's and C3's would
        # be): 1 of the 3 March referrals.
        referrals = [("C1", "2024-01-15"), ("C1", "2024-03-01"), ("C2", "2024-03-01"), ("C3", "2024-03-05")]
        assert self._cin4_march_2024(referrals) == (approx(1 / 3), 1, 3)


class TestAnniversaries:
    """ "Over 18 months" and "over 2 years" are on or after the anniversary."""

    def test_a_plan_on_its_second_anniversary_counts(self):
        # Started 31 Jan 2021: second anniversary 31 Jan 2023 = the month end. "Strictly over" would not count it.
        plans = [
            {
                "cppl_cp_plan_id": "P1",
                "cppl_person_id": "C1",
                "cppl_cp_plan_start_date": "2021-01-31",
                "cppl_cp_plan_end_date": None,
            }
        ]
        results = run(make_dataset({"ssd_cp_plans": plans}), months=1, refs=("SG14",))
        assert figures(results, "SG14", "2023-01-31")[:3] == (1.0, 1, 1)

    def test_a_leap_day_start_reaches_18_months_on_the_last_day_of_the_month(self):
        # Started 29 Feb 2024: 18 months later is 29 Aug 2025, counted at the August 2025 month end.
        plans = [
            {
                "cppl_cp_plan_id": "P1",
                "cppl_person_id": "C1",
                "cppl_cp_plan_start_date": "2024-02-29",
                "cppl_cp_plan_end_date": None,
            }
        ]
        results = run(
            make_dataset({"ssd_cp_plans": plans}, extract_date="2025-09-10"), "2025-08", 2, ("SG13",)
        )
        assert figures(results, "SG13", "2025-07-31")[:2] == (0.0, 0)
        assert figures(results, "SG13", "2025-08-31")[:2] == (1.0, 1)


class TestPopulationYear:
    """The population for a month is that of the DfE reporting year (April to March) containing it."""

    @staticmethod
    def _rate(period: str, **options) -> float:
        plans = [
            {
                "cppl_cp_plan_id": "P1",
                "cppl_person_id": "C1",
                "cppl_cp_plan_start_date": "2020-01-01",
                "cppl_cp_plan_end_date": None,
            }
        ]
        by_year = {2021: 10_000, 2022: 20_000, 2023: 40_000}
        results = run(
            make_dataset({"ssd_cp_plans": plans}, extract_date="2024-01-10"),
            period,
            1,
            ("CIN19",),
            population=lambda council, year: by_year.get(year),
            **options,
        )
        row = results.rows("CIN19")[0]
        return row["denominator"]

    def test_january_uses_the_mid_year_of_the_year_it_falls_in_financially(self):
        # January 2023 is in 2022-23: mid-2022 (20,000), not calendar 2023 (40,000)
        assert self._rate("2023-01") == 20_000
        # April 2023 starts 2023-24: mid-2023
        assert self._rate("2023-04") == 40_000

    def test_a_fixed_year_reproduces_a_published_scorecard(self):
        assert self._rate("2023-01", population_year=2021) == 10_000


class TestLocalTime:
    """Date-times are local time and are never converted between time zones."""

    def test_a_contact_just_after_midnight_in_summer_stays_in_its_local_month(self):
        # 1 Jul 2022 00:30 local (BST) would be 30 Jun 23:30 in UTC: it must count in July.
        contacts = [{"cont_contact_id": "K1", "cont_contact_date": "2022-07-01T00:30"}]
        results = run(
            make_dataset({"ssd_contacts": contacts}, extract_date="2022-08-10"), "2022-07", 2, ("FD1",)
        )
        assert figures(results, "FD1", "2022-06-30")[:2] == (0, 0)
        assert figures(results, "FD1", "2022-07-31")[:2] == (1, 1)


class TestNationalExclusions:
    """The exclusions national definitions make (the slice's worked examples show each in context)."""

    def test_short_breaks_transfer_ins_and_other_councils_plans_are_excluded(self):
        dataset = make_dataset(
            {
                "ssd_cla_episodes": [
                    {
                        "clae_cla_episode_id": "E1",
                        "clae_person_id": "C1",
                        "clae_cla_episode_start_date": "2022-06-01",
                        "clae_cla_episode_ceased_date": None,
                    }
                ],
                "ssd_legal_status": [
                    {
                        "lega_legal_status_id": "L1",
                        "lega_person_id": "C1",
                        "lega_legal_status": "V4",
                        "lega_legal_status_start_date": "2022-06-01",
                        "lega_legal_status_end_date": None,
                    }
                ],
                "ssd_cp_plans": [
                    {
                        "cppl_cp_plan_id": "P1",
                        "cppl_person_id": "C2",
                        "cppl_cp_plan_start_date": "2022-06-01",
                        "cppl_cp_plan_ola": True,
                        "cppl_cp_plan_end_date": None,
                    }
                ],
                "ssd_s47_enquiry": [{"s47e_s47_enquiry_id": "S1", "s47e_s47_start_date": "2023-01-03"}],
                "ssd_initial_cp_conference": [
                    {
                        "icpc_icpc_id": "I1",
                        "icpc_person_id": "C3",
                        "icpc_icpc_date": "2023-01-05",
                        "icpc_s47_enquiry_id": "S1",
                        "icpc_icpc_transfer_in": True,
                    }
                ],
            }
        )
        results = run(dataset, months=1, refs=("CF1", "CIN18", "SG6", "SG7"))
        assert figures(results, "CF1", "2023-01-31")[:2] == (0, 0)  # V4: short breaks
        assert figures(results, "CIN18", "2023-01-31")[:2] == (0, 0)  # another council's plan
        assert figures(results, "SG6", "2023-01-31")[1:3] == (0, 0)  # transfer-in: not judged
        assert figures(results, "SG7", "2023-01-31")[:2] == (1, 1)  # but still a conference held
