"""Rolling 12 months, year to date and the last complete quarter, as window sums over monthly counts."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from builders import make_dataset
from engine_helpers import CATALOGUE, figures

from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.catalogue.model import Catalogue, PeriodBasis
from csc_scorecard.engine.compute import compute
from csc_scorecard.engine.settings import ComputeSettings
from csc_scorecard.engine.status import _periods

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


def test_each_period_basis_names_its_first_and_last_dates():
    # Worked by hand for January 2023 (month index 2023 × 12 + 0 = 24276) and, for FD2, February too:
    #   FD1  month:                 window Jan 2023,                       1 Jan 2023 to 31 Jan 2023
    #   FD2  rolling 12 months:     window Feb 2022 (24276 − 11 = 24265),  1 Feb 2022 to 31 Jan 2023
    #        in February 2023:      window Mar 2022 (24277 − 11 = 24266),  1 Mar 2022 to 28 Feb 2023
    #   EH2  month end:             window Jan 2023,                      31 Jan 2023 to 31 Jan 2023
    #   SG5  year to date:          window Apr 2022 (2022 × 12 + 3 = 24267), 1 Apr 2022 to 31 Jan 2023
    #   EH6  quarter:               last complete quarter ends Dec 2022 (24275), window from Oct 2022
    #                               (24273),                               1 Oct 2022 to 31 Dec 2022
    #   CIN4 month, 12 months' look-back: window Jan 2022 (24276 − 12 = 24264), 1 Jan 2023 to 31 Jan 2023
    #   CF4  month end, 12 months' look-back: window Jan 2022 (24264),    31 Jan 2023 to 31 Jan 2023
    #   CF5  quarter, 30 months' look-back: window Oct 2022 − 30 = Apr 2020 (24243),
    #                                                                      1 Oct 2022 to 31 Dec 2022
    refs = ["FD1", "FD2", "EH2", "SG5", "EH6", "CIN4", "CF4", "CF5"]
    catalogue = load_catalogue().select(refs)
    ref_code = np.array([0, 1, 1, 2, 3, 4, 5, 6, 7])
    month = np.array([24276, 24276, 24277, 24276, 24276, 24276, 24276, 24276, 24276])
    window, first, last = _periods(ref_code, month, pd.Index(refs), {i.ref: i for i in catalogue.indicators})
    assert window.tolist() == [24276, 24265, 24266, 24276, 24267, 24273, 24264, 24264, 24243]
    assert first.astype(object).tolist() == [
        date(2023, 1, 1), date(2022, 2, 1), date(2022, 3, 1), date(2023, 1, 31), date(2022, 4, 1),
        date(2022, 10, 1), date(2023, 1, 1), date(2023, 1, 31), date(2022, 10, 1),
    ]  # fmt: skip
    assert last.astype(object).tolist() == [
        date(2023, 1, 31), date(2023, 1, 31), date(2023, 2, 28), date(2023, 1, 31), date(2023, 1, 31),
        date(2022, 12, 31), date(2023, 1, 31), date(2023, 1, 31), date(2022, 12, 31),
    ]  # fmt: skip
