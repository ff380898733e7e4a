"""`csc-scorecard generate` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from csc_scorecard.cli import app


def test_generate_writes_councils_one_folder_each(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "generate",
            str(tmp_path),
            "--seed",
            "3",
            "--start",
            "2022-10",
            "--end",
            "2023-03",
            "--councils",
            "2",
            "--profile",
            "small_shire",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["201", "857"]
    extract = json.loads((tmp_path / "857" / "extract.json").read_text(encoding="utf-8"))
    assert extract["council"] == "857" and extract["profile"] == "small_shire" and extract["seed"] == 3
    assert extract["extract_date"] == "2023-04-07"
    assert (tmp_path / "857" / "ssd_contacts.csv").exists() and (tmp_path / "857" / "council.toml").exists()


def test_unknown_profile_is_a_plain_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", str(tmp_path), "--profile", "nowhere"])
    assert result.exit_code != 0
    assert "unknown profile" in str(result.exception) + result.output


def test_help_ends_with_an_example() -> None:
    result = CliRunner().invoke(app, ["generate", "--help"])
    assert "Example:" in result.output
