"""compute(dataset, catalogue, settings) → Results: every indicator, every council, every month, in one pass.

1. Shared inputs built once: the working calendar, the council × month grid, each view.
2. One query per view (and family): monthly numerators and denominators for all its indicators,
   then window sums (rolling, year to date, quarter) or cumulated snapshot counts.
3. The small result is made tidy in pandas: values from numerators and denominators, populations
   for rates, and a status for every row (`engine.status`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from csc_scorecard.catalogue.load import CatalogueError
from csc_scorecard.catalogue.model import Catalogue, Indicator, Kind
from csc_scorecard.catalogue.registry import bespoke_function
from csc_scorecard.collector import fewer_collections

# Indicator families kept in their own modules register their views and bespoke functions on import.
from csc_scorecard.engine import (  # noqa: F401 (the view and bespoke modules register on import)
    bespoke_local,
    bespoke_national,
    kinds,
    views_local,
    views_local_cohorts,
    views_national,
)
from csc_scorecard.engine.batches import BatchRunner, CompiledQuery, council_batches
from csc_scorecard.engine.calendar import council_calendars, month_index, month_start
from csc_scorecard.engine.population import population_overrides
from csc_scorecard.engine.results import RESULTS_SCHEMA, Results
from csc_scorecard.engine.settings import ComputeSettings
from csc_scorecard.engine.tidy import LongFigures, RowKeys, long_figures, tidy_batch
from csc_scorecard.engine.views import EVENT_VIEWS, STATE_VIEWS, StateView, ViewInputs

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from csc_scorecard.ingest.dataset import Dataset

Progress = Callable[[str], None]
# A batch of councils, the categories its rows carry, and its queries' figures (`engine.tidy`): the
# figures are coded by those categories, and made tidy with the same ones.
Batch = tuple[tuple[str, ...], RowKeys, list[LongFigures]]
ENGINES = ("duckdb", "spark")  # spark needs the csc-scorecard[spark] extra (engine.spark)


def compute(
    dataset: Dataset, catalogue: Catalogue, settings: ComputeSettings, progress: Progress | None = None
) -> Results:
    """Compute every indicator of the catalogue for every council of the dataset.

    Example:
        >>> results = compute(dataset, load_catalogue(), ComputeSettings.for_period("2023-01"))
        >>> results.get("CIN1", date(2023, 1, 31))["value"]
        211.0
    """
    if settings.engine not in ENGINES:
        raise ValueError(f"engine '{settings.engine}' is not one of: {', '.join(ENGINES)}")
    _check_views(catalogue)
    if not dataset.councils:  # a Dataset made by hand with no councils: no figures, not an Arrow error
        return Results(RESULTS_SCHEMA.empty_table())
    report = progress or (lambda _: None)
    batches = (
        _compute_on_spark(dataset, catalogue, settings, report)
        if settings.engine == "spark"
        else _compute_on_duckdb(dataset, catalogue, settings, report)
    )
    # Each batch of councils is made tidy on a thread of its own while the next batch's queries run
    # (pandas on one CPU, DuckDB mostly waiting on the other); only the monthly figures of the batches
    # not yet tidy are held. Results keep the batches' order whichever finishes first.
    populations = population_overrides(dataset)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="csc-tidy") as tidying:
        pending: list[Future[pa.Table]] = []
        for councils, keys, figures in batches:
            for part in pending:
                if part.done():
                    part.result()  # a batch that could not be made tidy stops the run now, not at the end
            report("statuses and values")
            pending.append(
                tidying.submit(
                    tidy_batch,
                    figures,
                    keys,
                    replace(dataset, councils=councils),
                    catalogue,
                    settings,
                    populations,
                )
            )
        parts = [part.result() for part in pending]
    table = pa.concat_tables(parts) if parts else RESULTS_SCHEMA.empty_table()
    if not _in_council_order(parts):
        # Each part is in report order; a stable sort by council puts the councils in order too.
        table = table.take(pc.sort_indices(table, [("council", "ascending")]))
    return Results(table)


def _in_council_order(parts: list[pa.Table]) -> bool:
    """Whether the batches' parts, each sorted by council, follow one another in council order (as
    they do when the councils' folders sort as their codes): then the results need no sort, which at
    150 councils is about 1.5 s of taking 1.9 million rows."""
    edges = [(part["council"][0].as_py(), part["council"][-1].as_py()) for part in parts if part.num_rows]
    return all(last <= first for (_, last), (first, _) in pairwise(edges))


def _compute_on_duckdb(
    dataset: Dataset, catalogue: Catalogue, settings: ComputeSettings, report: Progress
) -> Iterator[Batch]:
    """Every query built and compiled once, then run over each batch of councils (`engine.batches`).

    The first batch's queries start as each is compiled: building and compiling the catalogue is
    Python (about 2 s), running it is DuckDB, and the two overlap on a second CPU.
    """
    batches = council_batches(dataset, settings.batch_rows)
    runner = BatchRunner(
        dataset, build_calendar(dataset, settings), settings.spine_start, settings.last_month
    )
    compiled: list[tuple[list[Indicator], CompiledQuery]] = []

    def compiling() -> Iterator[CompiledQuery]:
        with fewer_collections():
            inputs = ViewInputs(
                runner.dataset, settings, settings.spine_start, settings.last_month, runner.calendar
            )
            for label, indicators, query in _queries(catalogue, inputs, runner.calendar, runner.grid):
                compiled.append((indicators, runner.compile(label, query)))
                yield compiled[-1][1]

    # Queries run two at a time (`BatchRunner.run_batches`), the batches one after another without a
    # pause; a step's time is the wait for its result.
    results = runner.run_batches(batches, compiling(), lambda: [query for _, query in compiled])
    try:
        figures: list[LongFigures] = []
        for number, result in results:
            if not figures:  # the batch's first query
                keys = RowKeys.of(catalogue, batches[number])
            # `run_batches` takes every query before its first result, so `compiled` is whole by then.
            indicators, query = compiled[len(figures)]
            where = f" (councils batch {number + 1} of {len(batches)})" if len(batches) > 1 else ""
            report(f"{query.label}{where}: {', '.join(i.ref for i in indicators)}")
            figures.append(long_figures(result, indicators, keys))
            if len(figures) == len(compiled):  # the batch's last query
                yield batches[number], keys, figures
                figures = []
    finally:
        results.close()
        runner.close()


def _compute_on_spark(
    dataset: Dataset, catalogue: Catalogue, settings: ComputeSettings, report: Progress
) -> list[Batch]:
    """Every table copied into the Spark session; the small tables registered as Spark tables too."""
    from csc_scorecard.engine import spark

    grid = kinds.spine(dataset.councils, settings.spine_start, settings.last_month)
    councils = dataset.councils
    dataset = spark.to_spark(dataset)
    calendar = spark.register_small_table(dataset.backend, "csc_calendar", build_calendar(dataset, settings))
    grid = spark.register_small_table(dataset.backend, "csc_grid", grid.to_pyarrow())
    inputs = ViewInputs(dataset, settings, settings.spine_start, settings.last_month, calendar)
    figures: list[LongFigures] = []
    keys = RowKeys.of(catalogue, councils)
    for label, indicators, query in _queries(catalogue, inputs, calendar, grid):
        report(f"{label}: {', '.join(i.ref for i in indicators)}")
        figures.append(long_figures(query.to_pyarrow(), indicators, keys))
    return [(councils, keys, figures)]


def build_calendar(dataset: Dataset, settings: ComputeSettings) -> pa.Table:
    """Each council's working calendar from the earliest date of birth (or 10 years before the first
    window) to two years past the latest extract date, with the council's own `ref_working_calendar`
    rows overriding by date."""
    first = month_start(settings.spine_start) - timedelta(days=3653)
    person = dataset.tables.get("ssd_person")
    if person is not None and "pers_dob" in person.columns:
        earliest = person.pers_dob.min().to_pyarrow().as_py()
        if earliest is not None:
            first = min(first, earliest)
    extract = max(dataset.extract_dates.values(), default=month_start(settings.last_month + 1))
    last = max(extract, month_start(settings.last_month + 1)) + timedelta(days=731)
    overrides: dict[str, dict[date, bool]] = {}
    table = dataset.tables.get("ref_working_calendar")
    if table is not None and {"date", "is_working_day"} <= set(table.columns):
        for row in table.select("council", "date", "is_working_day").to_pyarrow().to_pylist():
            if row["date"] is not None and row["is_working_day"] is not None:
                overrides.setdefault(row["council"], {})[row["date"]] = bool(row["is_working_day"])
    return council_calendars(dataset.councils, first, last, overrides)


def _check_views(catalogue: Catalogue) -> None:
    problems = []
    for ind in catalogue.indicators:
        if ind.kind is Kind.BESPOKE:
            if bespoke_function(ind.ref) is None:
                problems.append(f"{ind.ref}: kind bespoke but no function is registered for it")
        elif ind.measure.view not in EVENT_VIEWS and ind.measure.view not in STATE_VIEWS:
            problems.append(f"{ind.ref}: measure.view '{ind.measure.view}' is not one of the engine's views")
        elif ind.kind in (Kind.OPEN_AT_DATE, *kinds.CASELOAD_KINDS) and ind.measure.view not in STATE_VIEWS:
            problems.append(f"{ind.ref}: kind {ind.kind} needs a state view, not '{ind.measure.view}'")
    if problems:
        raise CatalogueError("the catalogue does not match the engine", tuple(problems))


def query_count(catalogue: Catalogue) -> int:
    """How many queries `compute` runs per batch of councils (a progress bar's steps, with one more
    per batch for statuses and values)."""
    return len(_plan(catalogue))


def _plan(catalogue: Catalogue) -> list[tuple[str, list[Indicator]]]:
    """The queries `_queries` builds, in order, as (label, indicators): one per event view, a state
    view's caseloads and its snapshots apart, then one per bespoke indicator (labelled by its ref)."""
    by_view: dict[str, list[Indicator]] = {}
    bespoke: list[Indicator] = []
    for ind in catalogue.indicators:
        if ind.kind is Kind.BESPOKE:
            bespoke.append(ind)
        else:
            by_view.setdefault(ind.measure.view, []).append(ind)
    plan: list[tuple[str, list[Indicator]]] = []
    for name, indicators in by_view.items():
        if name in EVENT_VIEWS:
            plan.append((name, indicators))
            continue
        caseload = [i for i in indicators if i.kind in kinds.CASELOAD_KINDS]
        snapshot = [i for i in indicators if i.kind not in kinds.CASELOAD_KINDS]
        plan.extend((name, shape) for shape in (caseload, snapshot) if shape)
    return [*plan, *((ind.ref, [ind]) for ind in bespoke)]


