"""`csc-scorecard demo`: a synthetic council end to end, in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csc_scorecard.cli._app import app


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the data, results and page.")] = Path(
        "demo-out"
    ),
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the synthetic council.")] = 1,
    period: Annotated[str, typer.Option("--period", help="The reporting month.")] = "2023-01",
    months: Annotated[int, typer.Option("--months", min=1, help="Months of results.")] = 36,
) -> None:
    """Generate a synthetic council and build its scorecard, end to end.

    Writes OUT/data (the synthetic council's tables, extract.json and council.toml) and the scorecard
    for the reporting month: OUT/scorecard.html, OUT/scorecard.pdf (when Chromium, Chrome or Edge is
    installed), OUT/scorecard.xlsx, and the tidy results OUT/results.csv and OUT/results.parquet.
    Nothing real is read, and nothing is sent anywhere.

    Example:

    \b
        csc-scorecard demo --out demo-out
    """
    from rich.console import Console

    from csc_scorecard.demo import DemoRequest, run_demo

    console = Console(highlight=False)
    with console.status("Building the demo scorecard...") as status:
        outputs = run_demo(
            DemoRequest(out_dir=out, seed=seed, period=period, months=months),
            progress=lambda step: status.update(f"Demo: {step[:70]}"),
        )
    statuses = ", ".join(f"{n:,} {s}" for s, n in outputs.statuses.items())
    console.print(f"Synthetic council data: {outputs.data_dir}")
    for path in outputs.files:
        console.print(f"Wrote {path}")
    for message in outputs.messages:
        console.print(f"Note: {message}")
    console.print(f"{outputs.rows:,} results ({statuses}).")
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in outputs.timings.items())
    console.print(f"Done in {outputs.total_seconds:.1f} s ({stages}).")
