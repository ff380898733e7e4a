"""`csc-scorecard bench` end to end on a tiny extract: it runs, prints the table and writes the JSON.

Only the shape of the output is checked here: timings belong in the bench's output, never in tests.
"""

from __future__ import annotations

import json
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
