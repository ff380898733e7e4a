"""`csc-scorecard init` and `csc-scorecard config check`: start and check a council configuration."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from csc_scorecard.cli._app import app

if TYPE_CHECKING:
    from csc_scorecard.config import CouncilConfig

config_app = typer.Typer(
    name="config",
    help=(
        "Check a council configuration file (council.toml).\n\n"
        "Example:\n\n\b\n    csc-scorecard config check council.toml"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(config_app, name="config")


@app.command()
def init(
    folder: Path = typer.Argument(
        ..., metavar="FOLDER", help="Folder to write council.toml into (created if missing)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing council.toml."),
) -> None:
    """Write a commented example configuration, FOLDER/council.toml, to fill in for your council.

    The example is filled in for Tameside (targets from its January 2023 scorecard); change each
    section for your council, then check it with `csc-scorecard config check`.

    Example:

    \b
        csc-scorecard init my-council
        csc-scorecard config check my-council/council.toml
    """
    from csc_scorecard.config import EXAMPLE_CONFIG_PATH

    target = folder / "council.toml"
    if target.exists() and not force:
        typer.echo(f"Error: {target} already exists. Add --force to replace it.", err=True)
        raise typer.Exit(1)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(EXAMPLE_CONFIG_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    except OSError as error:
        typer.echo(f"Error: cannot write {target}: {error.strerror or error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Wrote {target}. Fill it in for your council, then run: csc-scorecard config check {target}")


@config_app.command("check")
def check(
    file: Path = typer.Argument(..., metavar="FILE", help="The council configuration file (council.toml)."),
) -> None:
    """Check a council configuration and list every problem with its line.

    Exit status: 0 valid, 1 invalid, 2 missing or unreadable.

    Example:

    \b
        csc-scorecard config check council.toml
    """
    from csc_scorecard.config import ConfigFileError, load_config
    from csc_scorecard.errors import ConfigError

    try:
        config = load_config(file)
    except ConfigFileError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(2) from None
    except ConfigError as error:
        typer.echo(f"{error}:" if error.issues else f"{error}")
        for issue in error.issues:
            typer.echo(f"  {issue}")
        raise typer.Exit(1) from None
    typer.echo(f"{file} is valid: {summary(config)}")


def summary(config: CouncilConfig) -> str:
    """'council 357 Tameside, 31 targets, 3 value maps, 1 comparator group, 0 local indicators'."""
    value_maps = sum(len(columns) for columns in config.value_maps.values())
    groups = len(config.comparator_groups)
    local = len(config.indicators.local)
    return (
        f"council {config.council.dfe_code} {config.council.name}, "
        f"{_count(config.targets.count, 'target')}, {_count(value_maps, 'value map')}, "
        f"{_count(groups, 'comparator group')}, {_count(local, 'local indicator')}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
