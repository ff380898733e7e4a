"""Councils computed in batches give exactly the results of one pass over them all; queries run two
at a time give exactly the results of one at a time."""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import ibis
import pandas as pd
import pyarrow.compute as pc
import pytest

from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.engine import ComputeSettings, compute
from csc_scorecard.engine.batches import council_batches
from csc_scorecard.engine.settings import default_population_lookup
from csc_scorecard.ingest import LoadSettings, load_dataset
from csc_scorecard.ingest.dataset import Coverage, Dataset, TableLoad, TableStatus


def _dataset_with_rows(rows: dict[str, int]) -> Dataset:
    loads = {}
    for council, n in rows.items():
        # Two tables per council, so a council's rows are summed over its tables.
        for table, share in (("ssd_contacts", n - n // 2), ("ssd_person", n // 2)):
            loads[(council, table)] = TableLoad(
                council,
                table,
                TableStatus.LOADED,
                rows_read=share,
                rows_accepted=share,
                coverage=Coverage(None, None),
            )
    return Dataset(
        councils=tuple(rows), extract_dates={c: date(2023, 3, 31) for c in rows}, loads=loads, tables={}
    )


def test_batches_keep_council_order_and_never_split_a_council():
    dataset = _dataset_with_rows({"A": 40, "B": 50, "C": 30, "D": 120, "E": 10})
    # A+B = 90 fits 100; adding C (120) does not. C alone, then D (over the limit alone), then E.
    assert council_batches(dataset, 100) == (("A", "B"), ("C",), ("D",), ("E",))
    assert council_batches(dataset, 1_000) == (("A", "B", "C", "D", "E"),)
    # A limit below every council: one council a batch.
    assert council_batches(dataset, 1) == (("A",), ("B",), ("C",), ("D",), ("E",))


@pytest.fixture(scope="module")
def three_councils(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from csc_scorecard.synth.generate import Request, generate

    folder = tmp_path_factory.mktemp("batches")
    # Small councils (the small-shire profile) keep this quick; three of them make three batches.
    generate(Request(folder, seed=11, start="2022-04", end="2023-03", councils=3, profile="small_shire"))
    return folder


@pytest.fixture(scope="module")
def one_council_a_batch(three_councils: Path) -> tuple[pd.DataFrame, list[str]]:
    """The whole catalogue over the three councils in three batches, and its progress steps."""
    dataset = load_dataset(three_councils, LoadSettings())
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    steps: list[str] = []
    results = compute(dataset, load_catalogue(), replace(settings, batch_rows=1), progress=steps.append)
    return results.to_pandas(), steps


@pytest.mark.slow
def test_one_council_a_batch_gives_the_same_results_as_one_pass(
    three_councils: Path, one_council_a_batch: tuple[pd.DataFrame, list[str]]
):
    dataset = load_dataset(three_councils, LoadSettings())
    assert len(dataset.councils) == 3
    catalogue = load_catalogue()
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    together = compute(dataset, catalogue, settings).to_pandas()
    apart, steps = one_council_a_batch
    # Three batches really ran, each over one council.
    assert any("batch 3 of 3" in s for s in steps)
    assert not any("batch 4" in s for s in steps)
    assert set(together.council) == set(dataset.councils)
    pd.testing.assert_frame_equal(together, apart, check_exact=False, rtol=1e-12)
    # The data exercise the comparison: most rows are computed figures, not empty ones.
    assert (together.status == "ok").mean() > 0.5


def test_batches_of_councils_listed_out_of_order_give_results_in_council_order(three_councils: Path):
    dataset = load_dataset(three_councils, LoadSettings())
    catalogue = load_catalogue().select(("FD1", "CIN1"))
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    one_pass = compute(dataset, catalogue, settings).to_pandas()
    # The councils listed last first: one council a batch, the batches' results come last first.
    reversed_order = replace(dataset, councils=tuple(reversed(dataset.councils)))
    apart = compute(reversed_order, catalogue, replace(settings, batch_rows=1)).to_pandas()
    assert list(dict.fromkeys(apart.council)) == sorted(dataset.councils)
    pd.testing.assert_frame_equal(apart, one_pass, check_exact=True)


@pytest.mark.slow
def test_queries_run_together_give_the_results_of_one_at_a_time(three_councils: Path, monkeypatch):
    from csc_scorecard.engine import batches

    dataset = load_dataset(three_councils, LoadSettings())
    catalogue = load_catalogue()
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    monkeypatch.setattr(batches, "QUERY_THREADS", 1)
    one_at_a_time = compute(dataset, catalogue, settings).to_pandas()

    threads: set[str] = set()
    open_cursor = batches.BatchRunner._open_cursor

    def recording(self: batches.BatchRunner) -> object:
        cursor = open_cursor(self)
        sql = cursor.sql

        class Recorded:  # a DuckDB cursor that notes which thread runs each query
            def __getattr__(self, name: str) -> object:
                return getattr(cursor, name)

            def sql(self, query: str) -> object:
                threads.add(threading.current_thread().name)
                return sql(query)

        return Recorded()

    monkeypatch.setattr(batches, "QUERY_THREADS", 2)
    monkeypatch.setattr(batches.BatchRunner, "_open_cursor", recording)
    together = compute(dataset, catalogue, settings).to_pandas()
    assert len({t for t in threads if t.startswith("csc-query")}) == 2
    pd.testing.assert_frame_equal(together, one_at_a_time, check_exact=True)


def test_in_memory_input_tables_are_seen_by_every_cursor():
    # An input given as an Ibis memtable (not a DuckDB table) is registered on the backend's own
    # connection only; the cursors that run the queries must register it too.
    from builders import involvement, make_dataset
    from engine_helpers import figures, run

    rows = [
        involvement("V1", "W1", "C1", "2022-06-01"),
        involvement("V2", "W1", "C2", "2022-12-01"),
        involvement("V3", "W2", "C3", "2022-11-01", "2023-01-31"),  # ended on the month end
    ]
    dataset = make_dataset({"ssd_involvements": rows})
    table = dataset.tables["ssd_involvements"]
    in_memory = replace(dataset, tables={"ssd_involvements": ibis.memtable(table.to_pyarrow())})
    results = run(in_memory, refs=("WF6", "WF8"), allocated_worker_roles=("SW",))
    # 31 Jan 2023: W1 holds C1 and C2 = 2; W2's only case ended on the date. Mean 2 / 1, largest 2.
    assert figures(results, "WF6", "2023-01-31") == (2.0, 2, 1, "ok")
    assert figures(results, "WF8", "2023-01-31") == (2, 2, 1, "ok")


def _counting_cursors(
    monkeypatch: pytest.MonkeyPatch,
    calls: list[str],
    before_each: Callable[[int, tuple[str, ...]], None] = lambda _, __: None,
) -> None:
    """Cursors that note each query they are given in `calls` (from whichever thread runs it), then
    call `before_each` with the number of queries given before it and the councils of the batch the
    cursor is pointed at, then run it.

    The count alone does not say which batch a query is of: a cursor that finishes the first batch's
    first query may start the second batch's before the other cursor reaches the first batch's
    second query."""
    from csc_scorecard.engine import batches

    open_cursor = batches.BatchRunner._open_cursor
    noting = threading.Lock()

    def counting(self: batches.BatchRunner) -> object:
        cursor = open_cursor(self)
        sql = cursor.sql

        class Counted:
            def __getattr__(self, name: str) -> object:
                return getattr(cursor, name)

            def sql(self, query: str) -> object:
                councils = tuple(cursor.execute("SELECT getvariable('csc_councils')").fetchall()[0][0])
                with noting:
                    given = len(calls)
                    calls.append(threading.current_thread().name)
                before_each(given, councils)
                return sql(query)

        return Counted()

    monkeypatch.setattr(batches.BatchRunner, "_open_cursor", counting)


def _seen_within(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Whether `condition` holds within `seconds` (a bound for a failing run, not a timing)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_the_first_query_runs_while_the_later_ones_compile(three_councils: Path, monkeypatch):
    from csc_scorecard.engine import batches

    dataset = load_dataset(three_councils, LoadSettings())
    # Two refs on different views: two queries.
    catalogue = load_catalogue().select(("FD1", "CIN1"))
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    calls: list[str] = []
    _counting_cursors(monkeypatch, calls)
    compile_query = batches.BatchRunner.compile
    compiled: list[str] = []
    ran_before_second_compiled: list[bool] = []

    def compiling(self: batches.BatchRunner, label: str, query: ibis.Table) -> batches.CompiledQuery:
        if len(compiled) == 1:
            # The second query is being compiled: the first must be running (or have run) by now. Had
            # every query been compiled before any ran, none could start while this waits.
            ran_before_second_compiled.append(_seen_within(lambda: len(calls) >= 1))
        compiled.append(label)
        return compile_query(self, label, query)

    monkeypatch.setattr(batches.BatchRunner, "compile", compiling)
    batches._COMPILED.clear()
    results = compute(dataset, catalogue, settings).to_pandas()
    assert ran_before_second_compiled == [True]
    assert set(results.ref) == {"FD1", "CIN1"}


def test_a_batch_is_made_tidy_while_the_next_batch_runs(three_councils: Path, monkeypatch):
    compute_module = importlib.import_module("csc_scorecard.engine.compute")

    dataset = load_dataset(three_councils, LoadSettings())
    catalogue = load_catalogue().select(("FD1", "CIN1"))
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    one_pass = compute(dataset, catalogue, settings).to_pandas()
    calls: list[str] = []
    _counting_cursors(monkeypatch, calls)
    tidy_batch = compute_module.tidy_batch
    steps: list[str] = []
    next_batch_read: list[bool] = []

    def tidying(*args: object) -> object:
        if not next_batch_read:
            # The first batch's two queries have run; the second batch's results must be read (and
            # reported) while its tidying waits here. Tidied on the main thread, which reads the
            # results, nothing of the second batch could be read meanwhile.
            next_batch_read.append(_seen_within(lambda: any("batch 2 of 3" in s for s in steps)))
        return tidy_batch(*args)

    monkeypatch.setattr(compute_module, "tidy_batch", tidying)
    apart = compute(dataset, catalogue, replace(settings, batch_rows=1), progress=steps.append).to_pandas()
    assert next_batch_read == [True]
    # Three batches of two queries, and the batches' rows in council order as in one pass.
    assert len(calls) == 6
    pd.testing.assert_frame_equal(apart, one_pass, check_exact=True)


def test_a_batch_that_cannot_be_made_tidy_stops_the_run_before_the_last_batch(
    three_councils: Path, monkeypatch
):
    compute_module = importlib.import_module("csc_scorecard.engine.compute")
    dataset = load_dataset(three_councils, LoadSettings())
    catalogue = load_catalogue().select(("FD1", "CIN1"))
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    steps: list[str] = []
    failed = threading.Event()

    tidied: list[object] = []

    def failing(*args: object) -> object:
        tidied.append(args)
        failed.set()
        raise RuntimeError("the first batch could not be made tidy")

    def after_the_failure(given: int, councils: tuple[str, ...]) -> None:
        if councils != dataset.councils[:1]:  # later batches wait until the first one's tidying failed
            assert failed.wait(30)

    calls: list[str] = []
    _counting_cursors(monkeypatch, calls, after_the_failure)
    monkeypatch.setattr(compute_module, "tidy_batch", failing)
    with pytest.raises(RuntimeError, match="could not be made tidy"):
        compute(dataset, catalogue, replace(settings, batch_rows=1), progress=steps.append)
    # Three batches of two queries: the failure stops the run once the second batch has run. The
    # third batch's queries may have started meanwhile (a cursor moves on as soon as it is free), but
    # the batch is neither reported nor made tidy.
    assert 4 <= len(calls) <= 6
    assert len(tidied) == 1
    assert any("batch 2 of 3" in s for s in steps)
    assert not any("batch 3 of 3" in s for s in steps)


def test_a_cursor_starts_the_next_batch_while_the_other_runs_the_last_query(
    three_councils: Path, monkeypatch
):
    dataset = load_dataset(three_councils, LoadSettings())
    catalogue = load_catalogue().select(("FD1", "CIN1"))  # two queries a batch
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    one_pass = compute(dataset, catalogue, settings).to_pandas()
    calls: list[str] = []
    next_batch_started: list[bool] = []

    first_batch = threading.Lock()
    first_batch_given: list[int] = []

    def hold_the_first_batchs_last_query(given: int, councils: tuple[str, ...]) -> None:
        if councils != dataset.councils[:1]:
            return
        with first_batch:
            first_batch_given.append(given)
            last = len(first_batch_given) == 2
        if last:
            # The first batch's second query waits for the second batch's first query to be given to
            # the other cursor. Were a batch's queries all finished before the next batch began,
            # nothing could start while this waits.
            next_batch_started.append(_seen_within(lambda: len(calls) >= 3))

    _counting_cursors(monkeypatch, calls, hold_the_first_batchs_last_query)
    apart = compute(dataset, catalogue, replace(settings, batch_rows=1)).to_pandas()
    assert next_batch_started == [True]
    assert len(calls) == 6
    pd.testing.assert_frame_equal(apart, one_pass, check_exact=True)


def test_the_queries_share_duckdbs_threads_and_the_setting_is_restored(three_councils: Path, monkeypatch):
    from csc_scorecard.engine import batches

    assert [batches.threads_per_query(n) for n in (1, 2, 3, 8)] == [1, 1, 1, 4]
    dataset = load_dataset(three_councils, LoadSettings())
    connection = dataset.backend.con
    connection.execute("SET threads = 4")
    seen: list[int] = []
    open_cursor = batches.BatchRunner._open_cursor

    def noting(self: batches.BatchRunner) -> object:
        cursor = open_cursor(self)
        seen.append(cursor.execute("SELECT current_setting('threads')").fetchall()[0][0])
        return cursor

    monkeypatch.setattr(batches.BatchRunner, "_open_cursor", noting)
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    compute(dataset, load_catalogue().select(("FD1", "CIN1")), settings)
    # Two queries at a time share the four threads; afterwards the connection has its four again.
    assert seen == [2, 2]
    assert connection.execute("SELECT current_setting('threads')").fetchall()[0][0] == 4


def test_the_progress_steps_are_the_queries_run_and_one_for_statuses_per_batch(
    one_council_a_batch: tuple[pd.DataFrame, list[str]],
):
    from csc_scorecard.engine.compute import query_count

    catalogue = load_catalogue()
    _, steps = one_council_a_batch
    # Three batches, each reporting every query and then its statuses and values.
    assert len(steps) == (query_count(catalogue) + 1) * 3
    assert sum(s == "statuses and values" for s in steps) == 3
    # Indicators of one view share a query: WF6 and WF8 (caseloads of view `caseloads`) one, FD1 (a
    # count of view `contacts`) another, WF1 (a snapshot of `cin_children`) a third.
    assert query_count(catalogue.select(("FD1",))) == 1
    assert query_count(catalogue.select(("WF6", "WF8", "FD1", "WF1"))) == 3


def test_each_batch_joins_only_its_own_councils_calendar(three_councils: Path):
    # Joined to a few events, DuckDB hashes the calendar, and a filtering view would not cut it down
    # there: each batch gets its councils' days as a table of their own, on whichever cursor runs it.
    import pyarrow as pa

    from csc_scorecard.engine.batches import BatchRunner, CompiledQuery
    from csc_scorecard.engine.compute import build_calendar

    dataset = load_dataset(three_councils, LoadSettings())
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    calendar = build_calendar(dataset, settings)
    first, second, third = dataset.councils
    sql = "SELECT council, count(*) AS days FROM csc_calendar GROUP BY council ORDER BY council"
    days_per_council = CompiledQuery("days", sql, pa.schema([("council", pa.string()), ("days", pa.int64())]))
    runner = BatchRunner(dataset, calendar, settings.spine_start, settings.last_month)
    try:
        # Four queries a batch, so that both cursors run some of each batch's.
        batches = [(second,), (first, third)]
        results = list(runner.run_batches(batches, [days_per_council] * 4, lambda: [days_per_council] * 4))
    finally:
        runner.close()
    days = calendar.filter(pc.equal(calendar["council"], second)).num_rows
    assert days > 365
    assert [number for number, _ in results] == [0] * 4 + [1] * 4
    for number, result in results:
        if number == 0:
            assert result.to_pylist() == [{"council": second, "days": days}]
        else:
            assert result["council"].to_pylist() == sorted((first, third))


def test_a_batchs_calendar_is_its_councils_rows_taken_together_or_picked_out(three_councils: Path):
    # Neighbouring councils' rows are taken as one slice of the calendar, others are filtered:
    # either way a batch's calendar is exactly its councils' rows, in the calendar's order.
    import pyarrow as pa

    from csc_scorecard.engine.batches import BatchRunner, _contiguous_rows
    from csc_scorecard.engine.compute import build_calendar

    dataset = load_dataset(three_councils, LoadSettings())
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    calendar = build_calendar(dataset, settings)
    first, second, third = dataset.councils
    runner = BatchRunner(dataset, calendar, settings.spine_start, settings.last_month)
    try:
        for councils in [(first,), (first, second), (second, third), (first, third), (third, first)]:
            expected = calendar.filter(pc.is_in(calendar["council"], value_set=pa.array(councils)))
            assert runner._days_of(councils).equals(expected), councils
    finally:
        runner.close()
    # A council whose rows are split (A below) has no single span and is always filtered.
    split = pa.table({"council": ["A", "A", "B", "B", "B", "A"], "day": [1, 2, 1, 2, 3, 3]})
    assert _contiguous_rows(split) == {"B": (2, 3)}
