"""Compare two versions of the engine's queries, interleaved query by query, on a bench's prepared data.

    python scripts/interleave_queries.py dump WORK_DIR OUT_DIR [--all]
    python scripts/interleave_queries.py compare WORK_DIR SQL_DIR_A SQL_DIR_B [--rounds N]

On a shared machine the speed can swing by a third from one run to the next, which hides a change of a
few per cent when whole `bench` runs are alternated. This measures the queries themselves instead:

- `dump` compiles the first slice's queries (every query with `--all`) with the code it is run from,
  against WORK_DIR (a `csc-scorecard bench --work` folder), and writes each query's SQL to OUT_DIR (and
  the in-memory tables some queries read, as Parquet files in OUT_DIR/memtables).
  Run it once from each version, e.g. `PYTHONPATH=/path/to/old/src python scripts/... dump ...`
  (a version older than `bench.stages.engine_inputs` is dumped with this script as of a65ab5d).
- `compare` runs both versions' SQL over every batch of councils as the engine does (each text
  prepared once on the cursor, then executed for each batch), on one DuckDB thread, alternating
  A and B for every query of every batch (which side goes first alternates too), so a slow spell
  hits both. It prints each query's CPU-seconds (this process's user + system time) summed over the
  batches, the change, and stops with an error if any query's result differs between A and B.

Both versions must read the same inputs in the same way (the SQL names the stand-in views of
`engine.batches.BatchRunner`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq


def _runner(work_dir: Path, slice_only: bool = True) -> tuple[Any, Any, Any, Any]:
    """A batch runner over the bench's data, with the catalogue and settings its engine stages use."""
    try:
        from csc_scorecard.bench.stages import engine_inputs
    except ImportError:  # the code on the path predates it
        sys.exit(
            "this version of csc-scorecard has no bench.stages.engine_inputs: dump it with the script "
            "as of commit a65ab5d (git show a65ab5d:scripts/interleave_queries.py)"
        )
    from csc_scorecard.engine.batches import BatchRunner, council_batches
    from csc_scorecard.engine.compute import build_calendar

    dataset, catalogue, settings = engine_inputs(work_dir, slice_only)
    runner = BatchRunner(
        dataset, build_calendar(dataset, settings), settings.spine_start, settings.last_month
    )
    return runner, catalogue, settings, council_batches(dataset, settings.batch_rows)


def dump(work_dir: Path, out_dir: Path, whole_catalogue: bool) -> None:
    from csc_scorecard.engine.compute import _queries
    from csc_scorecard.engine.views import ViewInputs

    runner, catalogue, settings, _ = _runner(work_dir, slice_only=not whole_catalogue)
    inputs = ViewInputs(runner.dataset, settings, settings.spine_start, settings.last_month, runner.calendar)
    out_dir.mkdir(parents=True, exist_ok=True)
    labels = []
    for label, _, query in _queries(catalogue, inputs, runner.calendar, runner.grid):
        compiled = runner.compile(label, query)
        (out_dir / f"{label}.sql").write_text(compiled.sql, encoding="utf-8")
        for name, data in compiled.memtables:  # small tables the SQL names, registered by `compare`
            (out_dir / "memtables").mkdir(exist_ok=True)
            pq.write_table(data, out_dir / "memtables" / f"{name}.parquet")
        labels.append(label)
    (out_dir / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    runner.close()
    print(f"Wrote {len(labels)} queries to {out_dir}")


def compare(work_dir: Path, a: Path, b: Path, rounds: int) -> None:
    labels = json.loads((a / "labels.json").read_text(encoding="utf-8"))
    if labels != json.loads((b / "labels.json").read_text(encoding="utf-8")):
        sys.exit("the two folders hold different queries")
    sql = {label: [(d / f"{label}.sql").read_text(encoding="utf-8") for d in (a, b)] for label in labels}
    runner, _, _, batches = _runner(work_dir)
    cursor = runner._open_cursor()  # the engine's own stand-ins, pointed at each batch below
    for folder in (a / "memtables", b / "memtables"):  # their names are unique to the dumping process
        for path in sorted(folder.glob("*.parquet")):
            cursor.register(path.stem, pq.read_table(path))
    cursor.execute("SET threads = 1")
    spent = {label: [0.0, 0.0] for label in labels}
    order = [("council", "ascending"), ("month", "ascending")]
    step = 0
    for _ in range(rounds):
        for number, councils in enumerate(batches):
            runner._point(cursor, tuple(councils))
            for label in labels:
                results: list[Any] = [None, None]
                for side in (0, 1) if step % 2 == 0 else (1, 0):
                    before = time.process_time()  # this process's CPU time, as the bench's Stopwatch
                    # as the engine runs a query: prepared once on the cursor, executed per batch
                    statement = runner._prepared_on(cursor, sql[label][side])
                    results[side] = cursor.sql(f"EXECUTE {statement}").to_arrow_table()
                    spent[label][side] += time.process_time() - before
                step += 1
                if not results[0].sort_by(order).equals(results[1].sort_by(order)):
                    sys.exit(f"{label}: A and B differ at batch {number + 1}")
    for label, (x, y) in spent.items():
        print(f"{label:40s} {x:8.2f} {y:8.2f} {100 * (y - x) / x:+6.1f}%")
    total_a, total_b = (sum(v[i] for v in spent.values()) for i in (0, 1))
    print(f"{'all':40s} {total_a:8.2f} {total_b:8.2f} {100 * (total_b - total_a) / total_a:+6.1f}%")
    print(f"CPU-seconds of A and B over {len(batches)} batch(es) × {rounds} round(s); results identical")
    cursor.close()
    runner.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    d = commands.add_parser("dump")
    d.add_argument("work_dir", type=Path)
    d.add_argument("out_dir", type=Path)
    d.add_argument("--all", action="store_true", help="every query of the catalogue, not the first slice")
    c = commands.add_parser("compare")
    c.add_argument("work_dir", type=Path)
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    c.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.work_dir, args.out_dir, args.all)
    else:
        compare(args.work_dir, args.a, args.b, args.rounds)


if __name__ == "__main__":
    main()
