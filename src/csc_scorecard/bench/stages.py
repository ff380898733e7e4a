"""The measured stages of `csc-scorecard bench`, each run in a fresh process by `bench.runner`.

    python -m csc_scorecard.bench.stages STAGE WORK_DIR OUT_JSON [ROWWISE_COUNCILS ROWWISE_MONTHS]

A stage writes {"seconds": wall time of the measured work, "cpu_seconds": the CPU time this process
used meanwhile (every thread, user and system), ...details} to OUT_JSON; the parent reads the
process's peak resident memory when it exits. Imports and opening the database are done before
the clock starts: they are the same for every stage and not what is compared.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csc_scorecard.bench.data import (
    connect_read_only,
    council_order,
    database_columns,
    input_columns,
    load_prepared,
    open_dataset,
)

if TYPE_CHECKING:
    from csc_scorecard.catalogue.model import Catalogue
    from csc_scorecard.engine.settings import ComputeSettings
    from csc_scorecard.ingest.dataset import Dataset

Stage = Callable[[Path, list[str]], dict[str, Any]]


class Stopwatch:
    """Wall time and CPU time since it was made.

    The CPU time is the whole process's, every thread, user and system (`time.process_time`): DuckDB
    and the engine's cursors use both CPUs, pandas mostly one, so the wall times alone do not say
    how much work each did.
    """

    def __init__(self) -> None:
        self._wall = time.perf_counter()
        self._cpu = time.process_time()

    def seconds(self) -> float:
        return time.perf_counter() - self._wall

    def figures(self) -> dict[str, float]:
        return {"seconds": self.seconds(), "cpu_seconds": time.process_time() - self._cpu}


def engine_stage(work_dir: Path, options: list[str]) -> dict[str, Any]:
    """The full compute of the catalogue on DuckDB, every council and every month of the data."""
    return _engine(work_dir, slice_only=False)


def engine_slice_stage(work_dir: Path, options: list[str]) -> dict[str, Any]:
    """The compute of the first-slice refs only: like for like with the pandas baselines."""
    return _engine(work_dir, slice_only=True)


def engine_inputs(work_dir: Path, slice_only: bool) -> tuple[Dataset, Catalogue, ComputeSettings]:
    """The dataset, catalogue (the first-slice refs only, or every one) and settings that the engine
    stages compute with: every council and every month of the prepared data.
    `scripts/interleave_queries.py` compiles its queries from these too, so that it measures what
    the stages run."""
    from csc_scorecard.bench.pandas_baseline import REFS
    from csc_scorecard.catalogue.load import load_catalogue
    from csc_scorecard.engine.settings import ComputeSettings, default_population_lookup

    prepared = load_prepared(work_dir)
    catalogue = load_catalogue().select(REFS) if slice_only else load_catalogue()
    settings = ComputeSettings.for_period(
        prepared.last_month, months=prepared.months, population=default_population_lookup()
    )
    return open_dataset(work_dir), catalogue, settings


def _engine(work_dir: Path, slice_only: bool) -> dict[str, Any]:
    from csc_scorecard.engine.compute import compute

    dataset, catalogue, settings = engine_inputs(work_dir, slice_only)
    steps: list[tuple[str, float]] = []
    watch = Stopwatch()

    def progress(step: str) -> None:
        # Each step is reported before its query runs: the gaps say where the time goes.
        steps.append((step.split(":")[0], watch.seconds()))

    results = compute(dataset, catalogue, settings, progress=progress)
    measured = watch.figures()
    seconds = measured["seconds"]
    marks = [*steps, ("end", seconds)]
    # A query runs once per batch of councils: its time is the sum over the batches.
    per_step: dict[str, float] = {}
    for i, (name, at) in enumerate(marks[:-1]):
        query = name.split(" (councils batch")[0]
        per_step[query] = round(per_step.get(query, 0.0) + marks[i + 1][1] - at, 4)
    before_first_query = steps[0][1] if steps else seconds
    batch_labels = [n for n, _ in steps if " (councils batch " in n]
    batches = int(batch_labels[0].split(" of ")[-1].rstrip(")")) if batch_labels else 1
    return {
        **measured,
        "rows": len(results),
        "indicators": len(catalogue.indicators),
        "queries": len(per_step) - 1,
        "batches": batches,
        "seconds_before_first_query": before_first_query,
        "seconds_per_step": per_step,
    }


# The scan is made this many times and its median pass is the figure (see `scan_stage`).
SCAN_PASSES = 3


def scan_stage(work_dir: Path, options: list[str]) -> dict[str, Any]:
    """DuckDB reading every input column once: the practical lower bound for any engine on these tables.

    One query per table the catalogue reads, taking the minimum of every column it reads (a minimum
    needs every value; a count could be answered from metadata). The read is made SCAN_PASSES times,
    and the pass with the median time is the figure (`pass_seconds` lists them all). A read of a few
    seconds is moved far more by a slow spell of the machine than the minutes-long engine stages are
    (docs/engines-and-bench.md, "What it measures"). Each pass is on a new DuckDB connection, so its
    own cache is empty, as it is when each engine stage starts in a process of its own.
    `all_tables_seconds` does the same once for every column of every table, for context.
    """
    from csc_scorecard.catalogue.load import load_catalogue

    database = work_dir / "bench.duckdb"
    con = connect_read_only(database)
    tables = database_columns(con)
    inputs = input_columns(load_catalogue(), tables)
    passes: list[dict[str, float]] = []
    for number in range(SCAN_PASSES):
        if number:  # a new DuckDB, its own cache empty, as each engine stage's is when it starts
            con.close()
            con = connect_read_only(database)
        watch = Stopwatch()
        cells = _scan(con, inputs)
        passes.append(watch.figures())
    measured = sorted(passes, key=lambda figures: figures["seconds"])[len(passes) // 2]
    everything = {t: c for t, c in tables.items() if not t.startswith("_")}
    started = time.perf_counter()
    _scan(con, everything)
    all_seconds = time.perf_counter() - started
    children = child_columns(inputs)
    started = time.perf_counter()
    _group_by_child(con, children)
    by_child_seconds = time.perf_counter() - started
    return {
        **measured,
        "tables": len(inputs),
        "columns": sum(len(c) for c in inputs.values()),
        "rows_read": cells,
        "pass_seconds": [figures["seconds"] for figures in passes],
        "all_tables_seconds": all_seconds,
        "all_tables_columns": sum(len(c) for c in everything.values()),
        "by_child_seconds": by_child_seconds,
        "by_child_tables": len(children),
    }


def _scan(con: Any, tables: dict[str, list[str]]) -> int:
    rows = 0
    for table, columns in tables.items():
        parts = ", ".join(f'min("{c}")' for c in columns)
        result = con.execute(f'SELECT count(*), {parts} FROM "{table}"').fetchone()
        rows += int(result[0])
    return rows


def child_columns(inputs: dict[str, list[str]]) -> dict[str, str]:
    """table → the column naming the child, for the input tables that have one among the columns read."""
    out = {}
    for table, columns in inputs.items():
        child = next((c for c in columns if c.endswith("_person_id")), None)
        if child is not None:
            out[table] = child
    return out


def _group_by_child(con: Any, children: dict[str, str]) -> int:
    """Each table's rows grouped once by council and child: the least work that counting distinct
    children, or following a child's episodes, needs. For context beside the scan: an engine that
    answers the catalogue exactly cannot do less than this (and does much more, per indicator)."""
    groups = 0
    for table, child in children.items():
        query = f'SELECT count(*) FROM (SELECT council, "{child}" FROM "{table}" GROUP BY ALL)'
        groups += int(con.execute(query).fetchone()[0])
    return groups


def pandas_stage(work_dir: Path, options: list[str]) -> dict[str, Any]:
    """The idiomatic (vectorised) pandas build of the first-slice indicators, reading included.

    It runs in the engine's batches of councils: each council's rows in the bench file are counted as
    the engine counts them and cut by the same rule and the same default `batch_rows`, so its memory
    follows the largest batch, as the engine's does. The count is made before the clock starts, as
    the engine's comes free from loading.
    """
    from csc_scorecard.bench.pandas_baseline import REFS, compute_slice_in_batches
    from csc_scorecard.bench.pandas_inputs import council_rows
    from csc_scorecard.engine.batches import batches_by_rows
    from csc_scorecard.engine.settings import ComputeSettings

    prepared = load_prepared(work_dir)
    con = connect_read_only(work_dir / "bench.duckdb")
    counting = time.perf_counter()
    batches = batches_by_rows(council_rows(con, council_order(work_dir)), ComputeSettings.batch_rows)
    count_seconds = time.perf_counter() - counting
    watch = Stopwatch()
    figures, read_seconds = compute_slice_in_batches(con, prepared.first_month, prepared.last_month, batches)
    return {
        **watch.figures(),
        "read_seconds": read_seconds,
        "batches": len(batches),
        "count_seconds": count_seconds,  # not in `seconds`: counting each council's rows for the batches
        "refs": len(REFS),
        "rows": len(figures),
    }


def rowwise_stage(work_dir: Path, options: list[str]) -> dict[str, Any]:
    """The row-wise pandas build (`apply`) on a subset: N councils of median size and the last M months."""
    from csc_scorecard.bench.pandas_inputs import read_inputs
    from csc_scorecard.bench.pandas_rowwise import ROWWISE_REFS, compute_rowwise
    from csc_scorecard.engine.calendar import month_start, parse_month

    prepared = load_prepared(work_dir)
    councils, months = int(options[0]), int(options[1])
    months = min(months, prepared.months)
    first = f"{month_start(parse_month(prepared.last_month) - months + 1):%Y-%m}"
    con = connect_read_only(work_dir / "bench.duckdb")
    watch = Stopwatch()
    inputs = read_inputs(
        con, prepared.first_month, prepared.last_month, councils=councils, results_from=first
    )
    figures = compute_rowwise(inputs)
    measured = watch.figures()
    # Councils differ in size by a factor of 50: scale-ups go by rows read, not by councils.
    subset_rows = sum(len(frame) for frame in inputs.tables.values())
    all_rows = sum(
        int(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in _present(con, inputs.tables)
    )
    return {
        **measured,
        "councils": len(inputs.councils),
        "months": months,
        "subset_rows": subset_rows,
        "all_rows": all_rows,
        "refs": list(ROWWISE_REFS),
        "rows": len(figures),
    }


def _present(con: Any, tables: dict[str, Any]) -> list[str]:
    names = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [t for t in tables if t in names]


STAGES: dict[str, Stage] = {
    "engine": engine_stage,
    "engine_slice": engine_slice_stage,
    "scan": scan_stage,
    "pandas": pandas_stage,
    "rowwise": rowwise_stage,
}


def prepare_stage(work_dir: Path, options: list[str]) -> dict[str, Any]:
    """Not measured: generate the data if asked (councils, months, seed), then load it into the database.

    Run in its own process too, so that the parent (which starts every stage) stays small.
    """
    from csc_scorecard.bench import data

    data_dir = Path(options[0])
    started = time.perf_counter()
    if len(options) == 4:
        data.generate(data_dir, int(options[1]), int(options[2]), int(options[3]))
    generated = time.perf_counter() - started
    data.prepare(data_dir, work_dir)
    return {"seconds": time.perf_counter() - started, "generate_seconds": generated}


STAGES["prepare"] = prepare_stage


def peak_rss_mb() -> float | None:
    """This process's own peak resident memory (Linux: VmHWM, which starts afresh at exec; unlike
    ru_maxrss, it does not inherit the high-water mark of the parent that started the process)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def main(argv: list[str]) -> int:
    stage, work_dir, out = argv[0], Path(argv[1]), Path(argv[2])
    figures = STAGES[stage](work_dir, argv[3:])
    figures["peak_rss_mb"] = peak_rss_mb()
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
