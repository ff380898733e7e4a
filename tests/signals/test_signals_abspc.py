"""Cross-check against abspc 1.1.0 (MIT, Aneurin Bevan UHB) on 26 fixed series.

abspc differs from MDC's defaults in named ways, each one of our `SpcSettings`:

* `shift_length`: abspc 8, MDC 7;
* `trend_length`: abspc 6, MDC 7;
* `two_in_three_counts_beyond_limits`: abspc counts only points between the 2- and 3-sigma lines
  (NHSRplotthedots 0.2.2); MDC since November 2023 counts every point beyond the 2-sigma line;
* `limit_factor`: abspc 3 / 1.128 = 2.6596, MDC 2.66;

and its variation icon is the side of the mean of the *last special-cause point*, where MDC reads the
*latest point* (and a trend by its slope). Neither screens moving ranges.

The tests: (1) with those settings set to abspc's, limits and all four rule flags agree exactly on
every series; (2) with our defaults, every rule flag that differs from abspc's is reproduced by
changing one named setting alone; (3) abspc's icon equals "side of the mean of the last flagged point"
read from our flags, and ours differs only where the latest point is common cause or a trend runs
against its side of the mean; (4) assurance agrees. Run this file directly for the tally.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
import pytest

from csc_scorecard.config.targets import parse_target_value
from csc_scorecard.signals import Chart, SpcResult, SpcSettings, spc_series

abspc = pytest.importorskip("abspc")

ABSPC_SETTINGS = SpcSettings(
    limit_factor=3 / 1.128,
    shift_length=8,
    trend_length=6,
    two_in_three_counts_beyond_limits=False,
    minimum_points=12,
)
MDC_SETTINGS = SpcSettings()
# Each setting that differs, with abspc's value (used to explain each disagreement by one name).
NAMED_DIFFERENCES = {
    "limit_factor": 3 / 1.128,
    "shift_length": 8,
    "trend_length": 6,
    "two_in_three_counts_beyond_limits": False,
}
RULES = {"rule1": "outside_limits", "rule2": "shift", "rule3": "trend", "rule4": "two_in_three"}


def _series() -> list[tuple[str, Chart, np.ndarray, np.ndarray | None]]:
    """26 fixed series: seeded noise, steps, trends, outliers and near-miss runs, XmR and p."""
    out: list[tuple[str, Chart, np.ndarray, np.ndarray | None]] = []
    for seed in range(10):
        rng = np.random.default_rng(seed)
        n = 12 + 3 * seed
        out.append((f"noise seed {seed}, {n} points", Chart.XMR, np.round(rng.normal(50, 5, n), 1), None))
    rng = np.random.default_rng(101)
    base = np.round(rng.normal(100, 6, 30), 1)
    out.append(("step up at 20", Chart.XMR, base + np.where(np.arange(30) >= 20, 15, 0), None))
    out.append(("step down at 15", Chart.XMR, base - np.where(np.arange(30) >= 15, 12, 0), None))
    out.append(("rising slope", Chart.XMR, np.round(base + 1.2 * np.arange(30), 1), None))
    spike = base.copy()
    spike[25] = 160.0
    out.append(("one astronomical month", Chart.XMR, spike, None))
    out.append(
        (
            "seven above then back",
            Chart.XMR,
            np.array([50, 49, 51, 50, 52, 48, 50, 49, 55, 56, 55, 57, 56, 55, 56, 50, 49, 51, 48, 50.0]),
            None,
        )
    )
    out.append(
        (
            "six then seven rising",
            Chart.XMR,
            np.array([50, 52, 48, 51, 49, 44, 45, 46, 47, 48, 49, 46, 40, 41, 42, 43, 44, 45, 46, 50.0]),
            None,
        )
    )
    out.append(
        (
            "two in three with one beyond",
            Chart.XMR,
            np.array([50, 52, 48, 51, 49, 50, 53, 47, 50, 52, 48, 51, 49, 50, 62, 53, 59, 50, 51, 49.0]),
            None,
        )
    )
    out.append(("Poisson counts", Chart.XMR, np.random.default_rng(7).poisson(20, 36).astype(float), None))
    out.append(
        ("ties", Chart.XMR, np.array([10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16.0]), None)
    )
    out.append(("seasonal", Chart.XMR, np.round(100 + 10 * np.sin(np.arange(36) * np.pi / 6), 2), None))
    for seed in range(6):
        rng = np.random.default_rng(200 + seed)
        n = 18 + 2 * seed
        sizes = rng.integers(30, 200, n).astype(float)
        p = 0.6 + (0.15 if seed % 2 else 0.0) * (np.arange(n) >= n - 6)
        out.append((f"p-chart seed {seed}", Chart.P, rng.binomial(sizes.astype(int), p) / sizes, sizes))
    return out


SERIES = _series()


def _abspc(values: np.ndarray, chart: Chart, sizes: np.ndarray | None) -> pd.DataFrame:
    frame = pd.DataFrame({"value": values})
    if chart is Chart.P:
        frame["subgroup_size"] = sizes
        limits = abspc.calculate_control_limits(frame, "p", subgroup_col="subgroup_size")
    else:
        limits = abspc.calculate_control_limits(frame, "XmR")
    return abspc.detect_special_causes(limits)


def _ours(
    values: np.ndarray, chart: Chart, sizes: np.ndarray | None, settings: SpcSettings, **kwargs: Any
) -> SpcResult:
    return spc_series(
        values,
        polarity=kwargs.pop("polarity", "higher_is_better"),
        chart=chart,
        denominators=sizes,
        settings=settings,
        **kwargs,
    )


def _flags(result: SpcResult, rule: str) -> np.ndarray:
    return np.asarray(getattr(result, RULES[rule]))


def test_there_are_at_least_20_series() -> None:
    assert len(SERIES) >= 20


@pytest.mark.parametrize("name, chart, values, sizes", SERIES, ids=[s[0] for s in SERIES])
def test_same_settings_give_the_same_limits_and_flags(
    name: str, chart: Chart, values: np.ndarray, sizes: np.ndarray | None
) -> None:
    theirs = _abspc(values, chart, sizes)
    ours = _ours(values, chart, sizes, ABSPC_SETTINGS)
    assert ours.mean == pytest.approx(theirs["mean"].to_numpy())
    assert ours.upper == pytest.approx(theirs["ucl"].to_numpy())
    assert ours.lower == pytest.approx(theirs["lcl"].to_numpy())
    for rule in RULES:
        assert _flags(ours, rule).tolist() == theirs[rule].tolist(), rule


def explain_default_differences(
    values: np.ndarray, chart: Chart, sizes: np.ndarray | None
) -> dict[str, list[str]]:
    """rule → the named settings that each alone turn abspc's flags into our default flags.

    An empty dict: the defaults agree with abspc. A rule mapped to [] would be unexplained.
    """
    theirs = _abspc(values, chart, sizes)
    ours = _ours(values, chart, sizes, MDC_SETTINGS)
    explained: dict[str, list[str]] = {}
    for rule in RULES:
        if _flags(ours, rule).tolist() == theirs[rule].tolist():
            continue
        names = []
        for name in NAMED_DIFFERENCES:
            # abspc's settings with this one setting put back to the MDC default
            changed = dataclasses.replace(ABSPC_SETTINGS, **{name: getattr(MDC_SETTINGS, name)})
            if _flags(_ours(values, chart, sizes, changed), rule).tolist() == _flags(ours, rule).tolist():
                names.append(name)
        explained[rule] = names
    return explained


@pytest.mark.parametrize("name, chart, values, sizes", SERIES, ids=[s[0] for s in SERIES])
def test_every_default_difference_is_one_named_setting(
    name: str, chart: Chart, values: np.ndarray, sizes: np.ndarray | None
) -> None:
    for rule, names in explain_default_differences(values, chart, sizes).items():
        assert names, f"{name}: {rule} differs from abspc and no single named setting explains it"


def abspc_style_icon(result: SpcResult, improvement: str) -> str:
    """abspc's rule read from our flags: the side of the mean of the last special-cause point."""
    flagged = np.flatnonzero(result.special_cause)
    if flagged.size == 0:
        return "common_cause"
    last = flagged[-1]
    high = result.values[last] > result.mean[last]
    if improvement == "high":
        return "improvement_high" if high else "concern_low"
    return "concern_high" if high else "improvement_low"


