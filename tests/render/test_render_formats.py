from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from csc_scorecard.compare.benchmarks import ComparatorCell
from csc_scorecard.config.targets import parse_target_value
from csc_scorecard.render.formats import (
    format_change,
    format_comparator_cell,
    format_period,
    format_status,
    format_target,
    format_value,
    round_half_up,
)


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (1348, "count", None, "1,348"),
        (1348.0, "count", None, "1,348"),
        (0.22, "percent", None, "22%"),
        (0.92, "percent", 1, "92.0%"),
        (0.934, "percent", 1, "93.4%"),
        (0.625, "percent", None, "63%"),  # half up, not to even
        (0.027, "percent", 1, "2.7%"),
        (0.0, "percent", None, "0%"),
        (457.2, "rate_per_10k", None, "457"),
        (121.45, "rate_per_10k", 1, "121.5"),
        (12.345, "days", None, "12.3"),
        (2.25, "days", None, "2.3"),
        (17.35, "cases_per_worker", None, "17.4"),
        (-0.0001, "days", None, "0.0"),
        (None, "count", None, "–"),
        (float("nan"), "percent", None, "–"),
    ],
)
def test_values_by_unit(value: float | None, unit: str, decimals: int | None, expected: str) -> None:
    assert format_value(value, unit, decimals=decimals) == expected


def test_suppressed_values_are_c() -> None:
    assert format_value(3, "count", suppressed=True) == "c"


def test_round_half_up_uses_the_shortest_repr() -> None:
    assert round_half_up(0.925, 2) == Decimal("0.93")
    assert round_half_up(2.5, 0) == Decimal(3)
    assert round_half_up(-2.5, 0) == Decimal(-3)


@pytest.mark.parametrize(
    ("written", "unit", "expected"),
    [
        (85, "percent", "85%"),
        ([85, 90], "percent", "85–90%"),
        ("<7", "percent", "<7%"),
        (">65", "percent", ">65%"),
        ("<=7", "percent", "≤7%"),
        ({"band": [20, 24]}, "percent", "20–24%"),
        ({"band": [16, 18]}, "cases_per_worker", "16–18"),
        (612, "count", "612"),
        (1200, "count", "1,200"),
        (85.5, "percent", "85.5%"),
    ],
)
def test_targets_read_as_written(written: object, unit: str, expected: str) -> None:
    assert format_target(parse_target_value(written), unit) == expected


def test_no_target_is_blank() -> None:
    assert format_target(None, "percent") == ""


@pytest.mark.parametrize(
    ("status", "note", "expected"),
    [
        ("not_yet_available", None, "Not yet available"),
        ("not_available", "table ssd_cla_health missing", "Not available: table ssd_cla_health missing"),
        ("incomplete_history", "", "Incomplete history"),
        (
            "caveat",
            "transfer-in conferences are not excluded",
            "Caveat: transfer-in conferences are not excluded",
        ),
        ("ok", None, ""),
    ],
)
def test_statuses_in_words(status: str, note: str | None, expected: str) -> None:
    assert format_status(status, note) == expected


def test_periods() -> None:
    assert format_period(date(2023, 1, 31)) == "January 2023"
    assert format_period(date(2023, 1, 31), "month_end") == "at 31 January 2023"


@pytest.mark.parametrize(
    ("change", "unit", "expected"),
    [
        (152, "count", "up 152"),
        (-3, "count", "down 3"),
        (-0.03, "percent", "down 3 points"),
        (0.01, "percent", "up 1 point"),
        (0.001, "percent", "no change"),
        (1.25, "days", "up 1.3"),
        (None, "count", ""),
    ],
)
def test_changes_in_words(change: float | None, unit: str, expected: str) -> None:
    assert format_change(change, unit) == expected


def _cell(display: str, year_label: str = "2021-22") -> ComparatorCell:
    return ComparatorCell(
        column="england",
        label="England",
        year=2022,
        year_label=year_label,
        value=None,
        display=display,
        status="ok",
        basis="published",  # type: ignore[arg-type]
    )


def test_comparator_cells_keep_their_year() -> None:
    assert format_comparator_cell(_cell("62%")) == "62%"
    assert format_comparator_cell(_cell("62%"), with_year=True) == "62% (2021-22)"
    assert format_comparator_cell(_cell("c"), with_year=True) == "c"
    assert format_comparator_cell(None) == "–"
