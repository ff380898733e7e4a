"""The Typer application every command module registers on. Keep imports here light: `--help` must be instant."""

from __future__ import annotations

import typer

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
