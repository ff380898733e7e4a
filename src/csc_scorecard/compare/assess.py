"""Add the comparison and SPC fields to a results table: the one call later stages make.

    from csc_scorecard.compare.assess import assess, catalogue_info, targets_from_config
    assessed = assess(
        results.table,                              # pyarrow or pandas, the engine's columns
        catalogue_info=catalogue_info(catalogue),   # ref → polarity, unit, period basis, SPC
        targets=targets_from_config(config),        # (ref, period_end) → Target as written, or None
        tolerance=config.targets.tolerance_for,     # ref → RagTolerance
        polarity_override=config.targets.polarity,  # ref → the council's polarity, or None
    )

The input is returned unchanged with `ASSESS_COLUMNS` appended (same type: pandas in, pandas out;
pyarrow in, pyarrow out). Nothing is mutated. Values keep the engine's units: a percentage is a
fraction (0.62), so targets written as 85 are compared as 0.85 and the bands and tolerances for
percentages are in percentage points of 0.01 (`AssessSettings.percent_point`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa

from csc_scorecard.compare.target_status import (
    DEFAULT_TOLERANCE,
    Position,
    Rag,
    TargetStatus,
    Tolerance,
    comparator_positions,
    rag_ratings,
    target_in_value_units,
    target_statuses,
    tolerance_width,
)
from csc_scorecard.compare.trend import DEFAULT_BAND, Direction, NoChangeBand, TrendBasis, classify_changes
from csc_scorecard.config.targets import Polarity, Target
from csc_scorecard.signals.many import SPC_COLUMNS, SeriesSpec, spc_for_table
from csc_scorecard.signals.settings import SpcSettings
from csc_scorecard.signals.spc import DEFAULT_SETTINGS, choose_chart

SERIES_KEYS = ["council", "ref", "breakdown", "breakdown_value"]

COMPARISON_COLUMNS = (
    "polarity",
    "previous_period_value",
    "previous_period_change",
    "previous_period_direction",
    "previous_year_value",
    "previous_year_change",
    "previous_year_direction",
    "direction_basis",
    "direction",
    "direction_label",
    "target",
    "target_status",
    "target_status_label",
    "target_shortfall",
    "rag",
    "rag_label",
)
ASSESS_COLUMNS = COMPARISON_COLUMNS + SPC_COLUMNS

# Every added column is text except these; text columns hold None where there is nothing to say.
_FLOAT_COLUMNS = frozenset(
    {
        "previous_period_value",
        "previous_period_change",
        "previous_year_value",
        "previous_year_change",
        "target_shortfall",
        "spc_mean",
        "spc_upper",
        "spc_lower",
        "spc_upper_near",
        "spc_lower_near",
    }
)
_INT_COLUMNS = frozenset({"spc_points"})


def _arrow_type(column: str) -> pa.DataType:
    if column in _FLOAT_COLUMNS:
        return pa.float64()
    return pa.int64() if column in _INT_COLUMNS else pa.string()


# Labels by value: looked up once per row, so a dictionary rather than an enum call.
_DIRECTION_LABELS: dict[object, str] = {d.value: d.label for d in Direction}
_STATUS_LABELS: dict[object, str] = {s.value: s.label for s in TargetStatus}
_RAG_LABELS: dict[object, str] = {r.value: r.label for r in Rag}

# Months back to "the previous period": a quarterly figure's previous period is the quarter before.
_PREVIOUS_PERIOD_MONTHS = {"quarter": 3}


@dataclass(frozen=True, slots=True)
class RefInfo:
    """What the comparison stage needs to know about an indicator (from its catalogue record)."""

    polarity: str
    unit: str
    period_basis: str
    spc: bool = True


class _CatalogueLike(Protocol):
    """A catalogue: its indicators have ref, polarity, unit, period_basis and spc."""

    @property
    def indicators(self) -> tuple[Any, ...]: ...


def catalogue_info(catalogue: _CatalogueLike) -> dict[str, RefInfo]:
    """ref → RefInfo for every indicator of a `csc_scorecard.catalogue` Catalogue."""
    return {
        ind.ref: RefInfo(str(ind.polarity), str(ind.unit), str(ind.period_basis), bool(ind.spc))
        for ind in catalogue.indicators
    }


class _TargetSettingsLike(Protocol):
    def target(self, ref: str, financial_year: str) -> Target | None: ...


class _ConfigLike(Protocol):
    @property
    def targets(self) -> _TargetSettingsLike: ...


def financial_year_of(day: date) -> str:
    """date(2023, 1, 31) → '2022-23' (financial years run 1 April to 31 March)."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def targets_from_config(config: _ConfigLike) -> Callable[[str, date], Target | None]:
    """(ref, period_end) → the council's target for the financial year containing period_end."""

    def target_for(ref: str, period_end: date) -> Target | None:
        return config.targets.target(ref, financial_year_of(period_end))

    return target_for


