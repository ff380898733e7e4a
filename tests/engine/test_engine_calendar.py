"""The working calendar and month arithmetic, including a property test against numpy's business days."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_scorecard.engine.calendar import (
    council_calendars,
    england_bank_holidays,
    financial_year,
    last_complete_quarter_end,
    month_end,
    month_index,
    parse_month,
    working_calendar,
)

FIRST, LAST = date(2019, 1, 1), date(2025, 12, 31)
CALENDAR = {row["date"]: row for row in working_calendar(FIRST, LAST).to_pylist()}
HOLIDAYS = np.array(sorted(england_bank_holidays(FIRST, LAST)), dtype="datetime64[D]")
days = st.integers(0, (date(2024, 12, 31) - FIRST).days).map(lambda n: FIRST + timedelta(days=n))


@settings(max_examples=300, deadline=None)
@given(start=days, length=st.integers(0, 90), n=st.integers(0, 60))
def test_within_n_working_days_agrees_with_numpy_business_days(start, length, n):
    end = start + timedelta(days=length)
    ours = CALENDAR[end]["working_day_on_or_after"] <= CALENDAR[start]["working_day_on_or_after"] + n
    day0 = np.busday_offset(np.datetime64(start), 0, roll="forward", holidays=HOLIDAYS)
    target = np.busday_offset(day0, n, roll="forward", holidays=HOLIDAYS)
    assert ours == (np.datetime64(end) <= target)


def test_england_bank_holidays_2022_23():
    # gov.uk: Boxing Day Mon 26 Dec 2022, Christmas Day (substitute) Tue 27 Dec, New Year (substitute) Mon 2 Jan 2023
    holidays = england_bank_holidays(date(2022, 12, 1), date(2023, 1, 31))
    assert {date(2022, 12, 26), date(2022, 12, 27), date(2023, 1, 2)} <= holidays
    working = [
        d for d in (date(2022, 12, 26) + timedelta(days=i) for i in range(9)) if CALENDAR[d]["is_working_day"]
    ]
    assert working == [date(2022, 12, 28), date(2022, 12, 29), date(2022, 12, 30), date(2023, 1, 3)]


def test_month_arithmetic():
    assert month_index(date(2023, 1, 31)) == 2023 * 12
    assert parse_month("2023-01") == month_index(date(2023, 1, 1))
    assert month_end(month_index(date(2024, 2, 1))) == date(2024, 2, 29)
    assert financial_year(month_index(date(2023, 3, 1))) == 2022
    assert financial_year(month_index(date(2023, 4, 1))) == 2023
    # May 2023 → the quarter January-March 2023; June 2023 is itself a quarter end
    assert last_complete_quarter_end(month_index(date(2023, 5, 1))) == month_index(date(2023, 3, 1))
    assert last_complete_quarter_end(month_index(date(2023, 6, 1))) == month_index(date(2023, 6, 1))


def test_a_period_that_is_not_a_month_is_explained():
    with pytest.raises(ValueError, match=r"write it as YYYY-MM, e\.g\. 2023-01"):
        parse_month("Jan 2023")


def test_each_councils_closure_days_stay_its_own():
    # Week of Mon 9 Jan 2023, no bank holidays. A closes Wed 11, B closes Fri 13, C has no closures.
    first, last = date(2023, 1, 9), date(2023, 1, 13)
    overrides = {"A": {date(2023, 1, 11): False}, "B": {date(2023, 1, 13): False}}
    rows = council_calendars(("A", "B", "C"), first, last, overrides).to_pylist()
    working = {c: [r["is_working_day"] for r in rows if r["council"] == c] for c in ("A", "B", "C")}
    assert working == {
        "A": [True, True, False, True, True],
        "B": [True, True, True, True, False],  # A's Wednesday closure is not B's
        "C": [True] * 5,
    }
    # Running counts: A's Friday is its 4th working day, B's Thursday its 4th, C's Friday its 5th.
    to_date = {c: [r["working_days_to_date"] for r in rows if r["council"] == c] for c in ("A", "B", "C")}
    assert to_date == {"A": [1, 2, 2, 3, 4], "B": [1, 2, 3, 4, 4], "C": [1, 2, 3, 4, 5]}
    assert council_calendars(("A",), first, last, overrides).equals(
        council_calendars(("A", "B"), first, last, overrides).slice(0, 5)
    )
