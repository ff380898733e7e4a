"""Councils computed in batches give exactly the results of one pass over them all."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
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


def test_one_council_a_batch_gives_the_same_results_as_one_pass(three_councils: Path):
    dataset = load_dataset(three_councils, LoadSettings())
    assert len(dataset.councils) == 3
    catalogue = load_catalogue()
    settings = ComputeSettings.for_period("2023-03", months=12, population=default_population_lookup())
    together = compute(dataset, catalogue, settings).to_pandas()
    steps: list[str] = []
    apart = compute(dataset, catalogue, replace(settings, batch_rows=1), progress=steps.append).to_pandas()
    # Three batches really ran, each over one council.
    assert any("batch 3 of 3" in s for s in steps)
    assert not any("batch 4" in s for s in steps)
    assert set(together.council) == set(dataset.councils)
    pd.testing.assert_frame_equal(together, apart, check_exact=False, rtol=1e-12)
    # The data exercise the comparison: most rows are computed figures, not empty ones.
    assert (together.status == "ok").mean() > 0.5
