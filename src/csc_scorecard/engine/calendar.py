"""Months, financial years and the working-day calendar the engine joins to.

Months are handled as integers (`month_index` = year × 12 + month − 1) so that "12 months
earlier" or "the month the plan reached 18 months" is integer arithmetic that every engine
does the same way. The working calendar is materialised once per run as a small table keyed by
date, so "within N working days" becomes a comparison of two integers looked up by date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

import holidays
import numpy as np
import pyarrow as pa

if TYPE_CHECKING:
    import ibis.expr.types as ir

# The engine's sentinel for "not ended": later than any month it reports on.
OPEN_ENDED_MONTH = 10_000 * 12


def month_index(day: date) -> int:
    """2023-01-31 → 24276 (2023 × 12 + 0). Every day of a month has the same index."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> date:
    return month_start(index + 1) - timedelta(days=1)


def parse_month(text: str) -> int:
    """'2023-01' → its month index; the error says what was expected."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return month_index(date(year, month, 1))
    except ValueError:
        raise ValueError(f"period '{text}' is not a month: write it as YYYY-MM, e.g. 2023-01") from None


def financial_year(index: int) -> int:
    """The year the financial year (1 April to 31 March) containing the month starts in: Jan 2023 → 2022."""
    year, month = index // 12, index % 12 + 1
    return year if month >= 4 else year - 1


def financial_year_start(index: int) -> int:
    return financial_year(index) * 12 + 3  # April


def last_complete_quarter_end(index: int) -> int:
    """The month index of the end of the last complete financial quarter on or before the month.

    Financial quarters end in June, September, December and March; May 2023 → March 2023.
    """
    month = index % 12 + 1
    return index - (month % 3)


# Expressions over ibis columns -------------------------------------------------------------


def month_index_expr(column: ir.Value) -> ir.IntegerValue:
    """The month index of a DATE or TIMESTAMP column, as an ibis expression."""
    return column.year() * 12 + column.month() - 1


# The working calendar ---------------------------------------------------------------------

CALENDAR_SCHEMA = pa.schema(
    [
        ("date", pa.date32()),
        ("is_working_day", pa.bool_()),
        # Working days on or before the date, counted from the calendar's first day.
        ("working_days_to_date", pa.int64()),
        # The number of the first working day on or after the date: "day 0" of a start on this date.
        ("working_day_on_or_after", pa.int64()),
    ]
)


def england_bank_holidays(first: date, last: date) -> frozenset[date]:
    """England's bank holidays between two dates (the `holidays` package, subdivision ENG)."""
    years = range(first.year, last.year + 1)
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=years).keys())


def working_calendar(first: date, last: date, overrides: Mapping[date, bool] | None = None) -> pa.Table:
    """One row per date from `first` to `last`: whether it is a working day and its running counts.

    A working day is a weekday that is not an England bank holiday; `overrides` (from
    `ref_working_calendar`) replace that judgement date by date, e.g. a council's Christmas closure.
    Bank holidays that fall at a weekend are listed by `holidays` too: the rule asks "weekday and
    not a holiday", so they can never be subtracted twice.
    """
    return _calendar_table(first, last, _england_working_days(first, last), overrides)


def _england_working_days(first: date, last: date) -> np.ndarray:
    """Whether each date from `first` to `last` is a weekday and not an England bank holiday."""
    if last < first:
        raise ValueError(f"working calendar from {first} to {last}: the end is before the start")
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    # 1 January 1970, day 0 of datetime64, was a Thursday: (day + 3) % 7 is 0 on Mondays.
    weekday = (days.astype("int64") + 3) % 7
    holiday_days = np.array(sorted(england_bank_holidays(first, last)), dtype="datetime64[D]")
    return (weekday < 5) & ~np.isin(days, holiday_days)


def _calendar_table(
    first: date, last: date, england: np.ndarray, overrides: Mapping[date, bool] | None
) -> pa.Table:
    """The calendar's rows: England's working days with a council's `overrides` applied (to a copy,
    since every council starts from the same England days)."""
    working = england.copy()
    for day, is_working in (overrides or {}).items():
        if first <= day <= last:
            working[(day - first).days] = is_working
    to_date = np.cumsum(working, dtype="int64")
    return pa.table(
        {
            "date": pa.array(np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1), pa.date32()),
            "is_working_day": pa.array(working),
            "working_days_to_date": pa.array(to_date),
            "working_day_on_or_after": pa.array(np.where(working, to_date, to_date + 1)),
        },
        schema=CALENDAR_SCHEMA,
    )


def council_calendars(
    councils: Sequence[str], first: date, last: date, overrides: Mapping[str, Mapping[date, bool]]
) -> pa.Table:
    """The working calendar of each council, with a leading `council` column: councils close on
    different days, so one council's closure days (`ref_working_calendar`) never move another's
    deadlines. England's working days are worked out once (the `holidays` package takes about 5 ms a
    call: 0.8 s for 150 councils that each have closure days) and each council's overrides applied."""
    england_days = _england_working_days(first, last)
    england = _calendar_table(first, last, england_days, None)
    parts = []
    for council in councils:
        own = overrides.get(council)
        days = _calendar_table(first, last, england_days, own) if own else england
        parts.append(days.add_column(0, "council", pa.repeat(pa.scalar(council, pa.string()), days.num_rows)))
    if not parts:
        return england.slice(0, 0).add_column(0, "council", pa.array([], pa.string()))
    return pa.concat_tables(parts)


def working_hours_index(
    timestamp: ir.TimestampValue, day: ir.Table, office_hours: tuple[float, float]
) -> ir.FloatingValue:
    """Working hours elapsed from the calendar's start to `timestamp`, given its calendar row `day`.

    Default (office_hours = (0, 24)): clock hours that fall on working days, so 72 working hours is
    three working days. Office hours (e.g. (9, 17)) count only the hours between them. The elapsed
    working time between two timestamps is the difference of their indexes.
    """
    import ibis

    opens, closes = office_hours
    length = closes - opens
    # Integers as float64 before dividing: Spark SQL reads a literal such as 60.0 as a DECIMAL and rounds.
    hour = (
        timestamp.hour().cast("float64")
        + timestamp.minute().cast("float64") / 60.0
        + timestamp.second().cast("float64") / 3600.0
    )
    into_day = ibis.greatest(ibis.least(hour - opens, length), 0.0)
    before = (day.working_days_to_date - day.is_working_day.cast("int64")).cast("float64")
    return before * length + day.is_working_day.ifelse(into_day, 0.0)
