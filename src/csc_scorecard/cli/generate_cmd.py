"""`csc-scorecard generate`: write synthetic councils' case-level data (see docs/synthetic-data.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from csc_scorecard.cli._app import app


@app.command()
def generate(
    out_dir: Path = typer.Argument(
        ..., help="Folder to write to (one sub-folder per council when --councils > 1)."
    ),
    seed: int = typer.Option(1, "--seed", help="Random seed: the same arguments give byte-identical files."),
    start: str = typer.Option("2017-04", "--start", help="First month of the window (YYYY-MM)."),
    end: str = typer.Option("2023-03", "--end", help="Last month of the window (YYYY-MM)."),
    councils: int = typer.Option(1, "--councils", min=1, help="How many councils: the profile's own first."),
    profile: str = typer.Option("reference", "--profile", help="reference, small_shire or large_city."),
    file_format: str = typer.Option("parquet", "--format", help="parquet or csv."),
    as_at: str | None = typer.Option(
        None,
        "--as-at",
        help="Extract date (YYYY-MM-DD): what the case system showed that day. "
        "Default: 7 days after the window ends.",
    ),
    workers: int = typer.Option(
        0, "--workers", min=0, help="Processes for several councils (0: one per CPU, at most 2)."
    ),
    faults: float = typer.Option(
        0.0,
        "--faults",
        min=0.0,
        max=0.3,
        help="Share of rows to corrupt, exercising every validation issue (faults.json).",
    ),
) -> None:
    """Generate synthetic councils: every table of the input contract, extract.json, council.toml and
    ground_truth.json (the change points and the control series), council by council.

    Example:

        csc-scorecard generate out/ --seed 7 --start 2017-04 --end 2023-03 --councils 3 --profile reference
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from csc_scorecard.errors import ScorecardError
    from csc_scorecard.synth.generate import Request
    from csc_scorecard.synth.generate import generate as run

    request = Request(out_dir, seed, start, end, councils, profile, file_format, as_at, faults, workers)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as progress:
        task = progress.add_task("Generating councils", total=councils)
        try:
            results = run(
                request,
                progress=lambda council: progress.update(
                    task, advance=1, description=f"Generated {council.code} {council.name}"
                ),
            )
        except ValueError as error:
            raise ScorecardError(str(error)) from error
    rows = sum(sum(r.rows.values()) for r in results)
    print(f"Wrote {len(results)} council(s), {rows:,} rows, to {out_dir}")
