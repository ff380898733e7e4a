"""`csc-scorecard bench`: time and peak memory of the engine against a column scan and pandas baselines."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from csc_scorecard.cli._app import app

STAGES = "scan,engine,engine_slice,pandas,rowwise"


@app.command()
def bench(
    councils: Annotated[int, typer.Option("--councils", min=1, help="Synthetic councils to generate.")] = 1,
    months: Annotated[int, typer.Option("--months", min=12, help="Months of data, ending March 2023.")] = 72,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the synthetic data.")] = 1,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Use this folder (of council folders) instead of generating."),
    ] = None,
    work: Annotated[
        Path | None,
        typer.Option("--work", help="Keep the generated data and database here (default: deleted)."),
    ] = None,
    stages: Annotated[
        str, typer.Option("--stages", help=f"Stages to run, comma-separated: {STAGES}.")
    ] = STAGES,
    rowwise_councils: Annotated[
        int, typer.Option("--rowwise-councils", min=1, help="Councils the row-wise pandas baseline runs on.")
    ] = 1,
    rowwise_months: Annotated[
        int, typer.Option("--rowwise-months", min=1, help="Months the row-wise pandas baseline reports.")
    ] = 12,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON here.")
    ] = None,
    reuse: Annotated[
        bool,
        typer.Option(
            "--reuse", help="Measure again the data an earlier run prepared in --work (no loading)."
        ),
    ] = False,
) -> None:
    """Measure the engine on synthetic data: wall time and peak memory of the full compute on DuckDB, the
    time DuckDB takes to read every input column once (the practical lower bound), and two pandas
    baselines of the first-slice indicators (vectorised, and row-wise with apply). Each stage runs in
    its own process on the same loaded data. Prints the stages, the ratios engine/scan,
    pandas/engine and row-wise/engine, and whether the targets are met.

    Example:

    \b
        csc-scorecard bench --councils 1 --months 72
        csc-scorecard bench --councils 150 --months 72 --stages scan,engine,engine_slice,pandas --json bench.json
        csc-scorecard bench --data out/ --json bench.json
        csc-scorecard bench --work /tmp/b --reuse --stages engine
    """
    import json

    from rich.console import Console

    from csc_scorecard.bench.report import render
    from csc_scorecard.bench.runner import STAGE_ORDER, BenchRequest, run_bench

    console = Console(highlight=False)
    chosen = tuple(s.strip() for s in stages.split(",") if s.strip())
    unknown = [s for s in chosen if s not in STAGE_ORDER]
    if unknown:
        console.print(f"Error: unknown stage(s) {', '.join(unknown)}; choose from {', '.join(STAGE_ORDER)}.")
        raise typer.Exit(2)
    work_dir = work or Path(tempfile.mkdtemp(prefix="csc-bench-"))
    request = BenchRequest(
        work_dir,
        councils=councils,
        months=months,
        seed=seed,
        data_dir=data,
        rowwise_councils=rowwise_councils,
        rowwise_months=rowwise_months,
        stages=chosen,
        reuse=reuse,
    )
    try:
        report = run_bench(request, say=lambda line: console.print(f"[dim]{line}[/dim]"))
    finally:
        if work is None:
            shutil.rmtree(work_dir, ignore_errors=True)
    console.print(render(report))
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report.to_json(), indent=2), encoding="utf-8")
        console.print(f"Wrote {json_path}")
