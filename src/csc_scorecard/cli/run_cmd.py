"""`csc-scorecard run`: the scheduled monthly command: validate, compute, compare, store, report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csc_scorecard.cli._app import app, unusable_input_exits

if TYPE_CHECKING:
    from rich.console import Console

    from csc_scorecard.pipeline import Computed

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


@app.command()
def run(
    data: Annotated[Path, typer.Argument(help="The council's folder of table files, or a DuckDB file.")],
    config: Annotated[Path, typer.Option("--config", help="Council configuration (TOML).")],
    period: Annotated[str, typer.Option("--period", help="The reporting month, e.g. 2023-01.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the report to.")] = Path("report"),
    commentary: Annotated[
        Path | None,
        typer.Option("--commentary", help="Commentary: a folder of section files (FD.md ...) or an .xlsx."),
    ] = None,
    months: Annotated[int, typer.Option("--months", min=13, help="Months of history to compute.")] = 24,
    public: Annotated[
        bool, typer.Option("--public", help="Public edition: small numbers suppressed (shown as c).")
    ] = False,
    memory_limit: Annotated[
        str | None,
        typer.Option("--memory-limit", help="Cap DuckDB's memory, e.g. 3GB (default: 80% of the machine's)."),
    ] = None,
) -> None:
    """Validate, compute, compare, store in the history store and write the report, in one command.

    Meant for a schedule: reads DATA, checks every table, computes every indicator, appends the run
    to the history store (`[history] path` in the configuration) as DRAFT, and writes the scorecard
    (HTML, PDF, XLSX, CSV, Parquet) and validation_issues.csv to OUT.

    Exit code 0: done, no data problems; 1: done, but data problems were found (quarantined rows,
    field issues or errors: see validation_issues.csv); 2: the input or the command line cannot be used.
    Warnings alone (an optional table missing) do not make the exit code 1.

    Example:

    \b
        csc-scorecard run data/357 --config council.toml --period 2023-01 --out report/2023-01
        csc-scorecard run data/357 --config council.toml --period 2023-01 \\
            --commentary commentary/2023-01 --out report/2023-01
    """
    import time

    from rich.console import Console

    console = Console(highlight=False, stderr=True)
    started = time.perf_counter()
    with unusable_input_exits(console, EXIT_UNUSABLE):
        code = _run(data, config, period, out, commentary, months, public, console, memory_limit)
    console.print(f"Done in {time.perf_counter() - started:.1f} s.")
    raise typer.Exit(code)


def _check_period(period: str) -> None:
    year, _, month = period.strip().partition("-")
    if not (year.isdigit() and len(year) == 4 and month.isdigit() and 1 <= int(month) <= 12):
        raise ValueError(f"--period {period!r} is not a month like 2023-01.")


def _run(
    data: Path,
    config_path: Path,
    period: str,
    out: Path,
    commentary: Path | None,
    months: int,
    public: bool,
    console: Console,
    memory_limit: str | None = None,
) -> int:
    from csc_scorecard.config import load_config
    from csc_scorecard.history import HistoryStore, config_settings_hash
    from csc_scorecard.pipeline import compute_for, report_for

    _check_period(period)
    if not data.exists():
        raise ValueError(f"{data} does not exist.")
    if commentary is not None and not commentary.exists():
        raise ValueError(f"--commentary {commentary} does not exist.")
    config = load_config(config_path)
    with console.status("Reading, checking and computing...") as status:
        computed = compute_for(
            config,
            data,
            period,
            months=months,
            progress=lambda s: status.update(s[:70]),
            memory_limit=memory_limit,
        )
        status.update("storing the run in the history store")
        stored = HistoryStore(config.history_dir).append_run(computed.results, config_settings_hash(config))
        outcome = report_for(
            computed,
            period,
            out,
            commentary=commentary,
            public=public,
            progress=lambda s: status.update(s[:70]),
        )
    console.print(f"Stored run {stored.run_id} in {config.history_dir} (DRAFT until signed off).")
    for path in outcome.written:
        console.print(f"Wrote {path}")
    for message in outcome.messages:
        console.print(f"Note: {message}")
    return _data_problems(computed, out, console)


def _data_problems(computed: Computed, out: Path, console: Console) -> int:
    """Write the validation issues beside the report; 1 when the data had problems, else 0."""
    from csc_scorecard.errors import Level
    from csc_scorecard.ingest import report

    dataset = computed.dataset
    written, note = report.write_issues_csv(dataset.issues, out / "validation_issues.csv")
    if note:
        console.print(f"Note: {note}.")
    quarantined = sum(load.rows_quarantined for load in dataset.loads.values())
    field_issues = sum(load.field_issues for load in dataset.loads.values())
    errors = sum(issue.level is Level.ERROR for issue in dataset.issues)
    if quarantined or field_issues or errors:
        console.print(
            f"Result: data problems found ({quarantined:,} rows quarantined, {field_issues:,} field issues, "
            f"{errors:,} errors; "
            f"{len(dataset.issues):,} issues listed in {written})."
        )
        return EXIT_PROBLEMS
    console.print("Result: no data problems found.")
    return EXIT_CLEAN
