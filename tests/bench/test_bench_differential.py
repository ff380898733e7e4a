"""The engine and the idiomatic pandas baseline agree on every first-slice numerator and denominator.

This is the kinds' differential test on generated data: the baseline (src/csc_scorecard/bench/
pandas_baseline.py) is written independently in pandas from the same definitions, so a kind that
computes the wrong thing on realistic data shows up as a difference here. The row-wise baseline is
checked against the vectorised one on a small subset, so that the bench compares like with like;
and the vectorised one run in the engine's batches of councils (as the bench runs it) against one pass.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csc_scorecard.bench.pandas_baseline import REFS, compute_slice, compute_slice_in_batches
from csc_scorecard.bench.pandas_inputs import council_rows, read_inputs
from csc_scorecard.bench.pandas_rowwise import ROWWISE_REFS, compute_rowwise
from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.engine import ComputeSettings, compute
from csc_scorecard.engine.batches import batches_by_rows, council_batches
from csc_scorecard.engine.calendar import month_index
from csc_scorecard.engine.settings import default_population_lookup
from csc_scorecard.ingest import LoadSettings, load_dataset
from csc_scorecard.synth.generate import Request, generate

KEY = ["council", "month", "ref", "breakdown_value"]
FIRST, LAST = "2021-04", "2023-03"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("bench_three_councils")
    generate(Request(folder, seed=9, start=FIRST, end=LAST, councils=3, profile="reference"))
    return load_dataset(folder, LoadSettings())


@pytest.fixture(scope="module")
def engine_figures(loaded) -> pd.DataFrame:
    settings = ComputeSettings.for_period(LAST, months=24, population=default_population_lookup())
    results = compute(loaded, load_catalogue().select(REFS), settings).to_pandas()
    results["month"] = [month_index(d) for d in results.period_end]
    return results


@pytest.fixture(scope="module")
def pandas_figures(loaded) -> pd.DataFrame:
    return compute_slice(read_inputs(loaded.backend.con, FIRST, LAST))


def _differences(expected: pd.DataFrame, got: pd.DataFrame) -> pd.DataFrame:
    joined = expected.merge(got, on=KEY, how="left", suffixes=("_expected", "_got"))
    bad = np.zeros(len(joined), dtype=bool)
    for figure in ("numerator", "denominator"):
        a, b = joined[f"{figure}_expected"], joined[f"{figure}_got"]
        same = (a.isna() & b.isna()) | ((a - b).abs() <= 1e-9 * (1 + a.abs()))
        bad |= ~same.to_numpy()
    return joined[bad]


@pytest.mark.slow
def test_every_slice_ref_is_in_both(engine_figures, pandas_figures):
    assert set(engine_figures.ref) == set(REFS)
    assert set(pandas_figures.ref) == set(REFS)
    # The generated data exercise every ref: each has months with a non-zero numerator.
    nonzero = pandas_figures[pandas_figures.numerator > 0].ref.unique()
    assert set(nonzero) == set(REFS)


def test_engine_and_vectorised_pandas_agree(engine_figures, pandas_figures):
    # Rows the engine could not compute (e.g. past a table's coverage) have no numerator to compare.
    computed = engine_figures[engine_figures.numerator.notna()][[*KEY, "numerator", "denominator"]]
    assert len(computed) > 0.9 * len(engine_figures)
    differences = _differences(computed, pandas_figures)
    assert differences.empty, differences.head(20).to_string()


@pytest.mark.slow
def test_rowwise_pandas_agrees_with_vectorised_pandas(loaded):
    inputs = read_inputs(loaded.backend.con, FIRST, LAST, councils=1, results_from="2022-12")
    rowwise = compute_rowwise(inputs)
    vectorised = compute_slice(inputs)
    assert set(rowwise.ref) == set(ROWWISE_REFS)
    differences = _differences(rowwise, vectorised)
    assert differences.empty, differences.to_string()


def test_vectorised_pandas_in_batches_gives_the_figures_of_one_pass(loaded, pandas_figures):
    con = loaded.backend.con
    rows = council_rows(con, loaded.councils)
    # Counted in the tables, each council's rows are the engine's: its accepted rows over every table.
    accepted = {c: sum(load.rows_accepted for (lc, _), load in loaded.loads.items() if lc == c) for c in rows}
    assert rows == accepted
    first, second, third = loaded.councils
    # A limit that holds the first two councils but not the third: a batch of two, then one of one.
    max_rows = rows[first] + rows[second]
    batches = batches_by_rows(rows, max_rows)
    assert batches == ((first, second), (third,)) == council_batches(loaded, max_rows)
    figures, read_seconds = compute_slice_in_batches(con, FIRST, LAST, batches)
    assert read_seconds > 0
    assert set(figures.council) == set(loaded.councils)
    one_pass = pandas_figures.sort_values(KEY).reset_index(drop=True)
    batched = figures.sort_values(KEY).reset_index(drop=True)
    assert not one_pass.duplicated(KEY).any()
    pd.testing.assert_frame_equal(batched, one_pass, check_exact=True)
