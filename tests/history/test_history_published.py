"""Parsing a published scorecard's printed figures: every row of the reference table."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from history_helpers import COUNCIL, REFERENCE_CSV, extract
from hypothesis import given
from hypothesis import strategies as st

from csc_scorecard.history import (
    PublishedStatus,
    format_value,
    parse_published_value,
    published_results,
    read_published,
)
from csc_scorecard.history.published import PublishedFileError


def _reference_rows():
    if not REFERENCE_CSV.exists():
        pytest.skip(f"reference scorecard not found at {REFERENCE_CSV}")
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("text", "value", "status", "is_percent", "decimals"),
    [
        ("1,348", 1348.0, PublishedStatus.OK, False, 0),
        ("1348", 1348.0, PublishedStatus.OK, False, 0),
        ("22%", 0.22, PublishedStatus.OK, True, 0),
        ("92.0%", 0.92, PublishedStatus.OK, True, 1),
        ("2.7%", 0.027, PublishedStatus.OK, True, 1),
        (" 121.5 ", 121.5, PublishedStatus.OK, False, 1),
        ("1\u00a0204", 1204.0, PublishedStatus.OK, False, 0),
        ("Not Yet Available", None, PublishedStatus.NOT_YET_AVAILABLE, False, 0),
        ("not yet  available", None, PublishedStatus.NOT_YET_AVAILABLE, False, 0),
        ("", None, PublishedStatus.BLANK, False, 0),
        ("  ", None, PublishedStatus.BLANK, False, 0),
        ("-", None, PublishedStatus.BLANK, False, 0),
        ("n/a", None, PublishedStatus.BLANK, False, 0),
        ("<5", None, PublishedStatus.UNREADABLE, False, 0),
    ],
)
def test_parse_published_value(text, value, status, is_percent, decimals):
    parsed = parse_published_value(text)
    assert parsed.status is status
    if value is None:
        assert parsed.value is None
    else:
        assert parsed.value == pytest.approx(value)
    assert (parsed.is_percent, parsed.decimals) == (is_percent, decimals)


def test_every_current_and_previous_year_figure_of_the_reference_scorecard_parses():
    rows = _reference_rows()
    assert len(rows) > 100
    for record in rows:
        for column in ("current", "previous_year"):
            text = record[column]
            parsed = parse_published_value(text)
            if not text.strip():
                assert parsed.status is PublishedStatus.BLANK, (record["ref"], column)
            elif text.strip() == "Not Yet Available":
                assert parsed.status is PublishedStatus.NOT_YET_AVAILABLE, (record["ref"], column)
            else:
                assert parsed.status is PublishedStatus.OK, (record["ref"], column, text)
                number = float(text.replace(",", "").rstrip("%"))
                expected = number / 100 if text.endswith("%") else number
                assert parsed.value == pytest.approx(expected), (record["ref"], column, text)
                # A percentage is a fraction 0-1 (the reference has none above 100%).
                if text.endswith("%"):
                    assert 0 <= parsed.value <= 1


def test_read_published_reads_the_reference_table():
    _reference_rows()
    rows = read_published(REFERENCE_CSV)
    by_ref = {r.ref: r for r in rows}
    assert by_ref["FD1"].current.value == 1348 and by_ref["FD1"].previous_year.value == 1221
    assert by_ref["CIN4"].current.value == pytest.approx(0.22) and by_ref["CIN4"].target == "20-24%"
    assert by_ref["SG16"].current.status is PublishedStatus.NOT_YET_AVAILABLE
    assert by_ref["FD8a"].previous_year.status is PublishedStatus.BLANK
    assert by_ref["CF19"].indicator == "Other Placements (Z1, 38.6, Unregulated) No."


def test_published_results_take_units_from_the_computed_rows():
    _reference_rows()
    rows = read_published(REFERENCE_CSV)
    computed = extract({("CIN2", (2023, 1)): 722.4}, date(2023, 2, 6))
    table = published_results(rows, COUNCIL, "2023-01", computed).table
    by_ref = {r["ref"]: r for r in table.to_pylist()}
    assert by_ref["CIN2"]["unit"] == "rate_per_10k" and by_ref["CIN2"]["period_basis"] == "rolling_12_months"
    assert by_ref["CIN4"]["unit"] == "percent" and by_ref["FD1"]["unit"] == "count"
    assert by_ref["SG16"]["status"] == "not_yet_available" and by_ref["SG16"]["value"] is None
    assert by_ref["FD1"]["extract_date"] is None and by_ref["FD1"]["note"] == "published as '1348'"
    assert len(table) == len(rows)  # the reference has a current figure (or NYA) on every row


def test_a_table_without_the_scorecard_columns_is_a_plain_error(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,amount\nx,1\n", encoding="utf-8")
    with pytest.raises(PublishedFileError, match="no ref or current column"):
        read_published(path)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("ref,current\nFD1,£5\n".encode("cp1252"))
    with pytest.raises(PublishedFileError, match="not UTF-8"):
        read_published(latin)


@given(
    value=st.floats(min_value=0, max_value=1, allow_nan=False),
    unit=st.sampled_from(["percent"]),
)
def test_a_percentage_printed_by_the_formatter_agrees_with_its_value(value, unit):
    printed = parse_published_value(format_value(value, unit))
    assert printed.agrees_with(value, unit)


@given(
    value=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    unit=st.sampled_from(["count", "rate_per_10k", "days", "cases_per_worker"]),
)
def test_a_figure_printed_by_the_formatter_agrees_with_its_value(value, unit):
    printed = parse_published_value(format_value(value, unit))
    assert printed.status is PublishedStatus.OK
    assert printed.agrees_with(value, unit)
