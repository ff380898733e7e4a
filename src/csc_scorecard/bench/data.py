"""The data a bench run measures: synthetic councils generated (or given), loaded once into a DuckDB file.

Loading and validating is not what the bench measures, so it is done once, before any stage, into
`bench.duckdb`; the Dataset's description (councils, extract dates, table loads) is kept beside it
in `dataset.pickle`. Each stage then opens the same file read-only in its own process, so every
stage reads exactly the same typed tables and its peak memory is its own.
"""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csc_scorecard.catalogue.model import Catalogue
    from csc_scorecard.ingest.dataset import Dataset

DATABASE = "bench.duckdb"
DESCRIPTION = "dataset.pickle"


@dataclass(frozen=True)
class Prepared:
    """A loaded bench dataset: where it is and what it holds."""

    folder: Path  # the work folder holding the DuckDB file and the description
    councils: int
    rows: int  # rows accepted across every table
    first_month: str  # YYYY-MM, the first month of the data
    last_month: str  # YYYY-MM, the last complete month of the data
    months: int

    @property
    def database(self) -> Path:
        return self.folder / DATABASE


def generate(out_dir: Path, councils: int, months: int, seed: int, end: str = "2023-03") -> Path:
    """Synthetic councils (the reference profile) over the `months` months ending with `end`."""
    from csc_scorecard.engine.calendar import month_start, parse_month
    from csc_scorecard.synth.generate import Request
    from csc_scorecard.synth.generate import generate as run

    first = month_start(parse_month(end) - months + 1)
    run(Request(out_dir, seed=seed, start=f"{first:%Y-%m}", end=end, councils=councils))
    return out_dir


def prepare(data_dir: Path, work_dir: Path) -> Prepared:
    """Load `data_dir` into `work_dir/bench.duckdb` and describe it; returns what was loaded."""
    from csc_scorecard.engine.calendar import month_index, month_start
    from csc_scorecard.ingest import LoadSettings, load_dataset

    work_dir.mkdir(parents=True, exist_ok=True)
    database = work_dir / DATABASE
    database.unlink(missing_ok=True)
    dataset = load_dataset(data_dir, LoadSettings(database=str(database)))
    # The results end with the last month wholly before the earliest extract date.
    last = month_index(min(dataset.extract_dates.values())) - 1
    first = _first_month(dataset, last)
    description = dataclasses.replace(dataset, tables={}, backend=None)
    rows = sum(load.rows_accepted for load in dataset.loads.values())
    prepared = Prepared(
        work_dir,
        len(dataset.councils),
        rows,
        f"{month_start(first):%Y-%m}",
        f"{month_start(last):%Y-%m}",
        last - first + 1,
    )
    (work_dir / DESCRIPTION).write_bytes(pickle.dumps((description, prepared)))
    dataset.backend.con.close()
    return prepared


def _first_month(dataset: Dataset, last: int) -> int:
    """The first month of the data: the earliest coverage start of the contacts (the busiest table)."""
    from csc_scorecard.engine.calendar import month_index

    starts = [
        load.coverage.first
        for (_, table), load in dataset.loads.items()
        if table == "ssd_contacts" and load.coverage.first is not None
    ]
    return month_index(min(starts)) if starts else last - 11


def load_prepared(work_dir: Path) -> Prepared:
    _, prepared = pickle.loads((work_dir / DESCRIPTION).read_bytes())
    assert isinstance(prepared, Prepared)
    return prepared


def council_order(work_dir: Path) -> tuple[str, ...]:
    """The prepared councils in the Dataset's order: the order the engine cuts its batches in."""
    description, _ = pickle.loads((work_dir / DESCRIPTION).read_bytes())
    councils: tuple[str, ...] = description.councils
    return councils


def open_dataset(work_dir: Path) -> Dataset:
    """The prepared Dataset, its tables read from the DuckDB file (read-only)."""
    import ibis

    description, _ = pickle.loads((work_dir / DESCRIPTION).read_bytes())
    con = connect_read_only(work_dir / DATABASE)
    backend = ibis.duckdb.from_connection(con)
    names = set(con.execute("SELECT table_name FROM information_schema.tables").fetchall())
    tables = {name: backend.table(name) for (name,) in names if not name.startswith("_")}
    tables = {name: table for name, table in tables.items() if name in _loaded_tables(description)}
    dataset: Dataset = dataclasses.replace(description, tables=tables, backend=backend)
    return dataset


def _loaded_tables(description: Dataset) -> set[str]:
    from csc_scorecard.ingest.dataset import TableStatus

    return {name for (_, name), load in description.loads.items() if load.status is TableStatus.LOADED}


def connect_read_only(database: Path) -> Any:
    """The bench database, read-only. CSC_BENCH_MEMORY_LIMIT (e.g. "3.5GB") caps DuckDB's memory, which
    then spills to a temporary folder beside the database: a check that a scale fits a memory budget."""
    import os

    import duckdb

    from csc_scorecard.ingest.connection import SAFE_CONFIG

    config: dict[str, Any] = dict(SAFE_CONFIG)
    limit = os.environ.get("CSC_BENCH_MEMORY_LIMIT")
    if limit:
        config |= {"memory_limit": limit, "temp_directory": str(database.parent / "spill")}
    return duckdb.connect(str(database), read_only=True, config=config)


def input_columns(catalogue: Catalogue, tables: dict[str, list[str]]) -> dict[str, list[str]]:
    """table → the columns the catalogue reads from it (required, optional and breakdown inputs).

    `tables` is what the database holds (table → columns); a JSON outcome column stands for the
    boolean columns the loader parsed out of it (its text is not read by the engine).
    """
    wanted: dict[str, set[str]] = {}
    for ind in catalogue.indicators:
        for table, columns in ind.requires.items():
            wanted.setdefault(table, set()).update(columns)
        for optional in ind.optional:
            wanted.setdefault(optional.table, set()).update(optional.columns)
        for breakdown in ind.breakdowns:
            for table, columns in breakdown.requires.items():
                wanted.setdefault(table, set()).update(columns)
    out: dict[str, list[str]] = {}
    for table, read in sorted(wanted.items()):
        present = tables.get(table)
        if not present:
            continue
        # The loader parses a JSON outcome column into boolean columns named after it; the engine reads those.
        json_prefixes = tuple(c.removesuffix("json") for c in read if c.endswith("_json"))
        chosen = [
            c
            for c in present
            if (c in read and not c.endswith("_json"))
            or (json_prefixes and c.startswith(json_prefixes) and not c.endswith("_json"))
        ]
        out[table] = ["council", *[c for c in chosen if c != "council"]]
    return out


def database_columns(con: Any) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out
