"""Assessed tables for narrative tests: hand-built rows and a hypothesis strategy over them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import pandas as pd
from hypothesis import strategies as st

from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.catalogue.model import Catalogue
from csc_scorecard.compare.benchmarks import ComparatorCell, ComparatorRow
from csc_scorecard.narrative import month_end
from csc_scorecard.narrative.facts import target_text
from csc_scorecard.render import formats

PERIOD = "2023-01"
PERIOD_END = date(2023, 1, 31)
COUNCIL = "357"
# A few refs of every unit and polarity, across the six sections.
REFS = (
    "FD1",
    "FD8",
    "FD10",
    "EH1",
    "EH2",
    "CIN1",
    "CIN2",
    "CIN4",
    "CIN8",
    "CF1",
    "CF4",
    "CF9",
    "SG1",
    "WF6",
    "WF4",
)
POINT_TYPES = (
    None,
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
RULES = (None, "outside_limits", "shift", "trend", "two_in_three")
DIRECTIONS = ("up", "down", "improving", "worsening", "no_change", "not_comparable")
TARGETS = (None, "85", "[20, 24]", "{band = [16, 18]}", '"<7"', '">=65"')
TARGET_STATUSES = ("on_target", "exceeding", "off_target", "not_judged", "no_target")
MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


@cache
def catalogue() -> Catalogue:
    return load_catalogue().select(list(REFS))


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return month_end(date(index // 12, index % 12 + 1, 1))


def row(ref: str, period_end: date = PERIOD_END, **values: Any) -> dict[str, Any]:
    """One assessed row with sensible empties; `values` override any column."""
    indicator = catalogue()[ref]
    base: dict[str, Any] = {
        "council": COUNCIL,
        "ref": ref,
        "period_end": period_end,
        "period_basis": str(indicator.period_basis),
        "unit": str(indicator.unit),
        "breakdown": "all",
        "breakdown_value": "all",
        "value": None,
        "numerator": None,
        "denominator": None,
        "status": "ok",
        "polarity": str(indicator.polarity),
        "previous_period_value": None,
        "previous_period_direction": None,
        "direction": None,
        "target": None,
        "target_status": "no_target",
        "rag": None,
        "target_shortfall": None,
        "spc_point_type": None,
        "spc_rule": None,
        "spc_outcome": None,
        "spc_mean": None,
        "suppressed": False,
    }
    base.update(values)
    return base


def table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def comparator_row(ref: str, unit: str, cells: list[tuple[str, str, float]]) -> ComparatorRow:
    """cells: (column, label, value as published: percentages 0–100)."""
    built = []
    for column, label, value in cells:
        number = Decimal(repr(value))
        display = formats.format_number(number, 0) + ("%" if unit == "percent" else "")
        built.append(ComparatorCell(column, label, 2022, "2021-22", number, display, "ok", "published"))  # type: ignore[arg-type]
    return ComparatorRow(ref, None, ref, "number" if unit == "count" else unit, tuple(built))


def _value_strategy(unit: str) -> st.SearchStrategy[float]:
    if unit == "percent":
        return st.integers(0, 1000).map(lambda n: n / 1000)
    if unit == "count":
        return st.integers(0, 5000).map(float)
    return st.floats(0, 2000, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def ref_rows(draw: st.DrawFn, ref: str) -> tuple[list[dict[str, Any]], ComparatorRow | None]:
    """A short series for one ref ending in the report month, with random assess columns."""
    unit = str(catalogue()[ref].unit)
    months = draw(st.integers(1, 4))
    values = draw(st.lists(_value_strategy(unit), min_size=months, max_size=months))
    rows: list[dict[str, Any]] = []
    mean = draw(_value_strategy(unit))
    for back, value in zip(range(months - 1, -1, -1), values, strict=True):
        previous = values[len(rows) - 1] if rows else draw(st.none() | _value_strategy(unit))
        target = draw(st.sampled_from(TARGETS))
        rows.append(
            row(
                ref,
                months_before(PERIOD_END, back),
                value=value,
                status=draw(st.sampled_from(("ok", "ok", "caveat", "not_available"))),
                previous_period_value=previous,
                previous_period_direction=draw(st.sampled_from(DIRECTIONS)),
                target=target,
                target_status=draw(st.sampled_from(TARGET_STATUSES)) if target else "no_target",
                rag=draw(st.sampled_from((None, "green", "amber", "red"))),
                spc_point_type=draw(st.sampled_from(POINT_TYPES)),
                spc_rule=draw(st.sampled_from(RULES)),
                spc_outcome=draw(st.sampled_from(("assessed", "assessed", "too_few_points"))),
                spc_mean=mean,
                suppressed=draw(st.booleans()) if draw(st.integers(0, 9)) == 0 else False,
            )
        )
    comparator = None
    if draw(st.booleans()):
        cells = draw(
            st.lists(
                st.sampled_from(
                    [
                        ("region", "North West"),
                        ("statistical_neighbours", "Statistical neighbours"),
                        ("england", "England"),
                    ]
                ),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
        scale = 100 if unit == "percent" else 1
        comparator = comparator_row(
            ref, unit, [(c, label, draw(_value_strategy(unit)) * scale) for c, label in cells]
        )
    return rows, comparator


@st.composite
def assessed_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, tuple[ComparatorRow, ...]]:
    refs = draw(st.lists(st.sampled_from(REFS), min_size=1, max_size=len(REFS), unique=True))
    rows: list[dict[str, Any]] = []
    comparators: list[ComparatorRow] = []
    for ref in refs:
        ref_table, comparator = draw(ref_rows(ref))
        rows.extend(ref_table)
        if comparator is not None:
            comparators.append(comparator)
    return table(rows), tuple(comparators)


def allowed_numbers(frame: pd.DataFrame, comparators: tuple[ComparatorRow, ...], ref: str) -> set[str]:
    """Every number a sentence about `ref` may print, worked out from the table itself: its formatted
    value and previous value in the month, its target, and its comparators."""
    texts: set[str] = set()
    records = frame[(frame.ref == ref) & (frame.period_end == PERIOD_END)].to_dict("records")
    comparator = next((c for c in comparators if c.ref == ref), None)
    for record in records:
        unit = record["unit"]
        places = formats.decimals_for(unit)
        for value in (record["value"], record["previous_period_value"]):
            if not formats.is_missing(value):
                texts.add(formats.format_value(value, unit, decimals=places))
        if record["target"]:
            texts.add(target_text(record["target"], unit))
    if comparator is not None:
        texts.update(cell.display for cell in comparator.cells)
    return {token for text in texts for token in NUMBER.findall(text)}


def numbers_in(sentence: str, titles: list[str]) -> list[str]:
    """The numbers a sentence prints, leaving out its indicators' titles and its dates."""
    text = sentence
    for title in sorted(titles, key=len, reverse=True):
        text = text.replace(title, " ")
    return NUMBER.findall(MONTHS.sub(" ", text))
