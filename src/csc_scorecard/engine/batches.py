"""Many councils on DuckDB: compile every query once, then run it over a bounded batch of councils at a time.

Memory grows with the rows a query holds at once, not with the number of queries, so a run over
150 councils keeps its peak down by running the whole catalogue over a few councils at a time. The
queries are built and compiled to SQL once, against stand-in names, and each batch points those
names at its own councils:

* every input table is read through a temporary view `csc_in_<table>`, which selects the councils
  listed in the connection's variable `csc_councils`. The views are made once per connection and
  each batch sets the variable: DuckDB reads the variable when it binds a query, as a constant, so
  the filter still goes into the table scan (remaking a connection's 38 views took about 25 ms a
  batch, setting the variable under 1 ms);
* the council × month grid is a temporary table `csc_grid`, rewritten for each batch;
* the working calendar is a temporary table `csc_calendar` of the batch's councils' days,
  rewritten from the run's calendar (held in Arrow) for each batch. A view over every council's
  days would not do: joined to a small table of events, DuckDB builds its hash table on the
  calendar, and a view's filter is not pushed into a join's build side, so every batch hashed
  every council's days (at 150 councils, 1.5 million rows: `screening_outcomes` took 0.58 s a
  batch one query at a time, now 0.20–0.24 s).

Each cursor prepares a query's SQL the first time it runs it, and executes that statement for each
later batch: DuckDB plans a prepared statement again at every `EXECUTE` (and binds it again when a
table or variable it read has changed), so every batch is planned on its own councils, but the text
is parsed once per cursor.

Compiling (Ibis turning expressions into SQL) is most of a small run's time and does not depend on
the data, so it is paid once per run however many batches there are; and a query that is built again
identically in the same process (another run over the same tables, settings and catalogue entries) is
not compiled again: Ibis expressions compare by structure, so the expression itself is the cache key.

A run's queries run two at a time (`run_batches`), each on a DuckDB cursor that holds its own copy
of the temporary stand-ins above, the two sharing DuckDB's threads; results come back in the order
the queries were given. Each query starts as soon as it is handed over, so the first batch's queries
run while the later ones compile. A cursor is pointed at a batch when it takes the batch's first
query, so the batches follow one another without a pause: while one cursor runs a batch's last
query, the other starts on the next batch.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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


# Queries run two at a time, each on a DuckDB cursor of its own. At one council most inputs are smaller
# than a DuckDB row group (122,880 rows), so a query runs on one thread and a second query can use the
# other CPU; at 150 councils the queries kept about 1.55 of 2 CPUs busy one at a time with two threads
# each. Now each gets half of DuckDB's threads (`threads_per_query`).
QUERY_THREADS = 2


def threads_per_query(threads: int) -> int:
    """DuckDB's threads for each of the QUERY_THREADS queries that run at once, out of `threads`.

    Two queries each given every CPU put twice as many threads as CPUs to work; on two CPUs each
    query gets one thread. With the batches run one after another without a pause (`run_batches`),
    the first slice at 150 councils took 7–9% less time, the whole catalogue about 5%
    (docs/engines-and-bench.md). Either alone gained nothing: one thread a query with a pause between
    batches left a CPU idle while each batch's last query ran.
    """
    return max(1, threads // QUERY_THREADS)


@dataclass(frozen=True)
class CompiledQuery:
    label: str
    sql: str
    schema: pa.Schema  # the expression's own types: DuckDB returns HUGEINT for a sum of integers
    memtables: tuple[tuple[str, Any], ...] = ()  # (name, Arrow data) of the in-memory tables it reads


class BatchRunner:
    """Stand-in names for one run's inputs on a DuckDB backend, pointed at one batch at a time."""

    def __init__(self, dataset: Dataset, calendar: pa.Table, first_month: int, last_month: int) -> None:
        self.backend = dataset.backend
        for table in dataset.tables.values():  # a view binds the in-memory tables it reads at once
            self.backend._run_pre_execute_hooks(table)
        self._inputs = {name: self._sql_of(table) for name, table in dataset.tables.items()}
        self._input_memtables = [m for table in dataset.tables.values() for m in _memtables(table)]
        self._months = (first_month, last_month)
        self._calendar = calendar
        self._cursors: list[Any] = []  # opened by the first run, each pointed at a batch as it needs
        self._pointed: dict[int, tuple[str, ...]] = {}  # id(cursor) → the councils it is pointed at
        self._prepared: dict[int, dict[str, str]] = {}  # id(cursor) → its prepared statements' names by SQL
        self._days_lock = threading.Lock()
        self._days: dict[tuple[str, ...], pa.Table] = {}  # the calendars of the batches being run
        self._council_rows = _contiguous_rows(calendar)
        # The backend's own connection holds the stand-ins only for building the expressions on them
        # (their names and columns); the queries run on the cursors. So it is pointed at the first
        # council alone: at 150 councils every council's calendar and grid there made the runner's
        # set-up take 0.347 s (now about 0.125 s), before any query could start, for tables nothing reads.
        self._define(self.backend.con)
        self._point(self.backend.con, tuple(dataset.councils[:1]))
        self.calendar = self.backend.table("csc_calendar")
        self.grid = self.backend.table("csc_grid")
        self.dataset = replace(
            dataset, tables={name: self.backend.table(_view_name(name)) for name in self._inputs}
        )
        # DuckDB's threads are shared among the queries that run at once, restored by `close`.
        self._threads = int(self.backend.con.execute("SELECT current_setting('threads')").fetchall()[0][0])
        self.backend.con.execute(f"SET threads = {threads_per_query(self._threads)}")

    def _sql_of(self, expression: ir.Table) -> str:
        key = expression.op()
        sql = _COMPILED.get(key)
        if sql is None:
            sql = _COMPILED[key] = _compile_unfused(self.backend, expression)
            if len(_COMPILED) > _COMPILED_KEPT:
                _COMPILED.popitem(last=False)
        else:
            _COMPILED.move_to_end(key)
        return sql

    def _point_cursor(self, cursor: Any, councils: tuple[str, ...]) -> None:
        """Point a query cursor at a batch unless it is pointed there already."""
        if self._pointed.get(id(cursor)) != councils:
            self._point(cursor, councils)
            self._pointed[id(cursor)] = councils

    def _prepared_on(self, cursor: Any, sql: str) -> str:
        """The name of `sql` prepared on this cursor, preparing it the first time the cursor runs it."""
        statements = self._prepared.setdefault(id(cursor), {})
        name = statements.get(sql)
        if name is None:
            name = f"csc_query_{len(statements)}"
            cursor.execute(f"PREPARE {name} AS {sql}")
            statements[sql] = name
        return name

    def _define(self, connection: Any) -> None:
        """Make one DuckDB connection's input views, which read its councils from `csc_councils`."""
        for name, sql in self._inputs.items():
            connection.execute(
                f"CREATE OR REPLACE TEMP VIEW {_view_name(name)} AS "
                f"SELECT * FROM ({sql}) WHERE list_contains(getvariable('csc_councils'), council)"
            )

    def _point(self, connection: Any, councils: tuple[str, ...]) -> None:
        """Point one DuckDB connection's stand-ins at these councils."""
        execute = connection.execute
        quoted = ", ".join(_quote(c) for c in councils)
        execute(f"SET VARIABLE csc_councils = CAST([{quoted}] AS VARCHAR[])")
        first, last = self._months
        execute(
            "CREATE OR REPLACE TEMP TABLE csc_grid AS "
            f"SELECT CAST(c.council AS VARCHAR) AS council, CAST(m.month AS BIGINT) AS month "
            f"FROM (SELECT unnest([{quoted}]) AS council, generate_subscripts([{quoted}], 1) AS o) c, "
            f"range({first}, {last + 1}) m(month) ORDER BY c.o, m.month"
        )
        connection.register("csc_calendar_rows", self._days_of(councils))
        execute("CREATE OR REPLACE TEMP TABLE csc_calendar AS SELECT * FROM csc_calendar_rows")
        connection.unregister("csc_calendar_rows")

    def _days_of(self, councils: tuple[str, ...]) -> pa.Table:
        """The calendar's rows of these councils, taken once for all the cursors. The last two
        batches' are kept: one cursor may start a batch while the other still runs the one before."""
        with self._days_lock:
            days = self._days.get(councils)
            if days is None:
                # A batch's councils are neighbours in the calendar (`build_calendar` writes it
                # council by council, in the dataset's order, as batches are cut), so their rows
                # are one zero-copy slice; picking them with `is_in` took 0.39 CPU-s a run at 150
                # councils. Any other calendar is filtered.
                spans = [self._council_rows.get(council) for council in councils]
                found = [span for span in spans if span is not None]
                if len(found) == len(spans) and all(
                    a + n == b for (a, n), (b, _) in itertools.pairwise(found)
                ):
                    days = self._calendar.slice(found[0][0], sum(n for _, n in found))
                else:
                    days = self._calendar.filter(
                        pc.is_in(self._calendar["council"], value_set=pa.array(councils))
                    )
                self._days[councils] = days
                while len(self._days) > 2:
                    del self._days[next(iter(self._days))]
            return days

    def compile(self, label: str, query: ir.Table) -> CompiledQuery:
        return CompiledQuery(label, self._sql_of(query), query.schema().to_pyarrow(), _memtables(query))

    def run_batches(
        self,
        batches: Sequence[Sequence[str]],
        first: Iterable[CompiledQuery],
        later: Callable[[], Iterable[CompiledQuery]],
    ) -> Generator[tuple[int, pa.Table], None, None]:
        """(batch index, result) of `first`'s queries over the first batch, then of `later()`'s over
        each later batch, in that order, QUERY_THREADS queries at a time.

        Every query is taken before the first result is returned, each starting as soon as a cursor
        is free: given a generator that compiles them, the first queries run while the later ones
        compile, and `later` is called only once `first` is exhausted (so it may return what `first`
        compiled). A cursor is pointed at a batch when it takes the batch's first query, so one
        cursor starts the next batch while the other runs the last query of this one.

        Temporary views and tables belong to one DuckDB connection, so each cursor (a connection to
        the same database) gets its own stand-ins, grid and calendar; a cursor serves one query at a
        time.
        """
        councils = [tuple(batch) for batch in batches]
        if not councils:
            return
        while len(self._cursors) < QUERY_THREADS:
            self._cursors.append(self._open_cursor())
        idle: queue.SimpleQueue[Any] = queue.SimpleQueue()
        for cursor in self._cursors:
            idle.put(cursor)

        def run(task: tuple[int, CompiledQuery]) -> tuple[int, pa.Table]:
            number, query = task
            cursor = idle.get()
            try:
                self._point_cursor(cursor, councils[number])
                for name, data in query.memtables:
                    cursor.register(name, data)
                # Prepared once per cursor (see the module's docstring). At 150 councils the first
                # slice's queries over the 24 batches took 6% less CPU than as `cursor.sql(text)`,
                # which binds a query to make a relation and again to run it (47.6 -> 44.6 CPU-s,
                # one thread, two rounds, every result identical).
                statement = self._prepared_on(cursor, query.sql)
                return number, cursor.sql(f"EXECUTE {statement}").to_arrow_table().cast(query.schema)
            finally:
                idle.put(cursor)

        tasks = itertools.chain(
            ((0, query) for query in first),
            ((number, query) for number in range(1, len(councils)) for query in later()),
        )
        pool = ThreadPoolExecutor(max_workers=QUERY_THREADS, thread_name_prefix="csc-query")
        try:
            yield from pool.map(run, tasks)
        finally:  # closed early (an error while reading a result): the queries not started are dropped
            pool.shutdown(wait=True, cancel_futures=True)

    def _open_cursor(self) -> Any:
        cursor = self.backend.con.cursor()
        for name, data in self._input_memtables:
            cursor.register(name, data)
        self._define(cursor)  # pointed at a batch when it takes the batch's first query
        return cursor

    def close(self) -> None:
        self.backend.con.execute(f"SET threads = {self._threads}")
        for cursor in self._cursors:  # its temporary views and tables go with it
            cursor.close()
        self._cursors.clear()
        self._pointed.clear()
        self._prepared.clear()
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


