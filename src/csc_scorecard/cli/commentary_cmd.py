"""`csc-scorecard commentary init`: section files and a sheet, pre-filled with the drafted narrative."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csc_scorecard.cli._app import app

EXIT_USAGE = 2

commentary_app = typer.Typer(
    name="commentary",
    help=(
        "Collect managers' commentary for the month's scorecard.\n\nExample:\n\n"
        "    csc-scorecard commentary init data/357 --config council.toml --period 2023-01"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(commentary_app, name="commentary")


@commentary_app.command("init")
def init(
    data: Annotated[Path, typer.Argument(help="The council's folder of table files, or a DuckDB file.")],
    config: Annotated[Path, typer.Option("--config", help="Council configuration (TOML).")],
    period: Annotated[str, typer.Option("--period", help="The reporting month, e.g. 2023-01.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write to (default: commentary/PERIOD).")
    ] = None,
    months: Annotated[int, typer.Option("--months", min=13, help="Months of history to compute.")] = 24,
    force: Annotated[bool, typer.Option("--force", help="Replace commentary files already in OUT.")] = False,
) -> None:
    """Write the month's commentary files, pre-filled with the drafted narrative.

    Writes OUT/FD.md ... OUT/WF.md (one per section: a front-matter block with the section, refs,
    public: false, author and the figures it is written against; the facts to explain; and the
    draft to edit) and OUT/commentary.xlsx (one row per section and per indicator, for managers to
    fill in). Give either back to `report --commentary` or `run --commentary`; a paragraph whose
    figures have changed since is marked "figures revised since this commentary was written".

    Example:

    \b
        csc-scorecard commentary init data/357 --config council.toml --period 2023-01
        csc-scorecard report data/357 --config council.toml --period 2023-01 \\
            --commentary commentary/2023-01 --out report/
    """
    from rich.console import Console

    from csc_scorecard.errors import ScorecardError

    console = Console(highlight=False, stderr=True)
    folder = out or Path("commentary") / period
    existing = [folder / f"{code}.md" for code in ("FD", "EH", "CIN", "CF", "SG", "WF")]
    if not force and any(path.exists() for path in existing):
        console.print(f"Error: {folder} already holds commentary files; use --force to replace them.")
        raise typer.Exit(EXIT_USAGE)
    try:
        written = _init(data, config, period, months, folder, console)
    except ScorecardError as error:
        console.print(f"Error: {error}")
        raise typer.Exit(EXIT_USAGE) from None
    except ValueError as error:
        console.print(f"Error: {error}")
        raise typer.Exit(EXIT_USAGE) from None
    for path in written:
        console.print(f"Wrote {path}")


def _init(
    data: Path, config_path: Path, period: str, months: int, out: Path, console: object
) -> tuple[Path, ...]:
    from csc_scorecard.commentary import init_commentary
    from csc_scorecard.config import load_config
    from csc_scorecard.narrative import draft_from_facts, ref_facts
    from csc_scorecard.pipeline import assess_for, compute_for

    config = load_config(config_path)
    computed = compute_for(config, data, period, months=months)
    compared = assess_for(computed)
    facts = ref_facts(
        compared.table,
        catalogue=computed.catalogue,
        period=period,
        council=config.council.dfe_code,
        comparators=compared.comparators,
        display_names=dict(config.indicators.rename),
    )
    titles = config.report.sections
    return init_commentary(
        facts,
        draft_from_facts(facts),
        period=period,
        section_titles={code: getattr(titles, code) for code in ("FD", "EH", "CIN", "CF", "SG", "WF")},
        out=out,
        report_title=config.report.title,
    )