@dataclass(frozen=True, slots=True)
class AssessSettings:
    """Settings for `assess`, all recorded by their defaults in docs/signals.md.

    Attributes:
        direction_basis: what the `direction` column compares with (both bases get their own columns).
        band: the no-change band (percentages: under 1 point; others: under 2% of the earlier value).
        percent_point: one percentage point in the values' units (0.01: the engine stores fractions).
        usable_statuses: the result statuses whose values are compared and charted.
        spc: the SPC rules.
    """

    direction_basis: TrendBasis = TrendBasis.PREVIOUS_PERIOD
    band: NoChangeBand = DEFAULT_BAND
    percent_point: float = 0.01
    usable_statuses: tuple[str, ...] = ("ok", "caveat")
    spc: SpcSettings = field(default=DEFAULT_SETTINGS)


DEFAULT_ASSESS_SETTINGS = AssessSettings()

TableT = TypeVar("TableT", pd.DataFrame, pa.Table)


def _month_numbers(period_end: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(period_end)
    return (stamps.dt.year * 12 + stamps.dt.month - 1).to_numpy()


def _earlier_values(frame: pd.DataFrame, usable: np.ndarray, months_back: np.ndarray) -> np.ndarray:
    """Each row's value `months_back` months earlier in the same series (NaN when not usable)."""
    keyed = frame[SERIES_KEYS].copy()
    keyed["_month"] = _month_numbers(frame["period_end"])
    lookup = keyed[usable].assign(_earlier=frame.loc[usable, "value"].to_numpy())
    # Quarterly figures repeat across the months of a quarter: one value per series and period end.
    lookup = lookup.drop_duplicates([*SERIES_KEYS, "_month"])
    wanted = keyed.assign(_month=keyed["_month"] - months_back)
    merged = wanted.merge(lookup, on=[*SERIES_KEYS, "_month"], how="left", validate="many_to_one")
    return merged["_earlier"].to_numpy(dtype=float)


def assess(
    results: TableT,
    *,
    catalogue_info: Mapping[str, RefInfo],
    targets: Callable[[str, date], Target | None] | None = None,
    tolerance: Callable[[str], Tolerance] | None = None,
    polarity_override: Callable[[str], str | None] | None = None,
    settings: AssessSettings = DEFAULT_ASSESS_SETTINGS,
) -> TableT:
    """The results table with `ASSESS_COLUMNS` appended (see docs/signals.md for each column).

    Args:
        results: the engine's tidy results (pandas DataFrame or pyarrow Table).
        catalogue_info: ref → RefInfo; rows of refs not in it get empty comparison columns.
        targets: (ref, period_end) → the target as the council wrote it (85 for 85%), or None.
        tolerance: ref → RAG tolerance (amount and basis); default 5, "auto".
        polarity_override: ref → the council's polarity, or None to keep the catalogue's.
        settings: bands, the direction basis, usable statuses and SPC settings.
    """
    frame = results.to_pandas() if isinstance(results, pa.Table) else results.reset_index(drop=True)
    added = _assessment(frame, catalogue_info, targets, tolerance, polarity_override, settings)
    if isinstance(results, pa.Table):
        table: Any = results
        for column in ASSESS_COLUMNS:
            table = table.append_column(
                column, pa.array(added[column].tolist(), type=_arrow_type(column), from_pandas=True)
            )
        return cast(TableT, table)
    combined: pd.DataFrame = pd.concat([results, added.set_axis(results.index)], axis=1)
    return combined


def _assessment(
    frame: pd.DataFrame,
    info: Mapping[str, RefInfo],
    targets: Callable[[str, date], Target | None] | None,
    tolerance: Callable[[str], Tolerance] | None,
    polarity_override: Callable[[str], str | None] | None,
    settings: AssessSettings,
) -> pd.DataFrame:
    """The added columns for a frame with a 0..n−1 index; each ref is one vector call per rule."""
    n = len(frame)
    text = {c: np.full(n, None, dtype=object) for c in COMPARISON_COLUMNS if c not in _FLOAT_COLUMNS}
    if n == 0:
        empty = {c: np.full(0, np.nan) for c in _FLOAT_COLUMNS if c in COMPARISON_COLUMNS}
        spc = pd.DataFrame({c: [] for c in SPC_COLUMNS})
        return _with_column_types(pd.concat([pd.DataFrame({**text, **empty}), spc], axis=1))
    values = frame["value"].to_numpy(dtype=float)
    usable = (frame["status"].isin(settings.usable_statuses) & np.isfinite(values)).to_numpy()
    current = np.where(usable, values, np.nan)
    months_back = frame["period_basis"].map(lambda b: _PREVIOUS_PERIOD_MONTHS.get(b, 1)).to_numpy()
    previous = _earlier_values(frame, usable, months_back)
    year_ago = _earlier_values(frame, usable, np.full(n, 12))
    shortfall = np.full(n, np.nan)

    polarities: dict[str, str] = {}
    for ref_key, positions in frame.groupby("ref", sort=False).indices.items():
        at = np.asarray(positions)
        ref = str(ref_key)
        ref_info = info.get(ref)
        if ref_info is None:
            continue
        override = polarity_override(ref) if polarity_override is not None else None
        polarity = str(Polarity(override or ref_info.polarity))
        polarities[ref] = polarity
        text["polarity"][at] = polarity
        for basis, earlier in ((TrendBasis.PREVIOUS_PERIOD, previous), (TrendBasis.PREVIOUS_YEAR, year_ago)):
            text[f"{basis.value}_direction"][at] = classify_changes(
                current[at],
                earlier[at],
                polarity=polarity,
                unit=ref_info.unit,
                band=settings.band,
                percent_point=settings.percent_point,
            )
        ref_tolerance = tolerance(ref) if tolerance is not None else DEFAULT_TOLERANCE
        _read_targets(
            frame, at, ref, ref_info, polarity, current, targets, ref_tolerance, settings, text, shortfall
        )

    text["direction_basis"][:] = settings.direction_basis.value
    text["direction"] = text[f"{settings.direction_basis.value}_direction"].copy()
    text["direction_label"] = np.array([_DIRECTION_LABELS.get(d) for d in text["direction"]], dtype=object)
    text["target_status_label"] = np.array(
        [_STATUS_LABELS.get(s) for s in text["target_status"]], dtype=object
    )
    text["rag"] = np.array([r or None for r in text["rag"]], dtype=object)
    text["rag_label"] = np.array([_RAG_LABELS.get(r) for r in text["rag"]], dtype=object)
    floats = {
        "previous_period_value": previous,
        "previous_period_change": current - previous,
        "previous_year_value": year_ago,
        "previous_year_change": current - year_ago,
        "target_shortfall": shortfall,
    }
    comparison = pd.DataFrame({c: (floats[c] if c in floats else text[c]) for c in COMPARISON_COLUMNS})
    spc = _spc_columns(frame, usable, info, polarities, targets, settings)
    return _with_column_types(pd.concat([comparison, spc], axis=1))


def _with_column_types(added: pd.DataFrame) -> pd.DataFrame:
    """Floats as float64 (NaN when missing), counts as int64, text as objects with None."""
    typed: dict[str, pd.Series] = {}
    for column in ASSESS_COLUMNS:
        series = added[column]
        if column in _FLOAT_COLUMNS:
            typed[column] = series.astype("float64")
        elif column in _INT_COLUMNS:
            typed[column] = series.fillna(0).astype("int64")
        else:
            typed[column] = series.astype(object).where(series.notna(), None)
    return pd.DataFrame(typed, index=added.index)


def _read_targets(
    frame: pd.DataFrame,
    at: np.ndarray,
    ref: str,
    ref_info: RefInfo,
    polarity: str,
    current: np.ndarray,
    targets: Callable[[str, date], Target | None] | None,
    tolerance: Tolerance,
    settings: AssessSettings,
    text: dict[str, np.ndarray],
    shortfall: np.ndarray,
) -> None:
    """Target status, shortfall and RAG for one ref's rows (positions `at`): one vector call per
    distinct target, since a target changes at most once a financial year."""
    period_ends = frame["period_end"].to_numpy()[at]
    by_period = {
        end: targets(ref, _as_date(end)) if targets is not None else None for end in pd.unique(period_ends)
    }
    written = [by_period[end] for end in period_ends]
    labels = np.array(["" if t is None else str(t) for t in written], dtype=object)
    for label in pd.unique(labels):
        same = labels == label
        rows = at[same]
        target = written[int(np.flatnonzero(same)[0])]
        converted = (
            None
            if target is None
            else target_in_value_units(target, ref_info.unit, percent_point=settings.percent_point)
        )
        status, gap, edge = target_statuses(current[rows], converted, polarity=polarity)
        width = tolerance_width(tolerance, ref_info.unit, edge, percent_point=settings.percent_point)
        text["target"][rows] = label or None
        text["target_status"][rows] = status
        text["rag"][rows] = rag_ratings(status, gap, width)
        shortfall[rows] = gap


def _as_date(value: Any) -> date:
    stamp = pd.Timestamp(value)
    return date(stamp.year, stamp.month, stamp.day)


def _spc_columns(
    frame: pd.DataFrame,
    usable: np.ndarray,
    info: Mapping[str, RefInfo],
    polarities: Mapping[str, str],
    targets: Callable[[str, date], Target | None] | None,
    settings: AssessSettings,
) -> pd.DataFrame:
    has_denominators = frame.groupby("ref", sort=False)["denominator"].apply(
        lambda d: bool((d.dropna() > 0).any())
    )
    specs: dict[str, SeriesSpec] = {}
    for ref, polarity in polarities.items():
        ref_info = info[ref]
        choice = choose_chart(
            unit=ref_info.unit,
            period_basis=ref_info.period_basis,
            spc_allowed=ref_info.spc,
            has_denominators=bool(has_denominators.get(ref, False)),
            settings=settings.spc,
        )
        specs[ref] = SeriesSpec(polarity, choice.chart, choice.note)
    # A p-chart point needs a positive denominator; without one the month is left off the chart.
    on_chart = (
        usable
        & ~(
            frame["ref"].map(lambda r: r in specs and specs[r].chart.value == "p")
            & ~(frame["denominator"] > 0)
        ).to_numpy()
    )

    def target_for(ref: str, period_end: Any) -> Target | None:
        if targets is None:
            return None
        target = targets(ref, _as_date(period_end))
        return (
            None
            if target is None
            else target_in_value_units(target, info[ref].unit, percent_point=settings.percent_point)
        )

    # p-chart limits need to know what a proportion of 1 is: 1 when percentages are fractions.
    scale = settings.percent_point * 100
    return spc_for_table(
        frame, specs=specs, usable=on_chart, target_for=target_for, settings=settings.spc, scale=scale
    )


def assess_comparators(
    rows: pd.DataFrame,
    *,
    catalogue_info: Mapping[str, RefInfo],
    comparator_percent_point: float = 1.0,
    settings: AssessSettings = DEFAULT_ASSESS_SETTINGS,
) -> pd.DataFrame:
    """Position (better / similar / worse, or higher / lower for neutral measures) of each row's
    `value` against its `comparator_value`; returns `rows` with `position` and `position_label` added.

    `rows` needs `ref`, `value` (the engine's units) and `comparator_value`. Published comparators
    write percentages 0-100, so `comparator_percent_point` defaults to 1 and they are converted to
    the values' units before comparing.
    """
    position = pd.Series(Position.NOT_COMPARABLE.value, index=rows.index, dtype=object)
    for ref, at in rows.groupby("ref", sort=False).groups.items():
        ref_info = catalogue_info.get(str(ref))
        if ref_info is None:
            continue
        comparator = rows.loc[at, "comparator_value"].astype(float).to_numpy()
        if ref_info.unit == "percent":
            comparator = comparator * (settings.percent_point / comparator_percent_point)
        position.loc[at] = comparator_positions(
            rows.loc[at, "value"].astype(float).to_numpy(),
            comparator,
            polarity=ref_info.polarity,
            unit=ref_info.unit,
            band=settings.band,
            percent_point=settings.percent_point,
        )
    return rows.assign(position=position, position_label=position.map(lambda p: Position(p).label))