def _contiguous_rows(calendar: pa.Table) -> dict[str, tuple[int, int]]:
    """(first row, number of rows) in `calendar` of each council whose rows are all together."""
    encoded = pc.dictionary_encode(calendar["council"]).combine_chunks()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    if len(codes) == 0:
        return {}
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    lengths = np.diff(np.r_[starts, len(codes)])
    names = encoded.dictionary.to_pylist()
    rows: dict[str, tuple[int, int]] = {}
    apart: set[str] = set()
    for start, length in zip(starts.tolist(), lengths.tolist(), strict=True):
        name = names[codes[start]]
        if name in rows:
            apart.add(name)
        rows[name] = (start, length)
    return {name: span for name, span in rows.items() if name not in apart}


def _memtables(expression: ir.Table) -> tuple[tuple[str, Any], ...]:
    """The in-memory tables an expression reads, as a cursor must register them (Ibis registers them on
    the backend's own connection only)."""
    import ibis.expr.operations as ops

    return tuple((op.name, op.data.to_pyarrow(op.schema)) for op in expression.op().find(ops.InMemoryTable))


def _view_name(table: str) -> str:
    return f"csc_in_{table}"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


__all__ = ["BatchRunner", "CompiledQuery", "batches_by_rows", "council_batches", "threads_per_query"]
