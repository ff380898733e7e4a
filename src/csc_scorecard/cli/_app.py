"""The Typer application every command module registers on. Keep imports here light: `--help` must be instant."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="csc-scorecard",
    help=(
        "Build a council's monthly children's services Performance and Quality Assurance Scorecard "
        "from its case-level data.\n\nExample:\n\n    csc-scorecard validate data/ --config council.toml"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root() -> None:
    # A callback keeps the app a group of commands even while only one is registered.
    pass


@contextmanager
def unusable_input_exits(console: Console, exit_code: int = 2) -> Iterator[None]:
    """A problem with the input or the command line as a plain message (and the issues it lists) and
    an exit code, never a traceback."""
    from csc_scorecard.errors import ScorecardError

    try:
        yield
    except ScorecardError as error:
        console.print(f"Error: {error}")
        for line in getattr(error, "issues", ()):
            console.print(f"  {line}")
        raise typer.Exit(exit_code) from None
    except (ValueError, ImportError) as error:
        console.print(f"Error: {error}")
        raise typer.Exit(exit_code) from None
