from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st
from render_fixtures import make_model

from csc_scorecard.catalogue import Catalogue
from csc_scorecard.config.model import CouncilConfig
from csc_scorecard.render.disclosure import suppress

JAN = date(2023, 1, 31)


def _catalogue(*relationships: tuple[str, str, str]) -> Any:
    """A stand-in catalogue: only refs and declared relationships matter to suppression."""
    refs: dict[str, list[Any]] = {}
    for kind, this, other in relationships:
        refs.setdefault(this, []).append(SimpleNamespace(type=SimpleNamespace(value=kind), ref=other))
        refs.setdefault(other, [])
    return SimpleNamespace(
        indicators=tuple(SimpleNamespace(ref=ref, relationships=tuple(rels)) for ref, rels in refs.items())
    )


def _row(
    ref: str,
    unit: str,
    value: float | None,
    numerator: float | None = None,
    denominator: float | None = None,
    period_end: date = JAN,
) -> dict[str, Any]:
    return {
        "council": "357",
        "ref": ref,
        "period_end": period_end,
        "period_basis": "month",
        "unit": unit,
        "breakdown": "all",
        "breakdown_value": "all",
        "value": value,
        "numerator": value if numerator is None and unit == "count" else numerator,
        "denominator": denominator,
        "status": "ok",
    }


def _hidden(table: pa.Table) -> dict[str, bool]:
    frame = table.to_pandas()
    return dict(zip(frame["ref"], frame["suppressed"], strict=True))


def test_primary_suppression() -> None:
    rows = [
        _row("A", "count", 3),
        _row("B", "count", 0),
        _row("C", "count", 6),
        _row("D", "percent", 0.5, 4, 8),
        _row("E", "percent", 0.8, 8, 10),
        _row("F", "percent", 1.0, 5, 5),
        _row("G", "rate_per_10k", 0.9, 5, 55_000),
        _row("H", "days", 12.0, 36, 3),
    ]
    hidden = _hidden(suppress(pd.DataFrame(rows), _catalogue()))
    assert hidden == {
        "A": True,
        "B": False,
        "C": False,
        "D": True,
        "E": False,
        "F": True,
        "G": True,
        "H": True,
    }


def test_suppressed_values_are_removed_not_just_flagged() -> None:
    table = suppress(pd.DataFrame([_row("A", "count", 3)]), _catalogue()).to_pandas()
    assert table[["value", "numerator"]].isna().all(axis=None)


def test_a_rate_and_its_count_go_together() -> None:
    rows = [_row("CIN1", "count", 4), _row("CIN2", "rate_per_10k", 0.8, 4, 50_000)]
    assert _hidden(suppress(pd.DataFrame(rows), _catalogue(("count_of", "CIN2", "CIN1")))) == {
        "CIN1": True,
        "CIN2": True,
    }
    rows = [_row("CIN1", "count", 400), _row("CIN2", "rate_per_10k", 80.0, 400, 50_000)]
    assert not any(_hidden(suppress(pd.DataFrame(rows), _catalogue(("count_of", "CIN2", "CIN1")))).values())


def test_one_hidden_part_hides_a_second_figure() -> None:
    parts = _catalogue(("part_of", "P1", "T"), ("part_of", "P2", "T"), ("part_of", "P3", "T"))
    rows = [_row("T", "count", 60), _row("P1", "count", 3), _row("P2", "count", 40), _row("P3", "count", 17)]
    hidden = _hidden(suppress(pd.DataFrame(rows), parts))
    assert hidden == {"T": False, "P1": True, "P2": False, "P3": True}  # the smallest other part


def test_a_hidden_total_is_not_the_sum_of_shown_parts() -> None:
    parts = _catalogue(("part_of", "P1", "T"), ("part_of", "P2", "T"))
    rows = [_row("T", "count", 5), _row("P1", "count", 0), _row("P2", "count", 0)]
    hidden = _hidden(suppress(pd.DataFrame(rows), parts))
    assert hidden["T"] and sum(hidden.values()) >= 2