def icon_difference(result: SpcResult, theirs: str) -> str:
    """Why our MDC icon differs from abspc's, or "" when they agree."""
    ours = result.variation.value if result.variation else ""
    if ours == theirs:
        return ""
    if not result.special_cause[-1]:
        return "latest point is common cause (abspc: icon from the last signal)"
    if result.rule[-1] == "trend" and np.sign(result.values[-1] - result.mean[-1]) != result.direction[-1]:
        return "latest point is in a trend running against its side of the mean (abspc: side of the mean)"
    return "unexplained"


@pytest.mark.parametrize("improvement", ["high", "low"])
@pytest.mark.parametrize("name, chart, values, sizes", SERIES, ids=[s[0] for s in SERIES])
def test_variation_icon_differs_only_by_latest_point_versus_last_signal(
    name: str, chart: Chart, values: np.ndarray, sizes: np.ndarray | None, improvement: str
) -> None:
    polarity = "higher_is_better" if improvement == "high" else "lower_is_better"
    ours = _ours(values, chart, sizes, ABSPC_SETTINGS, polarity=polarity)
    theirs = abspc.determine_variation_type(_abspc(values, chart, sizes), improvement_direction=improvement)
    assert abspc_style_icon(ours, improvement) == theirs
    assert icon_difference(ours, theirs) != "unexplained"


