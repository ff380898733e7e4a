"""`csc-scorecard comparators`: every ref's comparator columns for a council, from the shipped DfE table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csc_scorecard.cli._app import app

if TYPE_CHECKING:
    from decimal import Decimal

    from csc_scorecard.compare import ComparatorGroup, ComparatorRow

CSV_HEADER = (
    "ref",
    "measure",
    "unit",
    "column",
    "label",
    "year",
    "value",
    "display",
    "status",
    "basis",
    "councils_used",
    "councils_listed",
    "note",
)


def _group(text: str) -> ComparatorGroup:
    """NAME=code,code,... (a `+` before NAME counts the home council in the group's mean)."""
    from csc_scorecard.compare import ComparatorGroup

    name, sep, codes = text.partition("=")
    include_home = name.startswith("+")
    name = name.lstrip("+").strip()
    councils = tuple(c.strip() for c in codes.split(",") if c.strip())
    if not sep or not name or not councils:
        raise typer.BadParameter(f"expected NAME=code,code,... not {text!r}", param_hint="--group")
    return ComparatorGroup(name, name.replace("_", " "), councils, include_home)


def _plain(value: Decimal) -> str:
    """An unrounded value to 6 decimal places, trailing zeros dropped, never in exponent form."""
    from csc_scorecard.compare import round_half_up

    return format(round_half_up(value, 6).normalize(), "f")


def _csv_rows(rows: list[ComparatorRow]) -> list[list[str]]:
    out = []
    for row in rows:
        for c in row.cells:
            out.append(
                [
                    row.ref,
                    row.measure or "",
                    row.unit,
                    c.column,
                    c.label,
                    c.year_label,
                    "" if c.value is None else _plain(c.value),
                    c.display,
                    c.status,
                    c.basis,
                    "" if c.councils_used is None else str(c.councils_used),
                    "" if c.councils_listed is None else str(c.councils_listed),
                    c.note,
                ]
            )
    return out


@app.command()
def comparators(
    council: Annotated[
        str | None,
        typer.Option("--council", help="DfE 3-digit code or ONS E-code, e.g. 357 (default: from --config)"),
    ] = None,
    year: Annotated[
        str | None,
        typer.Option(help="comparator year, e.g. 2021-22; default: the latest published for each measure"),
    ] = None,
    extract_date: Annotated[
        str | None,
        typer.Option(
            help="without --year: use each measure's latest release published by this date (YYYY-MM-DD)"
        ),
    ] = None,
    group: Annotated[
        list[str] | None,
        typer.Option(help="a named group NAME=code,code,... (repeatable); +NAME counts the council itself"),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(help="council.toml: the council, its [comparator_groups] and neighbour model"),
    ] = None,
    sn_model: Annotated[
        str | None,
        typer.Option(
            help="statistical neighbours: auto (2021 groupings to 2023-24, then 2025), 2021 or 2025"
        ),
    ] = None,
    own_count: Annotated[
        list[str] | None,
        typer.Option(help="the council's own count for derived number rows, REF=N (e.g. CF1=661)"),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="table or csv")] = "table",
) -> None:
    """Print every ref's comparator columns (groups, region, statistical neighbours, England) for a council.

    Values come from DfE's published statistics shipped with csc-scorecard; group values are unweighted
    means of council values, suppressed values left out. Number rows are the equivalent number at the
    comparator rate. CSV goes to standard output (UTF-8), one row per ref and column.

    Example:

        csc-scorecard comparators --council 357 --year 2021-22 --format csv
        csc-scorecard comparators --council 357 --group +gm=350,351,357
    """
    import csv
    import sys
    from datetime import date
    from decimal import Decimal, InvalidOperation

    from csc_scorecard.compare import comparator_table, groups_from_config

    if output_format not in ("table", "csv"):
        raise typer.BadParameter("must be table or csv", param_hint="--format")
    if sn_model not in (None, "auto", "2021", "2025"):
        raise typer.BadParameter("must be auto, 2021 or 2025", param_hint="--sn-model")
    counts: dict[str, Decimal] = {}
    for item in own_count or []:
        ref, _, number = item.partition("=")
        try:
            counts[ref.strip()] = Decimal(number)
        except InvalidOperation:
            raise typer.BadParameter(f"expected REF=N, not {item!r}", param_hint="--own-count") from None
    try:
        as_at = date.fromisoformat(extract_date) if extract_date else None
    except ValueError:
        raise typer.BadParameter(
            f"expected YYYY-MM-DD, not {extract_date!r}", param_hint="--extract-date"
        ) from None
    groups = [_group(g) for g in group or []]
    year_overrides: dict[str, str] = {}
    if config is not None:
        from csc_scorecard.config import load_config

        loaded = load_config(config)
        council = council or loaded.council.dfe_code
        groups = [*groups_from_config(loaded), *groups]
        sn_model = sn_model or loaded.comparators.statistical_neighbours
        # --year, when given, names the year for every ref; otherwise the configured years apply.
        year_overrides = dict(loaded.comparators.years)
    if council is None:
        raise typer.BadParameter("give --council, or --config with a [council] table", param_hint="--council")
    try:
        rows = comparator_table(
            council,
            year,
            groups,
            extract_date=as_at,
            sn_model=sn_model or "auto",  # type: ignore[arg-type]
            own_counts=counts,
            year_overrides=year_overrides,
        )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    if output_format == "csv":
        if hasattr(sys.stdout, "reconfigure"):  # a console on Windows may not default to UTF-8
            sys.stdout.reconfigure(encoding="utf-8")
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        writer.writerows(_csv_rows(rows))
        return
    _print_table(council, rows)


def _print_table(council: str, rows: list[ComparatorRow]) -> None:
    from rich.console import Console
    from rich.table import Table

    from csc_scorecard import reference

    home = reference.council(council)
    table = Table(title=f"Comparators for {home.name} ({home.old_la_code})")
    table.add_column("Ref", no_wrap=True)
    table.add_column("Measure", max_width=24, no_wrap=True, overflow="ellipsis")
    mapped = [r for r in rows if r.measure]
    # A column whose cells all share one year says it once, in its heading; otherwise each cell does.
    shared_years = []
    for i, cell in enumerate(rows[0].cells):
        years = {r.cells[i].year_label for r in mapped}
        shared = years.pop() if len(years) == 1 else ""
        shared_years.append(shared)
        heading = f"{cell.label} ({shared})" if shared else cell.label
        table.add_column(heading, justify="right", min_width=9)
    for row in rows:
        cells = [
            c.display if not c.year_label or c.year_label == shared else f"{c.display} ({c.year_label})"
            for c, shared in zip(row.cells, shared_years, strict=True)
        ]
        table.add_row(row.ref, row.title or "not mapped", *cells)
    Console().print(table)
