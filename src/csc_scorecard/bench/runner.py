"""`run_bench`: prepare the data once, run each stage in a fresh process, collect time and peak memory.

Peak memory is the stage process's own maximum resident set size, so stages never add to each
other's figure. On Linux the stage reads its VmHWM itself: the rusage ru_maxrss (`os.wait4`, the
per-child form of getrusage(RUSAGE_CHILDREN)) carries the parent's high-water mark across fork and
exec, so it is used only where VmHWM does not exist (macOS), and the parent stays small for that
reason: generating and loading the data run in a child process too. The figure includes the Python
interpreter and the imported libraries (about 250 MB).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from csc_scorecard.bench import data

STAGE_ORDER = ("scan", "engine", "engine_slice", "pandas", "rowwise")
TARGET_ENGINE_OVER_SCAN = 3.0
TARGET_PANDAS_OVER_ENGINE = 10.0
TARGET_PEAK_MB = 4096.0


@dataclass(frozen=True)
class BenchRequest:
    work_dir: Path
    councils: int = 1
    months: int = 72
    seed: int = 1
    data_dir: Path | None = None  # an existing folder instead of generating
    rowwise_councils: int = 1
    rowwise_months: int = 12
    stages: tuple[str, ...] = STAGE_ORDER
    timeout_seconds: float = 4 * 3600
    reuse: bool = False  # measure the data already prepared in work_dir (by an earlier run) again


@dataclass
class StageResult:
    name: str
    seconds: float | None
    peak_mb: float | None
    detail: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    # The stage process's CPU time over the same work, every thread: seconds × the CPUs kept busy.
    cpu_seconds: float | None = None


@dataclass
class BenchReport:
    councils: int
    months: int
    rows: int
    first_month: str
    last_month: str
    prepare_seconds: float
    stages: dict[str, StageResult]
    machine: dict[str, Any]

    def seconds(self, stage: str) -> float | None:
        result = self.stages.get(stage)
        return result.seconds if result and not result.error else None

    def cpu_seconds(self, stage: str) -> float | None:
        result = self.stages.get(stage)
        return result.cpu_seconds if result and not result.error else None

    @property
    def ratios(self) -> dict[str, float | None]:
        """engine/scan; idiomatic pandas/engine and row-wise pandas/engine, like for like (the slice).

        `pandas_over_engine_slice_cpu` compares CPU time, not wall time: how much less work the engine
        does, apart from its using both CPUs where pandas mostly uses one."""
        scan, engine, engine_slice = (
            self.seconds("scan"),
            self.seconds("engine"),
            self.seconds("engine_slice"),
        )
        pandas = self.seconds("pandas")
        return {
            "engine_over_scan": _ratio(engine, scan),
            "pandas_over_engine_slice": _ratio(pandas, engine_slice),
            "pandas_over_engine_slice_cpu": _ratio(
                self.cpu_seconds("pandas"), self.cpu_seconds("engine_slice")
            ),
            "pandas_over_engine": _ratio(pandas, engine),
            "rowwise_over_engine_slice": _ratio(self.rowwise_extrapolated_seconds, engine_slice),
        }

    @property
    def rowwise_seconds_per_council_month(self) -> float | None:
        result = self.stages.get("rowwise")
        if not result or result.error or result.seconds is None:
            return None
        units = result.detail.get("councils", 0) * result.detail.get("months", 0)
        return result.seconds / units if units else None

    @property
    def rowwise_extrapolated_seconds(self) -> float | None:
        """An extrapolation, not a run: the subset's time × (all rows / the subset's rows) × (all months /
        the subset's months). Row-wise work grows with rows (every row) times months (every month end)."""
        result = self.stages.get("rowwise")
        if not result or result.error or result.seconds is None:
            return None
        subset_rows, all_rows = result.detail.get("subset_rows", 0), result.detail.get("all_rows", 0)
        months = result.detail.get("months", 0)
        if not subset_rows or not months:
            return None
        return float(result.seconds * (all_rows / subset_rows) * (self.months / months))

    @property
    def targets(self) -> dict[str, bool | None]:
        ratios = self.ratios
        engine = self.stages.get("engine")
        return {
            "engine_within_3x_scan": _at_most(ratios["engine_over_scan"], TARGET_ENGINE_OVER_SCAN),
            "engine_10x_faster_than_pandas": _at_least(
                ratios["pandas_over_engine_slice"], TARGET_PANDAS_OVER_ENGINE
            ),
            # A run that failed (e.g. out of memory under a cap) met no target.
            "engine_peak_within_4gb": _at_most(
                engine.peak_mb if engine and not engine.error else None, TARGET_PEAK_MB
            ),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "scale": {
                "councils": self.councils,
                "months": self.months,
                "rows": self.rows,
                "first_month": self.first_month,
                "last_month": self.last_month,
            },
            "prepare_seconds": self.prepare_seconds,
            "stages": {name: asdict(result) for name, result in self.stages.items()},
            "ratios": self.ratios,
            "rowwise_seconds_per_council_month": self.rowwise_seconds_per_council_month,
            "rowwise_extrapolated_seconds": self.rowwise_extrapolated_seconds,
            "targets": self.targets,
            "machine": self.machine,
        }


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def _at_least(value: float | None, limit: float) -> bool | None:
    return None if value is None else value >= limit


def run_bench(request: BenchRequest, say: Callable[[str], None] = lambda _: None) -> BenchReport:
    # Read before the bench does anything: at its end the 1-minute load average is mostly the bench's
    # own last stage, and says nothing about whether another job shared the machine.
    load_at_start = _load_average()
    request.work_dir.mkdir(parents=True, exist_ok=True)
    data_dir = request.data_dir
    options = [str(data_dir)]
    if data_dir is None:
        data_dir = request.work_dir / "data"
        options = [str(data_dir), str(request.councils), str(request.months), str(request.seed)]
    if request.reuse and (request.work_dir / data.DESCRIPTION).exists():
        say(f"Reusing the data prepared in {request.work_dir}")
        prepare_seconds = 0.0
    else:
        if request.data_dir is None:
            say(f"Generating {request.councils} council(s) × {request.months} months (seed {request.seed})")
        say("Loading and checking the data once (not measured)")
        preparing = run_stage("prepare", request.work_dir, options, request.timeout_seconds)
        if preparing.error:
            raise RuntimeError(f"preparing the bench data failed: {preparing.error}")
        prepare_seconds = preparing.seconds or 0.0
    prepared = data.load_prepared(request.work_dir)
    _warm_file_cache(prepared.database)
    stages: dict[str, StageResult] = {}
    for name in (s for s in STAGE_ORDER if s in request.stages):
        say(f"Measuring {name}")
        options = [str(request.rowwise_councils), str(request.rowwise_months)] if name == "rowwise" else []
        stages[name] = run_stage(name, request.work_dir, options, request.timeout_seconds)
    return BenchReport(
        prepared.councils,
        prepared.months,
        prepared.rows,
        prepared.first_month,
        prepared.last_month,
        prepare_seconds,
        stages,
        _machine(load_at_start),
    )


def run_stage(name: str, work_dir: Path, options: list[str], timeout_seconds: float) -> StageResult:
    """Run one stage in a fresh Python process; its own peak RSS comes from wait4's rusage."""
    out = work_dir / f"stage-{name}.json"
    out.unlink(missing_ok=True)
    log_path = work_dir / f"stage-{name}.log"
    command = [sys.executable, "-m", "csc_scorecard.bench.stages", name, str(work_dir), str(out), *options]
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout_seconds, process.kill)
        timer.start()
        try:
            exit_code, peak_mb = _wait_with_usage(process)
        finally:
            timer.cancel()
    if exit_code != 0 or not out.exists():
        lines = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        # The exception's own line says what went wrong; libraries often print advice after it.
        errors = [line for line in lines if "Error" in line or "Exception" in line]
        return StageResult(
            name,
            None,
            peak_mb,
            error=f"exit {exit_code}: " + (errors[-1] if errors else " | ".join(lines[-3:])),
        )
    figures = json.loads(out.read_text(encoding="utf-8"))
    own_peak = figures.pop("peak_rss_mb", None)
    cpu_seconds = figures.pop("cpu_seconds", None)
    return StageResult(
        name,
        float(figures.pop("seconds")),
        own_peak if own_peak is not None else peak_mb,
        figures,
        cpu_seconds=None if cpu_seconds is None else float(cpu_seconds),
    )


def _wait_with_usage(process: subprocess.Popen[bytes]) -> tuple[int, float | None]:
    if not hasattr(os, "wait4"):  # Windows: time only
        return process.wait(), None
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return process.returncode, usage.ru_maxrss / scale


def _warm_file_cache(path: Path) -> None:
    """Read the database file once so that no stage pays for the first read from disk."""
    with path.open("rb") as handle:
        while handle.read(16 * 1024 * 1024):
            pass


def _load_average() -> tuple[float, float, float] | None:
    """The 1-, 5- and 15-minute load averages; None where the system has none (Windows)."""
    return os.getloadavg() if hasattr(os, "getloadavg") else None


def _machine(load_at_start: tuple[float, float, float] | None) -> dict[str, Any]:
    import duckdb
    import ibis
    import pandas

    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "duckdb": duckdb.__version__,
        "ibis": ibis.__version__,
        "pandas": pandas.__version__,
        "load_average_at_start": load_at_start,
        "load_average_at_end": _load_average(),
    }
