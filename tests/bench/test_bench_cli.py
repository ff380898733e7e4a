"""`csc-scorecard bench` end to end on a tiny extract: it runs, prints the table and writes the JSON.

Only the shape of the output is checked here: timings belong in the bench's output, never in tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csc_scorecard.bench.stages import SCAN_PASSES
from csc_scorecard.cli import app


def test_help_ends_with_an_example():
    result = CliRunner().invoke(app, ["bench", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "csc-scorecard bench --councils 1 --months 72" in result.output


@pytest.mark.slow  # generates, loads and runs five stages in subprocesses (about 20 s)
def test_bench_runs_each_stage_and_writes_json(tmp_path: Path):
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "--councils", "1",
            "--months", "12",
            "--stages", "scan,engine,engine_slice,pandas,rowwise",
            "--rowwise-months", "2",
            "--work", str(tmp_path / "work"),
            "--json", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["scale"]["councils"] == 1
    assert figures["scale"]["months"] == 12
    for stage in ("scan", "engine", "engine_slice", "pandas", "rowwise"):
        assert figures["stages"][stage]["error"] == "", figures["stages"][stage]
        assert figures["stages"][stage]["seconds"] > 0
        assert figures["stages"][stage]["cpu_seconds"] > 0
    assert figures["stages"]["scan"]["detail"]["by_child_tables"] > 0
    assert figures["stages"]["scan"]["detail"]["by_child_seconds"] > 0
    # The scan's figure is its median pass, so that one slow or fast pass does not move it.
    scan = figures["stages"]["scan"]
    passes = scan["detail"]["pass_seconds"]
    assert len(passes) == SCAN_PASSES == 3
    assert scan["seconds"] == sorted(passes)[1]
    assert set(figures["ratios"]) >= {
        "engine_over_scan",
        "pandas_over_engine_slice",
        "rowwise_over_engine_slice",
        "pandas_over_engine_slice_cpu",
    }
    assert "engine / scan" in result.output
    assert "CPU seconds" in result.output
    # The load average is read before the bench runs anything and again at its end: only the first
    # says whether other work shared the machine.
    machine = figures["machine"]
    assert "load_average" not in machine
    if hasattr(os, "getloadavg"):
        assert len(machine["load_average_at_start"]) == 3
        assert len(machine["load_average_at_end"]) == 3
        assert "Load average when the bench started" in result.output

    # Measuring again on the same prepared data: no generating or loading.
    again = CliRunner().invoke(
        app, ["bench", "--work", str(tmp_path / "work"), "--reuse", "--stages", "scan", "--json", str(out)]
    )
    assert again.exit_code == 0, again.output
    assert "Reusing the data prepared" in again.output
    assert json.loads(out.read_text(encoding="utf-8"))["stages"]["scan"]["error"] == ""


def test_unknown_stage_is_a_usage_error(tmp_path: Path):
    result = CliRunner().invoke(app, ["bench", "--stages", "scan,gpu", "--work", str(tmp_path)])
    assert result.exit_code == 2
    assert "gpu" in result.output


def test_load_average_at_start_is_read_before_any_stage_runs(tmp_path: Path, monkeypatch):
    # Each reading and each stage is logged in the order it happens; the stages themselves are not run.
    from types import SimpleNamespace

    from csc_scorecard.bench import runner

    events: list[str] = []

    def reading() -> tuple[float, float, float]:
        events.append("load")
        return (float(len(events)), 0.0, 0.0)

    def stage(name: str, *_args: object) -> runner.StageResult:
        events.append(name)
        return runner.StageResult(name, 1.0, 100.0)

    prepared = SimpleNamespace(
        councils=1, months=12, rows=10, first_month="2022-04", last_month="2023-03", database=None
    )
    monkeypatch.setattr(runner, "_load_average", reading)
    monkeypatch.setattr(runner, "run_stage", stage)
    monkeypatch.setattr(runner, "_warm_file_cache", lambda _database: None)
    monkeypatch.setattr(runner.data, "load_prepared", lambda _work: prepared)
    (tmp_path / runner.data.DESCRIPTION).write_text("{}", encoding="utf-8")

    report = runner.run_bench(runner.BenchRequest(tmp_path, reuse=True, stages=("scan", "engine")))

    assert events == ["load", "scan", "engine", "load"]
    assert report.machine["load_average_at_start"] == (1.0, 0.0, 0.0)
    assert report.machine["load_average_at_end"] == (4.0, 0.0, 0.0)
