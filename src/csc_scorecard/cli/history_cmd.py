"""`csc-scorecard signoff`, `reconcile` and `history list|add`: the history store from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csc_scorecard.cli._app import app

if TYPE_CHECKING:
    import pyarrow as pa

    from csc_scorecard.config import CouncilConfig
    from csc_scorecard.engine.results import Results
    from csc_scorecard.history import HistoryStore

EXIT_OK, EXIT_PROBLEM = 0, 2

history_app = typer.Typer(
    name="history",
    help=(
        "The history store: every run's results, kept for revisions, sign-off and reconciliation.\n\n"
        "Example:\n\n\b\n    csc-scorecard history list --config council.toml"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(history_app, name="history")

ConfigOption = Annotated[Path, typer.Option("--config", help="Council configuration (TOML).")]
PeriodOption = Annotated[str, typer.Option("--period", help="The reporting month, e.g. 2023-01.")]


def _open(config_path: Path) -> tuple[CouncilConfig, HistoryStore]:
    from csc_scorecard.config import load_config
    from csc_scorecard.history import HistoryStore

    config = load_config(config_path)
    return config, HistoryStore(config.history_dir)


def _read_results(path: Path) -> Results:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from csc_scorecard.engine.results import RESULTS_SCHEMA, Results
    from csc_scorecard.errors import ScorecardError

    try:
        table = pq.read_table(path)
        return Results(table.select(RESULTS_SCHEMA.names).cast(RESULTS_SCHEMA))
    except (pa.ArrowInvalid, KeyError, ValueError) as error:
        raise ScorecardError(
            f"{path} is not a results file from `csc-scorecard compute` (Parquet): {error}"
        ) from None


def _check_period(period: str) -> None:
    from csc_scorecard.history.signoff import check_period

    try:
        check_period(period)
    except ValueError as error:
        typer.echo(f"Error: --period: {error}", err=True)
        raise typer.Exit(EXIT_PROBLEM) from None


@app.command()
def signoff(
    period: PeriodOption,
    by: Annotated[str, typer.Option("--by", help="Name of the person signing off.")],
    config: ConfigOption = Path("council.toml"),
    note: Annotated[str, typer.Option("--note", help="A note kept with the sign-off.")] = "",
) -> None:
    """Sign off a month's scorecard: records who and when in the history store.

    A month's run is DRAFT until signed off. The sign-off applies to the latest stored run for the
    month; a newer run for the same month is DRAFT again until it is signed off too.

    Example:

    \b
        csc-scorecard signoff --period 2023-01 --by "A. Manager" --config council.toml
    """
    from csc_scorecard.history import record_signoff

    _check_period(period)
    council_config, store = _open(config)
    try:
        done = record_signoff(store, council_config.council.dfe_code, period, by, note)
    except ValueError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(EXIT_PROBLEM) from None
    typer.echo(
        f"Signed off {period} for council {done.council} by {done.signed_by} at "
        f"{done.signed_at:%Y-%m-%d %H:%M} UTC (run {done.run_id})."
    )


@app.command()
def reconcile(
    published: Annotated[
        Path, typer.Option("--published", help="The council's own published scorecard table (CSV).")
    ],
    period: PeriodOption,
    config: ConfigOption = Path("council.toml"),
    results: Annotated[
        Path | None,
        typer.Option("--results", help="Computed results (Parquet); default: the latest stored run."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the comparison as CSV (UTF-8).")
    ] = None,
    alternative: Annotated[
        list[str] | None,
        typer.Option(
            "--alternative",
            help="NAME=results.parquet: results under another setting, to test as a cause (repeatable).",
        ),
    ] = None,
) -> None:
    """Compare a published scorecard with our figures for the month and say why each differs.

    Loads the published table into the history store as the first-reported figures, then lists per
    ref: published, computed, difference and the likely cause (match, data_revision,
    definition_setting, missing_table, not_yet_available, not_computed, not_published,
    unexplained). Exit status 0 when the comparison ran, whatever it found.

    Example:

    \b
        csc-scorecard reconcile --published scorecard-2023-01.csv --period 2023-01 \\
            --config council.toml --results results.parquet --out reconcile-2023-01.csv
    """
    from collections import Counter

    from rich.console import Console
    from rich.table import Table

    from csc_scorecard.errors import ScorecardError
    from csc_scorecard.history import (
        Source,
        config_settings_hash,
        read_published,
        store_published,
    )
    from csc_scorecard.history import reconcile as reconcile_figures
    from csc_scorecard.history.published import file_hash

    _check_period(period)
    council_config, store = _open(config)
    council = council_config.council.dfe_code
    if results is not None:
        computed = _read_results(results)
        settings_hash: str | None = config_settings_hash(council_config)
    else:
        run = store.latest_run(council, period, Source.COMPUTED)
        if run is None:
            raise ScorecardError(
                f"no computed results for {period} in the history store {store.folder}; "
                "give --results results.parquet (from csc-scorecard compute)"
            )
        computed, settings_hash = store.run_results(run.run_id), run.settings_hash
    alternatives = {}
    for item in alternative or []:
        name, _, path = item.partition("=")
        if not path:
            raise ScorecardError(f"--alternative {item!r}: expected NAME=results.parquet")
        alternatives[name.strip()] = _read_results(Path(path))
    rows = read_published(published)
    table = reconcile_figures(
        rows,
        computed,
        store,
        council=council,
        period=period,
        settings_hash=settings_hash,
        alternatives=alternatives,
    )
    # Stored after comparing: reconcile compares with our own earlier runs, never with this table.
    stored, added = store_published(store, rows, council, period, file_hash(published), computed)

    console = Console(highlight=False, soft_wrap=False)
    view = Table(title=f"Reconciliation, council {council}, {period}")
    for heading in ("Ref", "Published", "Computed", "Difference", "Cause", "Explanation"):
        view.add_column(heading, overflow="fold")
    for record in table.to_pylist():
        view.add_row(
            record["ref"],
            record["published"],
            record["computed"],
            record["difference"],
            record["cause"].replace("_", " "),
            record["explanation"],
        )
    console.print(view)
    counts = Counter(table.column("cause").to_pylist())
    console.print(", ".join(f"{n} {cause.replace('_', ' ')}" for cause, n in sorted(counts.items())))
    console.print(
        f"Stored the published figures as first reported (run {stored.run_id})."
        if added
        else f"The published figures were already stored (run {stored.run_id})."
    )
    if out is not None:
        _write_csv(table, out)
        console.print(f"Wrote {out}.")


def _write_csv(table: pa.Table, out: Path) -> None:
    import csv

    from csc_scorecard.errors import FileLockedError

    rows, names = table.to_pylist(), table.schema.names
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # UTF-8 with a byte-order mark, as every CSV the tool writes: Excel then shows "–" and "£" right.
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=names)
            writer.writeheader()
            writer.writerows(rows)
    except PermissionError:
        raise FileLockedError(
            f"cannot write {out}: it may be open in another program (such as Excel). Close it and run again."
        ) from None


@history_app.command("list")
def list_runs(
    config: ConfigOption = Path("council.toml"),
    repair: Annotated[
        bool, typer.Option("--repair", help="Rewrite the manifest from the data files if it lags them.")
    ] = False,
) -> None:
    """List the runs in the history store, newest last, with their sign-off state.

    Example:

    \b
        csc-scorecard history list --config council.toml
    """
    from rich.console import Console
    from rich.table import Table

    from csc_scorecard.history import Source, signoffs

    _, store = _open(config)
    console = Console(highlight=False)
    runs = store.runs()
    if not runs:
        console.print(f"The history store {store.folder} has no runs yet.")
        return
    approved = {s.run_id: s for s in signoffs(store)}
    latest: dict[tuple[str, str], str] = {}
    for run in runs:
        if run.source == Source.COMPUTED:
            for council in run.councils:
                latest[(council, run.period)] = run.run_id
    view = Table(title=f"History store {store.folder}")
    for heading in ("Run", "Source", "Period", "Extract", "Councils", "Rows", "Recorded (UTC)", "State"):
        view.add_column(heading, overflow="fold")
    for run in runs:
        if run.source != Source.COMPUTED:
            state = ""
        elif run.run_id in approved:
            who = approved[run.run_id]
            state = f"signed off by {who.signed_by} {who.signed_at:%Y-%m-%d}"
        elif all(latest.get((c, run.period)) == run.run_id for c in run.councils):
            state = "DRAFT"
        else:
            state = "superseded"
        view.add_row(
            run.run_id,
            run.source,
            run.period,
            run.extract_date.isoformat() if run.extract_date else "",
            ", ".join(run.councils),
            f"{run.rows:,}",
            f"{run.recorded_at:%Y-%m-%d %H:%M:%S}",
            state,
        )
    console.print(view)
    if not store.manifest_is_current():
        if repair:
            store.repair_manifest()
            console.print("Rewrote the manifest from the data files.")
        else:
            console.print(
                "Note: the manifest lags the data files (a run stopped early); --repair rewrites it."
            )
    if store.partial_files():
        console.print(
            f"Note: {len(store.partial_files())} unfinished .partial file(s) in {store.runs_folder} "
            "(runs in progress, or that stopped); readers ignore them, and old ones can be deleted."
        )


@history_app.command("add")
def add_run(
    results: Annotated[Path, typer.Argument(help="Results from `csc-scorecard compute` (Parquet).")],
    config: ConfigOption = Path("council.toml"),
) -> None:
    """Store a compute run's results in the history store (the `run` command will do this itself).

    Example:

    \b
        csc-scorecard compute data/357 --config council.toml --period 2023-01 --out results.parquet
        csc-scorecard history add results.parquet --config council.toml
    """
    from csc_scorecard.history import config_settings_hash

    council_config, store = _open(config)
    run = store.append_run(_read_results(results), config_settings_hash(council_config))
    typer.echo(
        f"Stored run {run.run_id} ({run.rows:,} rows, {run.period}) in {store.folder}. It is DRAFT until signed off."
    )
