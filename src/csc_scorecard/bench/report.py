"""The bench figures as a Rich table, with the ratios and whether each target is met."""

from __future__ import annotations

from typing import Any

from csc_scorecard.bench.runner import (
    TARGET_ENGINE_OVER_SCAN,
    TARGET_PANDAS_OVER_ENGINE,
    TARGET_PEAK_MB,
    BenchReport,
)

STAGE_LABELS = {
    "scan": "DuckDB reads every input column once (lower bound)",
    "engine": "Engine, whole catalogue, DuckDB",
    "engine_slice": "Engine, first-slice refs only, DuckDB",
    "pandas": "pandas, vectorised (first slice, reading included)",
    "rowwise": "pandas, row-wise apply (subset, see note)",
}


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}×"


def _met(value: bool | None) -> str:
    return "not measured" if value is None else ("met" if value else "MISSED")


def render(report: BenchReport) -> Any:
    """A Rich renderable: the stages table, then the ratios and targets."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    title = (
        f"bench: {report.councils} council(s) × {report.months} months "
        f"({report.first_month} to {report.last_month}), {report.rows:,} rows"
    )
    stages = Table(title=title, title_justify="left")
    stages.add_column("Stage")
    stages.add_column("Seconds", justify="right")
    stages.add_column("CPU seconds", justify="right")
    stages.add_column("Peak memory (MB)", justify="right")
    stages.add_column("Detail")
    for name, result in report.stages.items():
        detail = result.error or _detail(name, result.detail)
        peak = "-" if result.peak_mb is None else f"{result.peak_mb:,.0f}"
        stages.add_row(
            STAGE_LABELS.get(name, name), _seconds(result.seconds), _seconds(result.cpu_seconds), peak, detail
        )

    ratios = report.ratios
    targets = report.targets
    engine = report.stages.get("engine")
    summary = Table(show_header=True, title="Ratios and targets", title_justify="left")
    summary.add_column("Figure")
    summary.add_column("Value", justify="right")
    summary.add_column("Target")
    summary.add_row(
        "engine / scan",
        _times(ratios["engine_over_scan"]),
        f"≤ {TARGET_ENGINE_OVER_SCAN:g}×: {_met(targets['engine_within_3x_scan'])}",
    )
    summary.add_row(
        "vectorised pandas / engine (same refs)",
        _times(ratios["pandas_over_engine_slice"]),
        f"≥ {TARGET_PANDAS_OVER_ENGINE:g}×: {_met(targets['engine_10x_faster_than_pandas'])}",
    )
    summary.add_row(
        "vectorised pandas / engine, CPU time (same refs)", _times(ratios["pandas_over_engine_slice_cpu"]), ""
    )
    summary.add_row("vectorised pandas / engine (whole catalogue)", _times(ratios["pandas_over_engine"]), "")
    summary.add_row(
        "row-wise pandas / engine (same refs, EXTRAPOLATED)", _times(ratios["rowwise_over_engine_slice"]), ""
    )
    summary.add_row(
        "engine peak memory",
        "-" if engine is None or engine.peak_mb is None else f"{engine.peak_mb:,.0f} MB",
        f"≤ {TARGET_PEAK_MB:,.0f} MB: {_met(targets['engine_peak_within_4gb'])}",
    )
    notes = [f"Loading and checking the data once took {report.prepare_seconds:,.1f} s (not measured)."]
    load = report.machine.get("load_average_at_start")
    if load:
        notes.append(
            f"Load average when the bench started: {load[0]:.2f} (1 min), {load[1]:.2f} (5 min), on "
            f"{report.machine.get('cpus')} CPUs. A quiet machine reads well under 1; more means other "
            "work was using the CPUs as the bench began."
        )
    per_unit = report.rowwise_seconds_per_council_month
    if per_unit is not None:
        notes.append(
            f"Row-wise pandas ran on a subset ({per_unit:,.2f} s per council-month there); the ratio "
            f"EXTRAPOLATES it by rows read × months to the whole data "
            f"({_seconds(report.rowwise_extrapolated_seconds)} s): it was not run at full scale."
        )
    notes.append("Peak memory is each stage process's own maximum RSS, Python and libraries included.")
    notes.append(
        "CPU seconds: each stage process's CPU time over the measured work, every thread, user and system."
    )
    return Group(stages, summary, Text("\n".join(notes)))


def _batches(batches: Any) -> str:
    return f" × {batches} batches of councils" if isinstance(batches, int) and batches > 1 else ""


def _detail(name: str, detail: dict[str, Any]) -> str:
    if name == "scan":
        passes = detail.get("pass_seconds") or []
        return (
            f"{detail.get('tables')} tables, {detail.get('columns')} columns, the median of "
            f"{len(passes)} passes ({', '.join(f'{_seconds(s)} s' for s in passes)}); every column of every table: "
            f"{_seconds(detail.get('all_tables_seconds'))} s; the {detail.get('by_child_tables')} tables "
            f"with a child grouped once by child: {_seconds(detail.get('by_child_seconds'))} s"
        )
    if name in ("engine", "engine_slice"):
        return (
            f"{detail.get('indicators')} indicators, {detail.get('queries')} queries"
            f"{_batches(detail.get('batches'))}, {_seconds(detail.get('seconds_before_first_query'))} s "
            "to the first result (building and compiling, the first queries running meanwhile)"
        )
    if name == "pandas":
        return (
            f"{detail.get('refs')} refs{_batches(detail.get('batches'))}; "
            f"reading {_seconds(detail.get('read_seconds'))} s"
        )
    if name == "rowwise":
        return f"{len(detail.get('refs', []))} refs on {detail.get('councils')} council(s) × {detail.get('months')} months"
    return ""
