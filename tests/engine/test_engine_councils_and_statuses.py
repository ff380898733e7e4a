"""Several councils in one pass, and the statuses that depend on coverage and extract dates."""

from __future__ import annotations

from datetime import date

from builders import make_dataset
from engine_helpers import figures, run

from csc_scorecard.engine.results import RESULTS_SCHEMA


def _episode(eid, person, start, council, end=None):
    return {
        "clae_cla_episode_id": eid,
        "clae_person_id": person,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": end,
        "council": council,
    }


def test_councils_are_computed_together_and_kept_apart():
    dataset = make_dataset(
        {
            "ssd_cla_episodes": [
                _episode("E1", "C1", "2022-05-01", "111"),
                _episode("E2", "C2", "2022-06-01", "111"),
                # the same child id in another council is another child
                _episode("E3", "C1", "2022-07-01", "222"),
            ],
            "ssd_legal_status": [
                {
                    "lega_legal_status_id": "L1",
                    "lega_person_id": "C2",
                    "lega_legal_status": "V3",
                    "lega_legal_status_start_date": "2022-06-01",
                    "lega_legal_status_end_date": None,
                    "council": "111",
                },
            ],
        },
        councils=("111", "222"),
        absent={"222": ["ssd_legal_status"]},
    )
    results = run(dataset, months=1, refs=("CF1",))
    # 111: C1 in care, C2 on short breaks = 1, all exclusions applied
    assert figures(results, "CF1", "2023-01-31", council="111") == (1, 1, None, "ok")
    # 222: C1 = 1, but council 222 has no legal statuses: short breaks could not be excluded
    value, numerator, _, status = figures(results, "CF1", "2023-01-31", council="222")
    assert (value, numerator, status) == (1, 1, "caveat")
    note = results.get("CF1", date(2023, 1, 31), "222")["note"]
    assert note.startswith("children on short breaks (legal status V3 or V4) are not excluded")


def test_another_councils_short_break_does_not_touch_a_child_with_the_same_id():
    # At 31 Jan 2023 council 111's C7 is in care (CF1: 1), and holds three placements in the CF4
    # window from 31 Jan 2022: PL20 (open at the window's start), PL21 and PL22, so 1 of 1 child
    # has three or more. Council 222 has its own child C7, on short breaks (V4) through March 2022,
    # when 111's PL21 started, and again (V3) from June 2022. Were short breaks matched on the
    # child's id alone, PL21 would be a short break (CF4 0 of 1), and 111's C7 would be on short
    # breaks at the month end (CF1 0) (docs/conventions.md, "Ids belong to a council").
    def status(lid, council, code, start, end=None):
        return {
            "lega_legal_status_id": lid,
            "lega_person_id": "C7",
            "lega_legal_status": code,
            "lega_legal_status_start_date": start,
            "lega_legal_status_end_date": end,
            "council": council,
        }

    def placement(pid, start, end, kind):
        return {
            "clap_cla_placement_id": pid,
            "clap_person_id": "C7",
            "clap_cla_placement_start_date": start,
            "clap_cla_placement_end_date": end,
            "clap_cla_placement_type": kind,
            "clap_cla_placement_change_reason": None,
            "council": "111",
        }

    dataset = make_dataset(
        {
            "ssd_cla_episodes": [_episode("E20", "C7", "2021-01-01", "111")],
            "ssd_legal_status": [
                status("L20", "111", "C2", "2021-01-01"),
                status("L21", "222", "V4", "2022-03-01", "2022-04-01"),
                status("L22", "222", "V3", "2022-06-01"),
            ],
            "ssd_cla_placement": [
                placement("PL20", "2021-01-01", "2022-03-01", "U4"),
                placement("PL21", "2022-03-10", "2022-03-20", "U4"),
                placement("PL22", "2022-04-01", None, "U6"),
            ],
        },
        councils=("111", "222"),
    )
    results = run(dataset, months=1, refs=("CF1", "CF4"))
    assert figures(results, "CF1", "2023-01-31", council="111") == (1, 1, None, "ok")
    assert figures(results, "CF4", "2023-01-31", council="111") == (1.0, 1, 1, "ok")


def test_a_care_leavers_age_comes_from_their_own_council():
    # CF29 at 31 Jan 2023 in council 111: C8 (born 15 Jan 2000) is 23, past the cohort's 16 to 21;
    # C9 (born 1 Mar 2004) is 18, and their pathway plan was reviewed on 1 Oct 2022, within the 6
    # months Aug 2022 - Jan 2023: 1 of 1. Both left care long before. Council 222's own C8 was born
    # on 1 Jun 2005 (17): were dates of birth matched on the id alone, 111's C8 would be 17 too and
    # 111 would read 2 of 2.
    def person(pid, council, dob):
        return {"pers_person_id": pid, "pers_dob": dob, "council": council}

    def leaver(pid, eligibility, review):
        return {
            "clea_person_id": pid,
            "clea_care_leaver_eligibility": eligibility,
            "clea_pathway_plan_review_date": review,
            "council": "111",
        }

    dataset = make_dataset(
        {
            "ssd_person": [
                person("C8", "111", "2000-01-15"),
                person("C9", "111", "2004-03-01"),
                person("C8", "222", "2005-06-01"),
            ],
            "ssd_care_leavers": [
                leaver("C8", "RELEVANT", "2022-12-01"),
                leaver("C9", "FORMER_RELEVANT", "2022-10-01"),
            ],
            "ssd_cla_episodes": [
                _episode("E30", "C8", "2015-01-01", "111", "2018-01-01"),
                _episode("E31", "C9", "2019-01-01", "111", "2021-03-01"),
            ],
        },
        councils=("111", "222"),
    )
    results = run(dataset, months=1, refs=("CF29",))
    assert figures(results, "CF29", "2023-01-31", council="111") == (1.0, 1, 1, "ok")