def test_comparisons_with_a_hidden_month_are_emptied() -> None:
    rows = [
        {**_row("A", "count", 3, period_end=date(2022, 1, 31))},
        {
            **_row("A", "count", 300),
            "previous_year_value": 3.0,
            "previous_year_change": 297.0,
            "previous_year_direction": "up",
            "spc_mean": 150.0,
        },
    ]
    frame = suppress(pd.DataFrame(rows), _catalogue()).to_pandas()
    january = frame[frame.period_end == JAN].iloc[0]
    assert not january["suppressed"]
    assert pd.isna(january["previous_year_value"]) and pd.isna(january["previous_year_change"])
    assert frame["spc_mean"].isna().all()  # the mean and the shown months would give the hidden one


def _recoverable(frame: pd.DataFrame, relationships: list[tuple[str, str, str]]) -> list[str]:
    """Every way a hidden figure could be worked out from the shown ones."""
    shown = {r.ref: r for r in frame.itertuples() if not r.suppressed}
    hidden = {r.ref for r in frame.itertuples() if r.suppressed}
    problems = []
    totals: dict[str, list[str]] = {}
    for kind, this, other in relationships:
        if kind == "count_of" and (this in hidden) != (other in hidden):
            problems.append(f"{this}/{other}: a rate and its count, one shown")
        if kind == "denominator" and this in shown and other in shown and pd.notna(shown[this].value):
            numerator = round(shown[this].value * shown[other].value)
            if 1 <= numerator <= 5:
                problems.append(f"{this}: numerator {numerator} from a percentage and its denominator")
        if kind == "part_of":
            totals.setdefault(other, []).append(this)
    for total, parts in totals.items():
        members = [total, *parts]
        if sum(m in hidden for m in members) == 1:
            problems.append(f"{total}: one hidden figure among a total and its parts")
    return problems


RELATIONSHIPS = [
    ("part_of", "P1", "T"),
    ("part_of", "P2", "T"),
    ("part_of", "P3", "T"),
    ("count_of", "R", "T"),
    ("denominator", "S", "T"),
]


@settings(max_examples=80, deadline=None)
@given(parts=st.lists(st.integers(0, 12), min_size=3, max_size=3), share=st.integers(0, 12))
def test_no_suppressed_value_is_recoverable(parts: list[int], share: int) -> None:
    total = sum(parts)
    within = min(share, total)
    rows = [_row("T", "count", total)]
    rows += [_row(f"P{i}", "count", n) for i, n in enumerate(parts, start=1)]
    rows.append(_row("R", "rate_per_10k", total / 5, total, 50_000))
    rows.append(_row("S", "percent", within / total if total else None, within, total))
    frame = suppress(pd.DataFrame(rows), _catalogue(*RELATIONSHIPS)).to_pandas()
    assert _recoverable(frame, RELATIONSHIPS) == []
    counts = frame[frame.unit == "count"]
    assert not ((counts.value >= 1) & (counts.value <= 5)).any()


def test_public_model_shows_c_and_keeps_public_figures(
    config: CouncilConfig, catalogue: Catalogue, assessed: pa.Table
) -> None:
    model = make_model(config, catalogue, suppress(assessed, catalogue), public=True)
    cin1 = next(r for r in model.rows if r.ref == "CIN1")
    assert cin1.current == "c" and cin1.value is None and cin1.suppressed
    assert cin1.previous_year == "211"  # a year earlier was not small
    assert cin1.direction_change == "" and cin1.rag == ""
    assert "c" in [p.text for p in cin1.series]
    assert all(p.mean is None for p in cin1.series)
    assert cin1.chart_label.startswith("CIN1 Referrals received: c in January 2023.")
    cin4 = next(r for r in model.rows if r.ref == "CIN4")
    assert cin4.current == "c"  # its numerator (2) and its denominator (3) are small
