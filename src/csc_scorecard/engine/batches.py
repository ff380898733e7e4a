"""Many councils on DuckDB: compile every query once, then run it over a bounded batch of councils at a time.

Memory grows with the rows a query holds at once, not with the number of queries, so a run over
150 councils keeps its peak down by running the whole catalogue over a few councils at a time. The
queries are built and compiled to SQL once, against stand-in names, and each batch points those
names at its own councils:

* every input table is read through a temporary view `csc_in_<table>`, which selects the batch's
  councils (DuckDB pushes that filter into the table scan);
* the council × month grid is a temporary table `csc_grid`, rewritten for each batch;
* the working calendar is a temporary table `csc_calendar`, written once.

Compiling (Ibis turning expressions into SQL) is most of a small run's time and does not depend on
the data, so it is paid once per run however many batches there are; and a query that is built again
identically in the same process (another run over the same tables, settings and catalogue entries) is
not compiled again: Ibis expressions compare by structure, so the expression itself is the cache key.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from csc_scorecard.ingest.dataset import Dataset

# Compiled SQL by expression, most recently used last; a full catalogue is about 50 queries.
_COMPILED: OrderedDict[Any, str] = OrderedDict()
_COMPILED_KEPT = 500


def council_batches(dataset: Dataset, max_rows: int) -> tuple[tuple[str, ...], ...]:
    """The dataset's councils in order, cut into runs whose accepted input rows stay within `max_rows`.

    A council's rows are its accepted rows summed over every input table (`batches_by_rows` cuts).
    """
    rows = dict.fromkeys(dataset.councils, 0)
    for (council, _table), load in dataset.loads.items():
        if council in rows:
            rows[council] += load.rows_accepted
    return batches_by_rows(rows, max_rows)


def batches_by_rows(rows: Mapping[str, int], max_rows: int) -> tuple[tuple[str, ...], ...]:
    """Councils (council → rows, in council order) cut, in order, into runs of at most `max_rows` rows.

    Councils are added to a batch while its running total stays within `max_rows`. A council larger
    than `max_rows` on its own is a batch of one: a council is never split, because a child's
    history must be whole. Pure, so that the bench's pandas baseline cuts the same batches as the
    engine from its own count of the rows.
    """
    batches: list[tuple[str, ...]] = []
    current: list[str] = []
    held = 0
    for council, council_rows in rows.items():
        if current and held + council_rows > max_rows:
            batches.append(tuple(current))
            current, held = [], 0
        current.append(council)
        held += council_rows
    if current:
        batches.append(tuple(current))
    return tuple(batches)


@dataclass(frozen=True)
class CompiledQuery:
    label: str
    sql: str
    schema: pa.Schema  # the expression's own types: DuckDB returns HUGEINT for a sum of integers
    expression: Any  # kept alive: an Ibis memtable it reads is dropped from DuckDB when collected


class BatchRunner:
    """Stand-in names for one run's inputs on a DuckDB backend, pointed at one batch at a time."""

    def __init__(self, dataset: Dataset, calendar: pa.Table, first_month: int, last_month: int) -> None:
        self.backend = dataset.backend
        self._inputs = {name: self._sql_of(table) for name, table in dataset.tables.items()}
        self._months = (first_month, last_month)
        self.calendar = self.backend.create_table("csc_calendar", calendar, temp=True, overwrite=True)
        self.select(dataset.councils)  # creates the stand-ins, so the expressions can be built on them
        self.grid = self.backend.table("csc_grid")
        self.dataset = replace(
            dataset, tables={name: self.backend.table(_view_name(name)) for name in self._inputs}
        )

    def _sql_of(self, expression: ir.Table) -> str:
        self.backend._run_pre_execute_hooks(expression)  # registers any in-memory table it reads
        key = expression.op()
        sql = _COMPILED.get(key)
        if sql is None:
            sql = _COMPILED[key] = _compile_unfused(self.backend, expression)
            if len(_COMPILED) > _COMPILED_KEPT:
                _COMPILED.popitem(last=False)
        else:
            _COMPILED.move_to_end(key)
        return sql

    def select(self, councils: Sequence[str]) -> None:
        """Point every stand-in at these councils."""
        quoted = ", ".join(_quote(c) for c in councils)
        for name, sql in self._inputs.items():
            self.backend.raw_sql(
                f"CREATE OR REPLACE TEMP VIEW {_view_name(name)} AS "
                f"SELECT * FROM ({sql}) WHERE council IN ({quoted})"
            )
        first, last = self._months
        self.backend.raw_sql(
            "CREATE OR REPLACE TEMP TABLE csc_grid AS "
            f"SELECT CAST(c.council AS VARCHAR) AS council, CAST(m.month AS BIGINT) AS month "
            f"FROM (SELECT unnest([{quoted}]) AS council, generate_subscripts([{quoted}], 1) AS o) c, "
            f"range({first}, {last + 1}) m(month) ORDER BY c.o, m.month"
        )

    def compile(self, label: str, query: ir.Table) -> CompiledQuery:
        return CompiledQuery(label, self._sql_of(query), query.schema().to_pyarrow(), query)

    def run(self, query: CompiledQuery) -> pa.Table:
        result = self.backend.con.sql(query.sql).to_arrow_table()
        return result.cast(query.schema)

    def close(self) -> None:
        for name in self._inputs:
            self.backend.raw_sql(f"DROP VIEW IF EXISTS {_view_name(name)}")
        self.backend.raw_sql("DROP TABLE IF EXISTS csc_grid")
        self.backend.raw_sql("DROP TABLE IF EXISTS csc_calendar")


def _compile_unfused(backend: Any, expression: ir.Table) -> str:
    """The expression's SQL, with Ibis's merging of nested selects switched off for the call.

    Merging (`options.sql.fuse_selects`) is about a third of the compile time on the engine's deep
    expressions and buys nothing here: DuckDB's optimizer flattens nested selects itself (measured
    at 10 councils: the same execution time, about 0.5 s less compiling per run).
    """
    fused = ibis.options.sql.fuse_selects
    ibis.options.sql.fuse_selects = False
    try:
        return str(backend.compile(expression))
    finally:
        ibis.options.sql.fuse_selects = fused


def _view_name(table: str) -> str:
    return f"csc_in_{table}"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


__all__ = ["BatchRunner", "CompiledQuery", "batches_by_rows", "council_batches"]