def test_periods_after_the_data_or_the_extract_are_not_yet_available():
    referrals = [
        {"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": "2021-11-10"},
        {"cine_referral_id": "R2", "cine_person_id": "C2", "cine_referral_date": "2022-12-10"},
    ]
    # The extract is dated 10 Jan 2023; the referrals stop in December 2022.
    results = run(
        make_dataset({"ssd_cin_episodes": referrals}, extract_date="2023-01-10"), "2023-02", 3, ("CIN1",)
    )
    assert figures(results, "CIN1", "2022-12-31") == (1, 1, None, "ok")
    # January: the table holds nothing after 10 Dec 2022: not yet available, never 0
    assert figures(results, "CIN1", "2023-01-31") == (None, None, None, "not_yet_available")
    january = results.get("CIN1", date(2023, 1, 31), "999")
    assert january["note"] == "ssd_cin_episodes holds data up to 10 December 2022"
    # A snapshot is not limited by the last start date, only by the extract date
    snapshot = run(
        make_dataset(
            {"ssd_cin_episodes": [{**r, "cine_close_date": None} for r in referrals]},
            extract_date="2023-01-10",
        ),
        "2023-02",
        3,
        ("WF1",),
    )
    assert figures(snapshot, "WF1", "2023-01-31") == (2, 2, None, "ok")
    february = snapshot.get("WF1", date(2023, 2, 28), "999")
    assert (february["status"], february["note"]) == (
        "not_yet_available",
        "the period is after the extract date (10 January 2023)",
    )


def test_windows_that_start_before_the_data_have_incomplete_history():
    referrals = [
        {"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": "2022-03-10"},
        {"cine_referral_id": "R2", "cine_person_id": "C1", "cine_referral_date": "2023-01-10"},
    ]
    results = run(
        make_dataset({"ssd_cin_episodes": referrals}),
        refs=("CIN1", "CIN2", "CIN4"),
        population=lambda c, y: 10_000,
    )
    # CIN2 for Jan 2023 covers Feb 2022 - Jan 2023; the data start in March 2022. 2 × 10,000 / 10,000 = 2.0
    assert figures(results, "CIN2", "2023-01-31") == (2.0, 2, 10_000, "incomplete_history")
    # CIN4 looks back 12 months (to January 2022): also incomplete; R2 re-refers R1: 1 / 1
    assert figures(results, "CIN4", "2023-01-31") == (1.0, 1, 1, "incomplete_history")
    # CIN1 in a month the data cover is complete
    assert figures(results, "CIN1", "2023-01-31") == (1, 1, None, "ok")


def test_a_rate_without_a_population_is_not_available_and_says_which():
    referrals = [
        {"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": "2022-02-10"},
        {"cine_referral_id": "R2", "cine_person_id": "C2", "cine_referral_date": "2023-01-10"},
    ]
    results = run(
        make_dataset({"ssd_cin_episodes": referrals}),
        refs=("CIN1", "CIN2"),
        population=lambda council, year: 20_000 if year == 2022 else None,  # mid-2021 unknown
    )
    # January 2023 is in 2022-23 (the mid-2022 estimate, known): Feb 2022 - Jan 2023 holds R1 and R2,
    # 2 × 10,000 / 20,000 = 1.0
    assert figures(results, "CIN2", "2023-01-31") == (1.0, 2, 20_000, "ok")
    # March 2022 is in 2021-22 (the mid-2021 estimate, unknown): no rate, and no figures beside it
    row = results.get("CIN2", date(2022, 3, 31), "999")
    assert (row["value"], row["numerator"], row["denominator"], row["status"]) == (
        None,
        None,
        None,
        "not_available",
    )
    assert (
        row["note"] == "no population of children aged 0-17 for council 999 in 2021: add a ref_population row"
    )
    # A count needs no population: February 2022 holds R1 whatever the year's estimate
    assert figures(results, "CIN1", "2022-02-28") == (1, 1, None, "ok")


def test_results_have_the_tidy_schema_and_hashes():
    referrals = [{"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": "2023-01-10"}]
    results = run(make_dataset({"ssd_cin_episodes": referrals}), months=1, refs=("CIN1",))
    assert results.table.schema.equals(RESULTS_SCHEMA)
    (row,) = results.rows("CIN1")
    assert row["period_basis"] == "month" and row["unit"] == "count"
    assert (row["breakdown"], row["breakdown_value"]) == ("all", "all")
    assert len(row["catalogue_hash"]) == 16 and len(row["definition_hash"]) == 16
    assert str(row["extract_date"]) == "2023-02-10"


def test_a_zero_denominator_gives_no_value_and_says_why():
    referrals = [{"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": "2022-12-10"}]
    results = run(
        make_dataset({"ssd_cin_episodes": referrals}, extract_date="2023-01-05"), "2022-12", 2, ("CIN4",)
    )
    # November 2022: no referrals, so no re-referral rate (not 0%)
    row = results.get("CIN4", date(2022, 11, 30), "999")
    assert (row["value"], row["numerator"], row["denominator"]) == (None, 0, 0)
    assert "the denominator is 0" in row["note"]


def test_a_dataset_with_no_councils_gives_no_rows_not_an_error():
    # Loading never gives one (a folder with nothing recognisable is an InputFolderError), but a
    # Dataset made through the Python API may; before, the calendar's Arrow filter raised a type error.
    dataset = make_dataset({"ssd_cla_episodes": []}, councils=())
    results = run(dataset, months=1, refs=("CF1",))
    assert results.table.num_rows == 0
    assert results.table.schema == RESULTS_SCHEMA
