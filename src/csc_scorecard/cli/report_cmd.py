"""`csc-scorecard report`: the scorecard as HTML, PDF and Excel, and the tidy results as CSV and Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from csc_scorecard.cli._app import app

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK, EXIT_USAGE = 0, 2


@app.command()
def report(
    data: Annotated[Path, typer.Argument(help="The council's folder of table files, or a DuckDB file.")],
    config: Annotated[Path, typer.Option("--config", help="Council configuration (TOML).")],
    period: Annotated[str, typer.Option("--period", help="The reporting month, e.g. 2023-01.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the report to.")],
    commentary: Annotated[
        Path | None,
        typer.Option("--commentary", help="Commentary: a folder of section files (FD.md ...) or an .xlsx."),
    ] = None,
    public: Annotated[
        bool, typer.Option("--public", help="Public edition: small numbers suppressed (shown as c).")
    ] = False,
    months: Annotated[int, typer.Option("--months", min=13, help="Months of history to compute.")] = 24,
    results: Annotated[
        Path | None,
        typer.Option("--results", help="Use results already computed (Parquet from `compute`) instead."),
    ] = None,
) -> None:
    """Make the month's scorecard from a council's case-level data.

    Writes scorecard.html (one accessible, self-contained file), scorecard.pdf (printed from the HTML
    by Chromium, Chrome or Edge when one is installed), scorecard.xlsx, results.csv and
    results.parquet to OUT. With --public, counts of 1 to 5, and percentages and rates built on them,
    are shown as "c" in every output, with secondary suppression so none can be worked out.

    Example:

    \b
        csc-scorecard report data/357 --config council.toml --period 2023-01 --out report/
        csc-scorecard report data/357 --config council.toml --period 2023-01 \\
            --commentary commentary.xlsx --public --out public/
        csc-scorecard report data/357 --config council.toml --period 2023-01 \\
            --results results.parquet --out report/
    """
    import time

    from rich.console import Console

    console = Console(highlight=False, stderr=True)
    started = time.perf_counter()
    try:
        outcome = _make_report(data, config, period, out, commentary, public, months, results, console)
    except ValueError as error:
        console.print(f"Error: {error}")
        raise typer.Exit(EXIT_USAGE) from None
    for path in outcome.written:
        console.print(f"Wrote {path}")
    for message in outcome.messages:
        console.print(f"Note: {message}")
    console.print(f"Done in {time.perf_counter() - started:.1f} s.")


def _make_report(
    data: Path,
    config: Path,
    period: str,
    out: Path,
    commentary: Path | None,
    public: bool,
    months: int,
    results_file: Path | None,
    console: Console,
) -> Any:
    import pyarrow.parquet as pq

    from csc_scorecard.config import load_config
    from csc_scorecard.engine.results import RESULTS_SCHEMA, Results
    from csc_scorecard.pipeline import Computed, catalogue_for, compute_for, load_for, report_for

    council_config = load_config(config)
    with console.status("Reading, checking and computing...") as status:
        if results_file is None:
            computed = compute_for(
                council_config, data, period, months=months, progress=lambda s: status.update(s[:70])
            )
        else:
            from csc_scorecard.engine.settings import from_config

            catalogue, notes = catalogue_for(council_config)
            computed = Computed(
                council_config,
                catalogue,
                from_config(council_config, period, months=months),
                load_for(council_config, data),
                Results(pq.read_table(results_file, schema=RESULTS_SCHEMA)),
                notes,
            )
        return report_for(
            computed,
            period,
            out,
            commentary=commentary,
            public=public,
            progress=lambda s: status.update(s[:70]),
        )