@pytest.mark.parametrize("improvement", ["high", "low"])
@pytest.mark.parametrize("name, chart, values, sizes", SERIES, ids=[s[0] for s in SERIES])
def test_assurance_agrees(
    name: str, chart: Chart, values: np.ndarray, sizes: np.ndarray | None, improvement: str
) -> None:
    theirs_frame = _abspc(values, chart, sizes)
    lower, upper = float(theirs_frame["lcl"].iloc[-1]), float(theirs_frame["ucl"].iloc[-1])
    polarity = "higher_is_better" if improvement == "high" else "lower_is_better"
    names = {"pass": "consistently_passes", "fail": "consistently_fails", "hit_or_miss": "hit_and_miss"}
    # Targets below, inside and above the limits (never exactly on one: abspc's comparison is inclusive).
    for target in (lower - 1.0, (lower + upper) / 2, upper + 1.0):
        ours = _ours(
            values, chart, sizes, ABSPC_SETTINGS, polarity=polarity, target=parse_target_value(target)
        )
        theirs = abspc.determine_assurance_type(theirs_frame, target, improvement_direction=improvement)
        assert ours.assurance is not None and ours.assurance.value == names[theirs]


def tally() -> None:
    """Print agreements and disagreements (default settings) for the report."""
    differences: Counter[str] = Counter()
    icons: Counter[str] = Counter()
    agree = 0
    for _name, chart, values, sizes in SERIES:
        explained = explain_default_differences(values, chart, sizes)
        agree += not explained
        for rule, names in explained.items():
            differences[f"{rule} ({RULES[rule]}) ← {' or '.join(names) or 'UNEXPLAINED'}"] += 1
        for improvement, polarity in (("high", "higher_is_better"), ("low", "lower_is_better")):
            ours = _ours(values, chart, sizes, MDC_SETTINGS, polarity=polarity)
            theirs = abspc.determine_variation_type(
                _abspc(values, chart, sizes), improvement_direction=improvement
            )
            icons[icon_difference(ours, theirs) or "same icon"] += 1
    print(f"{len(SERIES)} series; all four rules agree with MDC defaults on {agree}")
    for line, count in sorted(differences.items()):
        print(f"  {count:3d} series: {line}")
    print("variation icons (MDC defaults vs abspc, both polarities):")
    for line, count in sorted(icons.items()):
        print(f"  {count:3d}: {line}")


if __name__ == "__main__":
    tally()