def _queries(
    catalogue: Catalogue, inputs: ViewInputs, calendar: ir.Table, grid: ir.Table
) -> Iterator[tuple[str, list[Indicator], ir.Table]]:
    """The queries of `_plan`, each over every council and month at once, each as it is built."""
    settings = inputs.settings
    states: dict[str, StateView] = {}  # a state view with caseloads and snapshots is built once
    for name, indicators in _plan(catalogue):
        if indicators[0].kind is Kind.BESPOKE:
            function = bespoke_function(name)
            assert function is not None
            yield name, indicators, function(inputs, indicators[0], calendar, grid)
            continue
        if name in EVENT_VIEWS:
            view = EVENT_VIEWS[name](inputs)
            monthly = kinds.event_aggregates(
                view, indicators, calendar, inputs.spine_start, inputs.spine_end, settings.working_hours
            )
            columns = [c for c in monthly.columns if c not in ("council", "month")]
            yield name, indicators, kinds.windowed(monthly, indicators, grid, columns)
            continue
        if name not in states:
            states[name] = STATE_VIEWS[name](inputs)
        state = states[name]
        if indicators[0].kind in kinds.CASELOAD_KINDS:
            query = kinds.caseload_aggregates(state, indicators, grid, inputs.spine_start, inputs.spine_end)
            yield name, indicators, query
            continue
        predicates: dict[str, tuple[str, ...]] = {}
        for ind in indicators:
            where = (ind.measure.where,) if ind.measure.where else ()
            if not where:
                raise CatalogueError(
                    f"{ind.ref}: a snapshot on view {name} needs measure.where (who is counted)"
                )
            # A breakdown is a subgroup: the same figure over the keys that also have its flag.
            for suffix, rows in ((None, where), *((b.value, (*where, b.key)) for b in ind.breakdowns)):
                if ind.kind is Kind.PROPORTION:
                    assert ind.measure.numerator is not None
                    predicates[kinds.numerator_column(ind.ref, suffix)] = (*rows, ind.measure.numerator)
                    predicates[kinds.denominator_column(ind.ref, suffix)] = rows
                else:
                    predicates[kinds.numerator_column(ind.ref, suffix)] = rows
        changes = kinds.snapshot_aggregates(state, predicates, inputs.spine_start, inputs.spine_end)
        yield name, indicators, kinds.cumulate(changes, grid, list(predicates))


__all__ = ["build_calendar", "compute", "month_index", "query_count"]
