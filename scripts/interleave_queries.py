"""Compare two versions of the engine's queries, interleaved query by query, on a bench's prepared data.

    python scripts/interleave_queries.py dump WORK_DIR OUT_DIR [--all]
    python scripts/interleave_queries.py compare WORK_DIR SQL_DIR_A SQL_DIR_B [--rounds N]

On a shared machine the speed can swing by a third from one run to the next, which hides a change of a
few per cent when whole `bench` runs are alternated. This measures the queries themselves instead:

- `dump` compiles the first slice's queries (every query with `--all`) with the code it is run from,
  against WORK_DIR (a `csc-scorecard bench --work` folder), and writes each query's SQL to OUT_DIR.
  Run it once from each version, e.g. `PYTHONPATH=/path/to/old/src python scripts/... dump ...`.
- `compare` runs both versions' SQL over every batch of councils, on one DuckDB thread, alternating
  A and B for every query of every batch (which side goes first alternates too), so a slow spell
  hits both. It prints each query's CPU-seconds (this process's user + system time) summed over the
  batches, the change, and stops with an error if any query's result differs between A and B.

Both versions must read the same inputs in the same way (the SQL names the stand-in views of
`engine.batches.BatchRunner`); the SQL of queries that read in-memory tables is not supported.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
from pathlib import Path
from typing import Any


def _runner(work_dir: Path) -> tuple[Any, Any, Any]:
    from csc_scorecard.bench.data import load_prepared, open_dataset
    from csc_scorecard.engine.batches import BatchRunner, council_batches
    from csc_scorecard.engine.compute import build_calendar
    from csc_scorecard.engine.settings import ComputeSettings, default_population_lookup

    prepared = load_prepared(work_dir)
    dataset = open_dataset(work_dir)
    settings = ComputeSettings.for_period(
        prepared.last_month, months=prepared.months, population=default_population_lookup()
    )
    runner = BatchRunner(
        dataset, build_calendar(dataset, settings), settings.spine_start, settings.last_month
    )
    return runner, settings, council_batches(dataset, settings.batch_rows)


def dump(work_dir: Path, out_dir: Path, whole_catalogue: bool) -> None:
    from csc_scorecard.bench.pandas_baseline import REFS
    from csc_scorecard.catalogue.load import load_catalogue
    from csc_scorecard.engine.compute import _queries
    from csc_scorecard.engine.views import ViewInputs

    runner, settings, _ = _runner(work_dir)
    catalogue = load_catalogue() if whole_catalogue else load_catalogue().select(REFS)
    inputs = ViewInputs(runner.dataset, settings, settings.spine_start, settings.last_month, runner.calendar)
    out_dir.mkdir(parents=True, exist_ok=True)
    labels = []
    for label, _, query in _queries(catalogue, inputs, runner.calendar, runner.grid):
        compiled = runner.compile(label, query)
        if compiled.memtables:
            sys.exit(f"{label} reads in-memory tables, which this script cannot re-create")
        (out_dir / f"{label}.sql").write_text(compiled.sql, encoding="utf-8")
        labels.append(label)
    (out_dir / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    runner.close()
    print(f"Wrote {len(labels)} queries to {out_dir}")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def compare(work_dir: Path, a: Path, b: Path, rounds: int) -> None:
    labels = json.loads((a / "labels.json").read_text(encoding="utf-8"))
    if labels != json.loads((b / "labels.json").read_text(encoding="utf-8")):
        sys.exit("the two folders hold different queries")
    sql = {label: [(d / f"{label}.sql").read_text(encoding="utf-8") for d in (a, b)] for label in labels}
    runner, _, batches = _runner(work_dir)
    cursor = runner.backend.con.cursor()
    for name, data in runner._input_memtables:
        cursor.register(name, data)
    runner._define(cursor)
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
                    before = _cpu_seconds()
                    results[side] = cursor.sql(sql[label][side]).to_arrow_table()
                    spent[label][side] += _cpu_seconds() - before
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
