"""`csc-scorecard compute` end to end: files in, a tidy Parquet file out."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from engine_helpers import cin_council_folder
from typer.testing import CliRunner

from csc_scorecard.cli import app

CONFIG = '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n[roles]\nallocated_social_worker = ["SW"]\n'


def test_compute_writes_tidy_results(tmp_path):
    config = tmp_path / "council.toml"
    config.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "out" / "results.parquet"
    result = CliRunner().invoke(
        app,
        [
            "compute",
            str(cin_council_folder(tmp_path)),
            "--config",
            str(config),
            "--period",
            "2023-01",
            "--months",
            "2",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out).to_pylist()
    by_ref = {(r["ref"], str(r["period_end"])): r for r in rows if r["breakdown_value"] == "all"}
    # CIN1 January: R1 = 1
    assert by_ref[("CIN1", "2023-01-31")]["value"] == 1
    # WF1 at 31 Jan: C1 and C3 = 2 (C2 closed 10 Jan)
    assert by_ref[("WF1", "2023-01-31")]["value"] == 2
    # CIN2: Feb 2022 - Jan 2023 = R1, R2, R3 = 3 referrals over Tameside's mid-2022 population
    assert by_ref[("CIN2", "2023-01-31")]["numerator"] == 3
    assert by_ref[("CF1", "2023-01-31")]["status"] == "not_available"
    assert {r["council"] for r in rows} == {"357"}


def test_help_ends_with_an_example():
    result = CliRunner().invoke(app, ["compute", "--help"])
    assert result.exit_code == 0
    before_options = result.output.split("Options:")[0]
    lines = [line.strip() for line in before_options.splitlines() if line.strip()]
    example = lines.index("Example:")
    assert lines[example + 1].startswith("csc-scorecard compute data/357")


def _compute_args(tmp_path: Path, *extra: str) -> list[str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "council.toml"
    config.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "out" / "results.parquet"
    return ["compute", str(cin_council_folder(tmp_path)), "--config", str(config), "--period", "2023-01",
            "--months", "1", "--out", str(out), *extra]  # fmt: skip


def test_memory_limit_caps_duckdb_and_the_results_are_the_same(tmp_path):
    from csc_scorecard.ingest import LoadSettings, load_dataset

    (tmp_path / "a").mkdir()
    dataset = load_dataset(cin_council_folder(tmp_path / "a"), LoadSettings(memory_limit="1GB"))
    # DuckDB reports 1 GB (10^9 bytes) in binary units.
    assert dataset.backend.raw_sql("SELECT current_setting('memory_limit')").fetchone()[0] == "953.6 MiB"
    result = CliRunner().invoke(app, _compute_args(tmp_path / "b", "--memory-limit", "1GB"))
    assert result.exit_code == 0, result.output
    rows = pq.read_table(tmp_path / "b" / "out" / "results.parquet").to_pylist()
    # CIN1 January: R1 = 1, as without a limit
    assert [r["value"] for r in rows if r["ref"] == "CIN1" and r["breakdown_value"] == "all"] == [1]


def test_a_memory_limit_that_is_not_a_size_is_a_plain_error(tmp_path):
    result = CliRunner().invoke(app, _compute_args(tmp_path, "--memory-limit", "lots"))
    assert result.exit_code == 2
    words = " ".join(result.output.split())  # the console wraps long lines
    assert "Error: memory limit 'lots' is not a size: write it like 3GB or 500MB" in words
