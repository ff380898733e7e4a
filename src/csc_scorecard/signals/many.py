"""SPC for every series of a long table (one row per council, ref, breakdown and period).

Each series is judged by `spc_series` (whole-array numpy); this module only groups, orders and
writes the answers back, so its Python loop runs once per series, never once per point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from csc_scorecard.config.targets import Target
from csc_scorecard.signals.settings import Chart, SpcSettings
from csc_scorecard.signals.spc import DEFAULT_SETTINGS, spc_series

SERIES_KEYS = ("council", "ref", "breakdown", "breakdown_value")

# Per-point columns (this row's place on the chart) then per-series ones (the same on every row).
SPC_COLUMNS = (
    "spc_chart",
    "spc_outcome",
    "spc_mean",
    "spc_upper",
    "spc_lower",
    "spc_upper_near",
    "spc_lower_near",
    "spc_rule",
    "spc_point_type",
    "spc_variation",
    "spc_variation_label",
    "spc_assurance",
    "spc_assurance_label",
    "spc_points",
    "spc_note",
    "spc_settings",
)


_NUMBERS = ("spc_mean", "spc_upper", "spc_lower", "spc_upper_near", "spc_lower_near")


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    """How one ref's series are charted: its polarity, the chosen chart and any caution."""

    polarity: str
    chart: Chart
    note: str = ""


def spc_for_table(
    points: pd.DataFrame,
    *,
    specs: Mapping[str, SeriesSpec],
    usable: Sequence[bool] | np.ndarray | pd.Series,
    target_for: Callable[[str, Any], Target | None] | None = None,
    settings: SpcSettings = DEFAULT_SETTINGS,
    scale: float = 1.0,
    series_keys: Sequence[str] = SERIES_KEYS,
) -> pd.DataFrame:
    """SPC columns (`SPC_COLUMNS`) for every row of `points`, aligned with its index.

    `points` needs the `series_keys` columns, `period_end`, `value` and (for p-charts) `denominator`.
    Rows where `usable` is False (no value, or a status that is not ok) are left off the chart:
    their per-point columns are empty, but they carry their series' icons. A ref missing from
    `specs` gets no SPC. `target_for(ref, latest_period_end)` gives the assurance target in the
    values' own units. `scale` is what a proportion of 1 is in `value` (p-charts).
    """
    n = len(points)
    text: dict[str, np.ndarray] = {
        c: np.full(n, None, dtype=object) for c in SPC_COLUMNS if c not in _NUMBERS
    }
    numbers = {c: np.full(n, np.nan) for c in _NUMBERS}
    text["spc_settings"][:] = settings.to_json()
    counts = np.zeros(n, dtype=np.int64)
    keys = list(series_keys)
    # Work on positions, not index labels, so any index (even a repeated one) is safe; slice plain
    # numpy arrays per series, since pandas indexing per group costs more than the SPC itself.
    ordered = points[[*keys, "period_end"]].reset_index(drop=True)
    order = ordered.sort_values([*keys, "period_end"], kind="stable").index.to_numpy()
    groups = ordered.iloc[order].groupby(keys, sort=False, dropna=False).indices
    refs = points["ref"].to_numpy()[order]
    ends = points["period_end"].to_numpy()[order]
    all_values = points["value"].to_numpy(dtype=float)[order]
    all_denominators = points["denominator"].to_numpy(dtype=float)[order]
    on_chart_mask = np.asarray(usable, dtype=bool)[order]
    for sorted_rows in groups.values():
        ref = str(refs[sorted_rows[0]])
        spec = specs.get(ref)
        if spec is None:
            continue
        chart_rows = sorted_rows[on_chart_mask[sorted_rows]]
        if chart_rows.size == 0:
            continue
        at, chart_at = order[sorted_rows], order[chart_rows]
        target = target_for(ref, ends[chart_rows[-1]]) if target_for is not None else None
        result = spc_series(
            all_values[chart_rows],
            polarity=spec.polarity,
            chart=spec.chart,
            denominators=all_denominators[chart_rows] if spec.chart is Chart.P else None,
            target=target,
            settings=settings,
            scale=scale,
            note=spec.note,
        )
        text["spc_chart"][at] = result.chart.value
        text["spc_outcome"][at] = result.outcome.value
        text["spc_note"][at] = result.note or None
        counts[at] = result.values.size
        if result.assurance is not None:
            text["spc_assurance"][at] = result.assurance.value
            text["spc_assurance_label"][at] = result.assurance.label
        if result.variation is None:
            continue  # not judged: no limits or point types to write
        text["spc_variation"][at] = result.variation.value
        text["spc_variation_label"][at] = result.variation.label
        for column, array in zip(
            _NUMBERS,
            (result.mean, result.upper, result.lower, result.upper_near, result.lower_near),
            strict=True,
        ):
            numbers[column][chart_at] = array
        text["spc_rule"][chart_at] = [rule or None for rule in result.rule.tolist()]
        text["spc_point_type"][chart_at] = result.point_type.tolist()
    columns: dict[str, np.ndarray] = {**text, **numbers, "spc_points": counts}
    return pd.DataFrame({c: columns[c] for c in SPC_COLUMNS}, index=points.index)
