"""`csc-scorecard init` and `csc-scorecard config check` through the CLI: output and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from config_helpers import HOME
from typer.testing import CliRunner

import csc_scorecard.cli  # noqa: F401  (importing it registers every command on the app)
from csc_scorecard.cli._app import app
from csc_scorecard.config import EXAMPLE_CONFIG_PATH

runner = CliRunner()


def test_init_writes_the_commented_example_and_it_checks_clean(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "council"
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    written = folder / "council.toml"
    assert written.read_text(encoding="utf-8") == EXAMPLE_CONFIG_PATH.read_text(encoding="utf-8")
    check = runner.invoke(app, ["config", "check", str(written)])
    assert check.exit_code == 0, check.output
    assert check.output == (
        f"{written} is valid: council 357 Tameside, 31 targets, 3 value maps, 1 comparator group, "
        "0 local indicators\n"
    )


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    existing = tmp_path / "council.toml"
    existing.write_text(HOME, encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{existing} already exists. Add --force to replace it." in result.output
    assert existing.read_text(encoding="utf-8") == HOME
    forced = runner.invoke(app, ["init", str(tmp_path), "--force"])
    assert forced.exit_code == 0
    assert existing.read_text(encoding="utf-8") == EXAMPLE_CONFIG_PATH.read_text(encoding="utf-8")


def test_check_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "council.toml"
    path.write_text(HOME + '[report]\ntitel = "x"\n[targets.CIN8]\n"2022-23" = "eighty"\n', encoding="utf-8")
    result = runner.invoke(app, ["config", "check", str(path)])
    assert result.exit_code == 1
    assert result.output == (
        f"{path} has 2 problems:\n"
        f'  {path} line 6, report.titel: unknown setting "titel"; did you mean "title"?\n'
        f'  {path} line 8, targets.CIN8."2022-23": expected a number, a [low, high] range, a bound such as "<7" '
        'or {band = [low, high]}; found "eighty"\n'
    )
    assert "Traceback" not in result.output


def test_check_of_a_toml_syntax_error_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "council.toml"
    path.write_text("[council\n", encoding="utf-8")
    result = runner.invoke(app, ["config", "check", str(path)])
    assert result.exit_code == 1
    assert "is not valid TOML" in result.output and "(at line 1, column 9)" in result.output


def test_check_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["config", "check", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2
    assert "nope.toml does not exist" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "command, examples",
    [
        (["init"], ["csc-scorecard init my-council", "csc-scorecard config check my-council/council.toml"]),
        (["config"], ["csc-scorecard config check council.toml"]),
        (["config", "check"], ["csc-scorecard config check council.toml"]),
    ],
)
def test_help_ends_with_an_example(command: list[str], examples: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    # The command's own text ends before click's "Arguments:"/"Options:" lists.
    description = result.output.split("\nArguments:")[0].split("\nOptions:")[0]
    lines = [line.strip() for line in description.strip().splitlines()]
    assert lines[-len(examples) - 2 :] == ["Example:", "", *examples]
