"""`assess`: every results row gains the comparison and SPC fields, pandas or pyarrow in and out,
with the input untouched. Results are built by hand in the engine's columns and units
(percentages as fractions)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from csc_scorecard.compare.assess import (
    ASSESS_COLUMNS,
    AssessSettings,
    RefInfo,
    assess,
    assess_comparators,
    catalogue_info,
    financial_year_of,
    targets_from_config,
)
from csc_scorecard.compare.trend import TrendBasis
from csc_scorecard.config.targets import Target, parse_target_value

ENGINE_COLUMNS = [
    "council",
    "ref",
    "period_start",
    "period_end",
    "period_basis",
    "unit",
    "breakdown",
    "breakdown_value",
    "value",
    "numerator",
    "denominator",
    "status",
    "note",
    "extract_date",
    "catalogue_hash",
    "definition_hash",
]

INFO = {
    "CIN8": RefInfo("higher_is_better", "percent", "month"),
    "CIN4": RefInfo("lower_is_better", "percent", "month"),
    "FD1": RefInfo("neutral", "count", "month"),
    "CF1": RefInfo("lower_is_better", "rate_per_10k", "month_end"),
    "CIN3": RefInfo("neutral", "count", "rolling_12_months", spc=False),
    "SG9": RefInfo("higher_is_better", "percent", "quarter", spc=False),
}


def month_end(year: int, month: int) -> date:
    return (pd.Timestamp(year, month, 1) + pd.offsets.MonthEnd(1)).date()


def row(
    ref: str,
    year: int,
    month: int,
    value: float | None,
    numerator: float | None = None,
    denominator: float | None = None,
    status: str = "ok",
    council: str = "357",
) -> dict[str, object]:
    info = INFO.get(ref, RefInfo("neutral", "count", "month"))
    return {
        "council": council,
        "ref": ref,
        "period_start": date(year, month, 1),
        "period_end": month_end(year, month),
        "period_basis": info.period_basis,
        "unit": info.unit,
        "breakdown": "all",
        "breakdown_value": "all",
        "value": np.nan if value is None else value,
        "numerator": np.nan if numerator is None else numerator,
        "denominator": np.nan if denominator is None else denominator,
        "status": status,
        "note": None,
        "extract_date": date(2023, 3, 31),
        "catalogue_hash": "c",
        "definition_hash": "d",
    }


def months(start_year: int, start_month: int, count: int) -> list[tuple[int, int]]:
    return [(start_year + (start_month - 1 + i) // 12, (start_month - 1 + i) % 12 + 1) for i in range(count)]


def cin8_targets(ref: str, period_end: date) -> Target | None:
    if ref == "CIN8":
        return parse_target_value(85 if period_end < date(2022, 4, 1) else [85, 90])
    if ref == "CIN4":
        return parse_target_value({"band": [20, 24]})
    return None


def simple_results() -> pd.DataFrame:
    rows = []
    # CIN8: 24 months of 80/100 ... with a jump to 93/100 in the last month.
    for i, (y, m) in enumerate(months(2021, 1, 24)):
        numerator = 93.0 if i == 23 else [80.0, 84.0, 82.0, 86.0][i % 4]
        rows.append(row("CIN8", y, m, numerator / 100, numerator, 100.0))
    # FD1: a neutral count with a missing month (June 2022 not computed).
    for y, m in months(2022, 1, 12):
        status = "not_available" if (y, m) == (2022, 6) else "ok"
        rows.append(row("FD1", y, m, None if status != "ok" else 100.0 + m, 100.0 + m, None, status))
    return pd.DataFrame(rows, columns=ENGINE_COLUMNS)


def by_ref(frame: pd.DataFrame, ref: str) -> pd.DataFrame:
    return frame[frame["ref"] == ref].set_index("period_end")


def test_columns_are_appended_and_input_is_unchanged() -> None:
    results = simple_results()
    before = results.copy()
    out = assess(results, catalogue_info=INFO, targets=cin8_targets)
    pd.testing.assert_frame_equal(results, before)
    assert list(out.columns) == ENGINE_COLUMNS + list(ASSESS_COLUMNS)
    pd.testing.assert_frame_equal(out[ENGINE_COLUMNS], before)


def test_previous_period_previous_year_and_direction() -> None:
    out = by_ref(assess(simple_results(), catalogue_info=INFO, targets=cin8_targets), "CIN8")
    latest = out.loc[date(2022, 12, 31)]
    # 0.93 against November 2022 (0.82) and December 2021 (0.86).
    assert latest["previous_period_value"] == pytest.approx(0.82)
    assert latest["previous_period_change"] == pytest.approx(0.11)
    assert latest["previous_period_direction"] == "improving"
    assert latest["previous_year_value"] == pytest.approx(0.86)
    assert latest["previous_year_direction"] == "improving"
    assert latest["direction"] == "improving" and latest["direction_label"] == "Improving"
    assert latest["direction_basis"] == "previous_period"
    first = out.loc[date(2021, 1, 31)]
    assert np.isnan(first["previous_period_value"]) and first["direction"] == "not_comparable"


def test_direction_basis_previous_year() -> None:
    settings = AssessSettings(direction_basis=TrendBasis.PREVIOUS_YEAR)
    out = by_ref(assess(simple_results(), catalogue_info=INFO, settings=settings), "CIN8")
    # Nov 2022 (0.82) against Nov 2021 (0.82): no change, though it fell 4 points from October (0.86).
    november = out.loc[date(2022, 11, 30)]
    assert november["direction"] == "no_change"
    assert november["previous_period_direction"] == "worsening"


def test_a_missing_month_is_not_replaced_by_the_month_before_it() -> None:
    out = by_ref(assess(simple_results(), catalogue_info=INFO), "FD1")
    july = out.loc[date(2022, 7, 31)]
    assert np.isnan(july["previous_period_value"]) and july["direction"] == "not_comparable"
    june = out.loc[date(2022, 6, 30)]
    assert june["direction"] == "not_comparable" and pd.isna(june["spc_point_type"])
    # Neutral, and value = 100 + month: May 105 against April 104 is under 2%, so no change.
    assert out.loc[date(2022, 5, 31), "direction"] == "no_change"
    assert out.loc[date(2022, 5, 31), "polarity"] == "neutral"


def test_targets_change_with_the_financial_year_and_percentages_are_fractions() -> None:
    out = by_ref(assess(simple_results(), catalogue_info=INFO, targets=cin8_targets), "CIN8")
    march_2022 = out.loc[date(2022, 3, 31)]  # 2021-22: target 85; value 0.82 → 3 points short, amber
    assert march_2022["target"] == "85"
    assert march_2022["target_status"] == "off_target" and march_2022["rag"] == "amber"
    assert march_2022["target_shortfall"] == pytest.approx(0.03)
    assert march_2022["rag_label"] == "Amber: off target, within tolerance"
    latest = out.loc[date(2022, 12, 31)]  # 2022-23: target [85, 90]; 0.93 is exceeding
    assert latest["target"] == "[85, 90]"
    assert latest["target_status"] == "exceeding" and latest["rag"] == "green"
    may = out.loc[date(2022, 5, 31)]  # 0.80: 5 points short of the range's lower end, the edge of amber
    assert may["target_status"] == "off_target" and may["rag"] == "amber"
    assert out.loc[date(2022, 4, 30), "rag"] == "green"  # 0.86: inside [85, 90]


def test_tolerance_and_polarity_override() -> None:
    out = by_ref(
        assess(
            simple_results(),
            catalogue_info=INFO,
            targets=cin8_targets,
            tolerance=lambda ref: parse_tolerance(1),
            polarity_override=lambda ref: "lower_is_better" if ref == "CIN8" else None,
        ),
        "CIN8",
    )
    latest = out.loc[date(2022, 12, 31)]
    assert latest["polarity"] == "lower_is_better"
    assert latest["direction"] == "worsening"  # up 11 points, and lower is now better
    assert (
        latest["target_status"] == "off_target" and latest["rag"] == "red"
    )  # 3 points above 90, tolerance 1


def parse_tolerance(amount: float) -> object:
    from csc_scorecard.compare.target_status import RagTolerance

    return RagTolerance(amount, "points")


def test_spc_fields_on_every_row() -> None:
    out = by_ref(assess(simple_results(), catalogue_info=INFO, targets=cin8_targets), "CIN8")
    # p-chart: p̄ = Σ numerators / Σ denominators = (6 × 80 + 6 × 84 + 6 × 82 + 5 × 86 + 93) / 2400
    # = 1999 / 2400 = 0.8329; σ = sqrt(0.8329 × 0.1671 / 100) = 0.0373, so the upper limit is 0.9448
    # and the 2-sigma line 0.9075.
    p_bar = 1999 / 2400
    latest = out.loc[date(2022, 12, 31)]
    assert latest["spc_chart"] == "p" and latest["spc_outcome"] == "assessed"
    assert latest["spc_mean"] == pytest.approx(p_bar)
    assert latest["spc_upper"] == pytest.approx(p_bar + 3 * np.sqrt(p_bar * (1 - p_bar) / 100))
    # 0.93 is inside the limits; beyond the 2-sigma line but alone (0.82 before it): common cause.
    assert latest["spc_point_type"] == "common_cause"
    assert latest["spc_variation"] == "common_cause"
    assert latest["spc_assurance"] == "hit_and_miss"  # target 0.85 within the limits
    assert set(out["spc_points"]) == {24}
    assert '"shift_length":7' in latest["spc_settings"]


def test_spc_not_suitable_too_few_and_month_end_note() -> None:
    rows = [row("CIN3", y, m, 1000.0 + m) for y, m in months(2021, 1, 24)]
    rows += [row("CF1", y, m, 60.0 + (m % 3)) for y, m in months(2021, 1, 24)]
    rows += [row("FD1", y, m, 100.0) for y, m in months(2021, 1, 11)]
    out = assess(pd.DataFrame(rows, columns=ENGINE_COLUMNS), catalogue_info=INFO)
    rolling = out[out.ref == "CIN3"].iloc[-1]
    assert rolling["spc_chart"] == "none" and rolling["spc_outcome"] == "not_suitable"
    assert "rolling" in rolling["spc_note"]
    assert pd.isna(rolling["spc_variation"])
    stock = out[out.ref == "CF1"].iloc[-1]
    assert stock["spc_chart"] == "xmr" and "month-end snapshot" in stock["spc_note"]
    short = out[out.ref == "FD1"].iloc[-1]
    assert short["spc_outcome"] == "too_few_points" and "too few to judge" in short["spc_note"]


def test_quarterly_previous_period_is_three_months_back() -> None:
    # A quarterly figure repeats on each reporting month of the next quarter (same period_end).
    rows = []
    for (y, m), value in zip(months(2022, 4, 6), [0.70, 0.70, 0.70, 0.75, 0.75, 0.75], strict=True):
        quarter_end = {4: (2022, 3), 5: (2022, 3), 6: (2022, 3), 7: (2022, 6), 8: (2022, 6), 9: (2022, 6)}[m]
        r = row("SG9", y, m, value)
        r["period_end"] = month_end(*quarter_end)
        rows.append(r)
    out = assess(pd.DataFrame(rows, columns=ENGINE_COLUMNS), catalogue_info=INFO)
    assert out["previous_period_value"].iloc[3] == pytest.approx(0.70)
    assert out["direction"].iloc[3] == "improving"
    assert out["spc_chart"].iloc[3] == "none"


def test_pyarrow_in_pyarrow_out() -> None:
    results = simple_results()
    table = pa.Table.from_pandas(results, preserve_index=False)
    out = assess(table, catalogue_info=INFO, targets=cin8_targets)
    assert isinstance(out, pa.Table)
    assert out.schema.names == ENGINE_COLUMNS + list(ASSESS_COLUMNS)
    assert out.select(ENGINE_COLUMNS).equals(table)
    assert out.schema.field("rag").type == pa.string()
    assert out.schema.field("target_shortfall").type == pa.float64()
    assert out.schema.field("spc_points").type == pa.int64()
    assert out.column("rag").to_pylist()[0] == "amber"


def test_empty_results_and_unknown_refs() -> None:
    empty = pd.DataFrame(columns=ENGINE_COLUMNS)
    assert list(assess(empty, catalogue_info=INFO).columns) == ENGINE_COLUMNS + list(ASSESS_COLUMNS)
    unknown = assess(pd.DataFrame([row("ZZ9", 2022, 1, 5.0)], columns=ENGINE_COLUMNS), catalogue_info=INFO)
    assert pd.isna(unknown["polarity"].iloc[0]) and pd.isna(unknown["spc_chart"].iloc[0])


def test_comparators_with_published_percentages() -> None:
    rows = pd.DataFrame(
        {
            "ref": ["CIN8", "CIN8", "CIN4", "FD1"],
            "value": [0.70, 0.655, 0.30, 120.0],
            "comparator": ["england", "region", "england", "england"],
            "comparator_value": [65.0, 65.0, 22.0, 100.0],  # published percentages are 0-100
        }
    )
    out = assess_comparators(rows, catalogue_info=INFO)
    assert out["position"].tolist() == ["better", "similar", "worse", "higher"]
    assert out["position_label"].tolist() == ["Better", "Similar", "Worse", "Higher"]


def test_financial_year_of() -> None:
    assert financial_year_of(date(2023, 1, 31)) == "2022-23"
    assert financial_year_of(date(2023, 4, 30)) == "2023-24"
    assert financial_year_of(date(1999, 6, 30)) == "1999-00"


def test_adapters_over_the_real_catalogue_and_configuration(tmp_path: Path) -> None:
    from csc_scorecard.catalogue.load import load_catalogue
    from csc_scorecard.config import validate_config_text

    info = catalogue_info(load_catalogue())
    assert info["CIN8"] == RefInfo("higher_is_better", "percent", "month", True)
    assert all(i.spc == (i.period_basis in ("month", "month_end")) for i in info.values())
    config = validate_config_text(
        '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n[targets.CIN8]\n"2022-23" = 85\n',
        "council.toml",
    )
    target_for = targets_from_config(config)
    assert target_for("CIN8", date(2023, 1, 31)) == parse_target_value(85)
    assert target_for("CIN8", date(2023, 4, 30)) is None
