"""`csc-scorecard compute`: every indicator, every council, every month, into one tidy results file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csc_scorecard.cli._app import app

EXIT_OK, EXIT_USAGE = 0, 2


@app.command()
def compute(
    data: Annotated[
        Path, typer.Argument(help="Folder of table files (or of council folders), or a DuckDB file.")
    ],
    config: Annotated[Path, typer.Option("--config", help="Council configuration (TOML).")],
    period: Annotated[str, typer.Option("--period", help="The reporting month, e.g. 2023-01.")],
    out: Annotated[
        Path, typer.Option("--out", help="Where to write the results (Parquet, or CSV if it ends .csv).")
    ],
    months: Annotated[
        int, typer.Option("--months", min=1, help="Months of results ending with --period.")
    ] = 36,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="Query engine: duckdb, or spark (needs pip install 'csc-scorecard[spark]' and Java 17).",
        ),
    ] = "duckdb",
    memory_limit: Annotated[
        str | None,
        typer.Option(
            "--memory-limit",
            help="Cap DuckDB's memory, e.g. 3GB (default: 80% of the machine's); it spills to disk beyond it.",
        ),
    ] = None,
) -> None:
    """Compute the scorecard's indicators from a council's case-level data.

    Writes one row per council, indicator, month and breakdown: value, numerator, denominator and a
    status (ok, not_available, not_yet_available, incomplete_history or caveat) with a note that says
    why. Nothing is ever shown as zero when it could not be computed. DATA may be one council's folder
    or a folder of council folders, computed in one pass.

    Example:

    \b
        csc-scorecard compute data/357 --config council.toml --period 2023-01 --out results.parquet
        csc-scorecard compute data/all --config council.toml --period 2023-01 --months 72 --out all.parquet
        csc-scorecard compute data/all --config council.toml --period 2023-01 --engine spark --out all.parquet
        csc-scorecard compute data/all --config council.toml --period 2023-01 --memory-limit 3GB --out all.parquet
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from csc_scorecard.catalogue.load import load_catalogue
    from csc_scorecard.catalogue.overlay import apply_overlay
    from csc_scorecard.config import load_config
    from csc_scorecard.engine.batches import council_batches
    from csc_scorecard.engine.compute import compute as compute_results
    from csc_scorecard.engine.compute import query_count
    from csc_scorecard.engine.settings import from_config
    from csc_scorecard.ingest import load_dataset
    from csc_scorecard.pipeline import load_settings_for

    console = Console(highlight=False, stderr=True)
    if engine not in ("duckdb", "spark"):
        console.print(f"Error: --engine {engine} is not an engine; use --engine duckdb or --engine spark.")
        raise typer.Exit(EXIT_USAGE)
    if engine == "spark":
        import importlib.util
        import shutil

        if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
            console.print(
                "Error: --engine spark needs PySpark and Java 17: pip install 'csc-scorecard[spark]' "
                "and install Java 17 (e.g. apt-get install openjdk-17-jre-headless)."
            )
            raise typer.Exit(EXIT_USAGE)
    council_config = load_config(config)
    catalogue = load_catalogue()
    # The catalogue is still growing (issue 4 ships its first slice): a configured ref it does not
    # have yet is reported, not fatal.
    for problem in council_config.check_against(set(catalogue.refs), {k.value for k in _kinds()}):
        console.print(f"Note: {problem}")
    overlay = council_config.indicators
    catalogue = apply_overlay(catalogue, overlay.include, overlay.exclude, overlay.order)
    try:
        settings = from_config(council_config, period, months=months, engine=engine)
    except ValueError as error:
        console.print(f"Error: {error}")
        raise typer.Exit(EXIT_USAGE) from None
    try:
        load_settings = load_settings_for(council_config, memory_limit=memory_limit)
    except ValueError as error:
        console.print(f"Error: {error}")
        raise typer.Exit(EXIT_USAGE) from None
    with console.status("Reading and checking the data..."):
        dataset = load_dataset(data, load_settings)
    # One step per query and batch of councils, and one for statuses and values per batch (engine.batches).
    batches = len(council_batches(dataset, settings.batch_rows)) if engine == "duckdb" else 1
    steps = (query_count(catalogue) + 1) * batches
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("Computing", total=steps)

        def advance(step: str) -> None:
            progress.update(task, advance=1, description=f"Computing {step[:60]}")

        results = compute_results(dataset, catalogue, settings, progress=advance)
        progress.update(task, completed=steps, description="Computed")
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        results.to_pandas().to_csv(out, index=False)
    else:
        results.write_parquet(out)
    frame = results.to_pandas()
    counts = frame.status.value_counts().to_dict()
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    console.print(
        f"Wrote {len(results)} rows ({len(catalogue.indicators)} indicators, {len(dataset.councils)} "
        f"council(s), {months} months) to {out}: {summary}."
    )


def _kinds() -> list:
    from csc_scorecard.catalogue.model import Kind

    return list(Kind)
