"""`csc-scorecard report` end to end on precomputed results (the hand-made table), and its help."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from render_fixtures import CONFIG_TOML, results_rows
from typer.testing import CliRunner

from csc_scorecard.cli import app
from csc_scorecard.engine.results import RESULTS_SCHEMA
from csc_scorecard.render import pdf

runner = CliRunner()
OUTPUTS = {"scorecard.html", "scorecard.xlsx", "results.csv", "results.parquet"}
PERSON_ID = re.compile(r"SYN-P-\d+")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    config = folder / "council.toml"
    config.write_text(CONFIG_TOML, encoding="utf-8")
    results = folder / "results.parquet"
    pq.write_table(pa.Table.from_pylist(results_rows(), schema=RESULTS_SCHEMA), results)
    data = folder / "data"
    data.mkdir()
    (data / "ssd_person.csv").write_text("pers_person_id,pers_sex\nSYN-P-357-1,M\n", encoding="utf-8")
    return data, config, results


def test_help_ends_with_an_example() -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "csc-scorecard report data/357" in result.output


def _run(inputs: tuple[Path, Path, Path], out: Path, *extra: str) -> str:
    data, config, results = inputs
    result = runner.invoke(
        app,
        [
            "report",
            str(data),
            "--config",
            str(config),
            "--period",
            "2023-01",
            "--results",
            str(results),
            "--out",
            str(out),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_writes_every_output_and_no_person_identifiers(
    inputs: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_browser", lambda: None)
    output = _run(inputs, tmp_path)
    assert {p.name for p in tmp_path.iterdir()} >= OUTPUTS
    assert "Save as PDF" in output  # no browser: told how to print, exit code 0
    for name in ("scorecard.html", "results.csv"):
        assert not PERSON_ID.search((tmp_path / name).read_text(encoding="utf-8"))


def test_public_mode_reaches_the_tidy_outputs(
    inputs: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_browser", lambda: None)
    _run(inputs, tmp_path, "--public")
    frame = pq.read_table(tmp_path / "results.parquet").to_pandas()
    counts = frame[(frame.unit == "count") & ~frame.suppressed]
    assert not ((counts.value >= 1) & (counts.value <= 5)).any()
    assert frame.suppressed.any() and frame.loc[frame.suppressed, "value"].isna().all()
    html = (tmp_path / "scorecard.html").read_text(encoding="utf-8")
    assert "Public edition" in html and "Team <script>" not in html and "Head of MASH" not in html


def test_a_locked_output_gives_a_plain_message(
    inputs: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    data, config, results = inputs
    (tmp_path / "scorecard.xlsx").mkdir()  # a folder where the workbook goes cannot be written over
    monkeypatch.setenv("PATH", "")
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "csc_scorecard",
            "report",
            str(data),
            "--config",
            str(config),
            "--period",
            "2023-01",
            "--results",
            str(results),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert "Close it" in completed.stderr or "close it" in completed.stderr
