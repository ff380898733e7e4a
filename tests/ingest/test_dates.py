"""Date layouts and the choice of a column's format."""

from __future__ import annotations

from datetime import datetime

import pytest

from csc_scorecard.ingest import dates
from csc_scorecard.ingest.connection import connect

CON = connect()


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("2023-02-06", dates.ISO, datetime(2023, 2, 6)),
        ("2023-02-06 14:30:00.000", dates.ISO, datetime(2023, 2, 6, 14, 30)),
        ("2023-02-06T14:30:15Z", dates.ISO, datetime(2023, 2, 6, 14, 30, 15)),
        ("6/2/2023", dates.DMY, datetime(2023, 2, 6)),
        ("06-02-2023 09:05", dates.DMY, datetime(2023, 2, 6, 9, 5)),
        ("06.02.2023", dates.DMY, datetime(2023, 2, 6)),
        ("02/06/2023 12:15 AM", dates.MDY, datetime(2023, 2, 6, 0, 15)),
        ("44963", dates.EXCEL, datetime(2023, 2, 6)),
        ("44963.75", dates.EXCEL, datetime(2023, 2, 6, 18, 0)),
        ("29/02/2024", dates.DMY, datetime(2024, 2, 29)),
        ("29/02/2023", dates.DMY, None),
        ("06/02/2023 25:00", dates.DMY, None),
        ("2023-02-06", dates.DMY, None),
        ("06/02/2023", dates.ISO, None),
        ("06/02/23", dates.DMY, None),
        ("not a date", dates.DMY, None),
    ],
)
def test_layouts(text, fmt, expected):
    assert CON.execute(f"SELECT {dates.parse_sql(repr(text), fmt)}").fetchall() == [(expected,)]


def test_the_format_that_reads_most_values_wins():
    choice = dates.choose_format(
        "c", 10, {dates.ISO: 1, dates.DMY: 9, dates.MDY: 4, dates.EXCEL: 0}, 0, "", "auto"
    )
    assert (choice.fmt, choice.readable, choice.ambiguous) == (dates.DMY, 9, False)


def test_ties_go_to_the_configured_format_then_iso_then_uk():
    tie = {dates.ISO: 0, dates.DMY: 5, dates.MDY: 5, dates.EXCEL: 0}
    assert dates.choose_format("c", 5, tie, 0, "", "auto").fmt == dates.DMY
    assert dates.choose_format("c", 5, tie, 0, "", dates.MDY).fmt == dates.MDY


def test_ambiguous_only_when_both_read_everything_and_disagree():
    both = {dates.ISO: 0, dates.DMY: 4, dates.MDY: 4, dates.EXCEL: 0}
    assert dates.choose_format("c", 4, both, 2, "03/04/2022", "auto").ambiguous
    assert not dates.choose_format("c", 4, both, 0, "", "auto").ambiguous  # 01/01, 02/02, ...
    partly = {dates.ISO: 0, dates.DMY: 4, dates.MDY: 3, dates.EXCEL: 0}
    assert not dates.choose_format("c", 4, partly, 2, "03/04/2022", "auto").ambiguous


def test_nothing_readable_is_reported_against_the_uk_format():
    none = dict.fromkeys(dates.FAMILIES, 0)
    assert dates.choose_format("c", 3, none, 0, "", "auto").fmt == dates.DMY
    assert dates.choose_format("c", 0, none, 0, "", "auto").fmt == dates.NONE
