"""Rolling 12 months, year to date and the last complete quarter, as window sums over monthly counts."""

from __future__ import annotations

from datetime import date

import pytest
from builders import make_dataset
from engine_helpers import CATALOGUE, figures

from csc_scorecard.catalogue.model import Catalogue, PeriodBasis
from csc_scorecard.engine.compute import compute
from csc_scorecard.engine.settings import ComputeSettings

DAYS = ["2022-01-15", "2022-01-15", "2022-02-10", "2022-04-05", "2022-06-30", "2022-07-01", "2022-09-30",
        "2022-12-31", "2023-01-01", "2023-03-31"]  # fmt: skip


@pytest.fixture(scope="module")
def results():
    rows = [{"cine_referral_id": f"R{i}", "cine_referral_date": d} for i, d in enumerate(DAYS)]
    cin1 = CATALOGUE["CIN1"]
    variants = tuple(
        cin1.model_copy(update={"ref": ref, "period_basis": PeriodBasis(basis)})
        for ref, basis in (("CIN1", "month"), ("CIN1a", "rolling_12_months"),
                           ("CIN1b", "financial_year_to_date"), ("CIN1c", "quarter"))
    )  # fmt: skip
    settings = ComputeSettings.for_period("2023-03", months=13)
    return compute(
        make_dataset({"ssd_cin_episodes": rows}, extract_date="2023-04-05"),
        Catalogue(indicators=variants),
        settings,
    )


def test_rolling_12_months(results):
    # Feb 2022 - Jan 2023: 10 Feb, 5 Apr, 30 Jun, 1 Jul, 30 Sep, 31 Dec, 1 Jan = 7 (not the two in Jan 2022)
    assert figures(results, "CIN1a", "2023-01-31")[:2] == (7, 7)


def test_year_to_date_restarts_in_april(results):
    # April 2022 - January 2023: 5 Apr, 30 Jun, 1 Jul, 30 Sep, 31 Dec, 1 Jan = 6
    assert figures(results, "CIN1b", "2023-01-31")[:2] == (6, 6)
    # March 2022 closes 2021-22: 15 Jan × 2 + 10 Feb = 3; April 2022 starts again: 1
    assert figures(results, "CIN1b", "2022-03-31")[:2] == (3, 3)
    assert figures(results, "CIN1b", "2022-04-30")[:2] == (1, 1)


def test_last_complete_quarter(results):
    # April-June 2022: 5 Apr, 30 Jun = 2, reported once (July and August show the same quarter)
    assert figures(results, "CIN1c", "2022-06-30")[:2] == (2, 2)
    assert figures(results, "CIN1c", "2022-09-30")[:2] == (2, 2)  # 1 Jul, 30 Sep
    assert figures(results, "CIN1c", "2022-12-31")[:2] == (1, 1)  # 31 Dec
    assert figures(results, "CIN1c", "2023-03-31")[:2] == (2, 2)  # 1 Jan, 31 Mar
    (row,) = results.rows("CIN1c", period_end=date(2022, 6, 30))
    assert row["period_start"] == date(2022, 4, 1)
    # March 2022 to March 2023 reported: 5 quarters (January-March 2022 is the first)
    assert len(results.rows("CIN1c")) == 5


def test_spc_is_not_offered_for_windows():
    assert CATALOGUE["CIN1"].spc
    assert not CATALOGUE["CIN1"].model_copy(update={"period_basis": PeriodBasis.QUARTER}).spc


def test_a_run_of_one_month_reports_the_quarter_before_it():
    # A run of January 2023 alone: the last complete quarter is October-December 2022 (31 Dec = 1),
    # reported with the quarter's dates, once.
    rows = [{"cine_referral_id": f"R{i}", "cine_referral_date": d} for i, d in enumerate(DAYS)]
    quarterly = CATALOGUE["CIN1"].model_copy(update={"ref": "CIN1c", "period_basis": PeriodBasis.QUARTER})
    dataset = make_dataset({"ssd_cin_episodes": rows}, extract_date="2023-04-05")
    january = compute(
        dataset, Catalogue(indicators=(quarterly,)), ComputeSettings.for_period("2023-01", months=1)
    )
    (row,) = january.rows("CIN1c")
    assert (row["period_start"], row["period_end"]) == (date(2022, 10, 1), date(2022, 12, 31))
    assert (row["numerator"], row["value"]) == (1, 1)
    # A run of May 2022 alone: the quarter is January-March 2022 (15 Jan × 2, 10 Feb = 3), while
    # April-May would hold only 5 Apr = 1.
    may = compute(
        dataset, Catalogue(indicators=(quarterly,)), ComputeSettings.for_period("2022-05", months=1)
    )
    (row,) = may.rows("CIN1c")
    assert (row["period_end"], row["numerator"]) == (date(2022, 3, 31), 3)
