"""The command line as a person meets it: help for every command, plain errors, instant start."""

from __future__ import annotations

import subprocess
import sys

import typer.main
from typer.testing import CliRunner

from csc_scorecard.cli import app


def _commands(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    # typer >= 0.20 vendors click, so groups are recognised by having sub-commands.
    found: list[tuple[str, ...]] = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        if getattr(command, "commands", None):
            found += _commands(command, path)
        else:
            found.append(path)
    return found


def test_every_command_help_ends_with_an_example():
    root = typer.main.get_command(app)
    commands = _commands(root)
    assert ("version",) in commands
    runner = CliRunner()
    for path in commands:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        # The example may close the description or follow the options (as an epilog).
        assert "Example:" in result.output, f"`csc-scorecard {' '.join(path)} --help` has no Example: block"
        example = result.output.split("Example:", 1)[1]
        assert "csc-scorecard " in example, f"`csc-scorecard {' '.join(path)} --help` shows no command line"


def test_help_does_not_import_the_heavy_libraries():
    # `--help` must be instant on a council laptop: ibis, duckdb, pandas and pyarrow load only when a
    # command runs.
    code = (
        "import sys\n"
        "from csc_scorecard.cli import app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "heavy = [m for m in ('ibis', 'duckdb', 'pandas', 'pyarrow', 'numpy') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_version_command():
    result = CliRunner().invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.output.startswith("csc-scorecard ")
