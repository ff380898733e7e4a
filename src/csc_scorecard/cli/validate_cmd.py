"""`csc-scorecard validate`: load a data folder, check every table, and say what is wrong, where."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csc_scorecard.cli._app import app, unusable_input_exits

if TYPE_CHECKING:
    from rich.console import Console

    from csc_scorecard.ingest.dataset import Dataset

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


EXAMPLE = """Example:

\b
    csc-scorecard validate data/357 --config council.toml --issues-csv out/issues.csv
    csc-scorecard validate data/all-councils --extract-date 2023-02-06
"""


@app.command(epilog=EXAMPLE)
def validate(
    data: Annotated[
        Path, typer.Argument(help="Folder of table files (or of council folders), or a DuckDB file.")
    ],
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Council configuration (TOML): value maps and date formats."),
    ] = None,
    extract_date: Annotated[
        str | None,
        typer.Option(
            "--extract-date",
            help="Extract date (2023-02-06 or 06/02/2023); default: extract.json, "
            "else the newest date in the data.",
        ),
    ] = None,
    council: Annotated[
        str | None,
        typer.Option("--council", help="Council code when the folder has no extract.json naming it."),
    ] = None,
    issues_csv: Annotated[
        Path | None,
        typer.Option(
            "--issues-csv",
            help="Where to write every issue (default: validation_issues.csv in the "
            "current folder). Quarantined rows go to a quarantined_rows folder beside it.",
        ),
    ] = None,
) -> None:
    """Check a council's extract: every table read, typed and checked; nothing real is dropped.

    Prints, table by table, rows read = accepted + quarantined, field issues and the dates each table
    covers, then the issues grouped by kind with examples. Writes the full issue list to a CSV file.
    Exit code 0: no problems; 1: data problems found; 2: the input cannot be used.
    """
    from rich.console import Console

    from csc_scorecard.ingest import LoadSettings, load_dataset
    from csc_scorecard.ingest.sources import parse_plain_date

    console = Console(highlight=False, width=None if Console().is_terminal else 180)
    when = None
    if extract_date:
        when = parse_plain_date(extract_date)
        if when is None:
            console.print(
                f"Error: --extract-date {extract_date!r} is not a date like 2023-02-06 or 06/02/2023."
            )
            raise typer.Exit(EXIT_UNUSABLE)
    with unusable_input_exits(console, EXIT_UNUSABLE):
        settings = LoadSettings(extract_date=when, council=council)
        if config is not None:
            from dataclasses import replace

            from csc_scorecard.config import load_config
            from csc_scorecard.pipeline import load_settings_for

            # The configuration's value maps, date formats and service map; the command line's
            # extract date and council, when given, win.
            configured = load_settings_for(load_config(config), when)
            settings = replace(configured, council=council or configured.council)
        dataset = load_dataset(data, settings)
    raise typer.Exit(_report(console, dataset, issues_csv or Path.cwd() / "validation_issues.csv"))


def _report(console: Console, dataset: Dataset, issues_csv: Path) -> int:
    from rich.table import Table as RichTable

    from csc_scorecard.errors import Level
    from csc_scorecard.ingest import report
    from csc_scorecard.ingest.dataset import TableStatus

    multi = len(dataset.councils) > 1
    for council in dataset.councils:
        console.print(f"Council {council}: extract date {dataset.extract_dates[council]:%d/%m/%Y}")
    summary = RichTable(title=f"Tables in {dataset.source}", title_justify="left")
    if multi:
        summary.add_column("Council")
    summary.add_column("Table", overflow="fold")
    summary.add_column("File", overflow="fold")
    summary.add_column("Status", no_wrap=True)
    for heading in ("Read", "Accepted", "Quarantined", "Field issues"):
        summary.add_column(heading, justify="right")
    summary.add_column("Covers", no_wrap=True)
    summary.add_column("Notes", min_width=22)
    loads = report.table_loads(dataset)
    for load in loads:
        covers = (
            f"{load.coverage.first:%d/%m/%Y}–{load.coverage.last:%d/%m/%Y}"
            if load.coverage.first and load.coverage.last
            else ""
        )
        notes = []
        if load.missing_columns:
            count = len(load.missing_columns)
            notes.append(f"{count} column{'s' if count > 1 else ''} missing")
        if load.encoding and load.encoding not in ("UTF-8", "Parquet", "DuckDB"):
            notes.append(f"read as {load.encoding}")
        status = {
            TableStatus.EMPTY: "EMPTY FILE",
            TableStatus.HEADER_ONLY: "HEADER ONLY",
            TableStatus.REJECTED: "REJECTED",
        }.get(load.status, load.status.value)
        cells = [
            load.table,
            load.file,
            status,
            f"{load.rows_read:,}",
            f"{load.rows_accepted:,}",
            f"{load.rows_quarantined:,}",
            f"{load.field_issues:,}",
            covers,
            "; ".join(notes),
        ]
        summary.add_row(*([load.council] if multi else []), *cells)
    console.print(summary)
    for council in dataset.councils:
        standard, optional = report.missing_tables(dataset, council)
        where = f" for council {council}" if multi else ""
        if standard:
            console.print(f"Missing SSD tables{where} ({len(standard)}): {', '.join(standard)}")
        if optional:
            console.print(
                f"Missing optional extension/reference tables{where} ({len(optional)}): {', '.join(optional)}"
            )

    groups = report.group_issues(dataset.issues)
    if groups:
        console.print()
        console.print("Issues by kind:")
    for group in groups:
        if group.kind.value == "missing_table":
            console.print(f"  {group.level.value.upper()} {group.kind.value}: {group.count} (listed above)")
            continue
        console.print(f"  {group.level.value.upper()} {group.kind.value}: {group.count}")
        for issue in group.examples:
            console.print(f"    {issue}", soft_wrap=True)
        if group.count > len(group.examples):
            console.print(f"    ... and {group.count - len(group.examples)} more in the issues file")

    written, note = report.write_issues_csv(dataset.issues, issues_csv)
    console.print()
    if note:
        console.print(f"Note: {note}.")
    console.print(f"All {len(dataset.issues):,} issues written to {written}")
    if dataset.quarantine:
        try:
            paths = report.write_quarantine(dataset, written.parent / "quarantined_rows")
            console.print(f"Quarantined rows written to {paths[0].parent}")
        except Exception as error:  # a read-only folder: the issues file already says which rows
            console.print(f"Note: could not write the quarantined rows ({str(error).splitlines()[0]}).")
    errors = sum(i.level is Level.ERROR for i in dataset.issues)
    warnings = sum(i.level is Level.WARNING for i in dataset.issues)
    if report.has_problems(dataset.issues):
        console.print(f"Result: data problems found ({errors:,} errors, {warnings:,} warnings).")
        return EXIT_PROBLEMS
    console.print("Result: no problems found.")
    return EXIT_CLEAN
