"""The full catalogue on the synthetic reference council: all 122 refs, calibration of the local
counts against the reference scorecard (January 2023), and each extension table dropped in turn."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from local_refs import LOCAL_REFS

from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.config import load_config
from csc_scorecard.engine.compute import compute
from csc_scorecard.engine.settings import from_config
from csc_scorecard.ingest import LoadSettings, load_dataset
from csc_scorecard.ingest.dataset import Dataset, TableStatus
from csc_scorecard.schema import TABLES
from csc_scorecard.schema.model import Source
from csc_scorecard.synth.generate import Request, generate

pytestmark = pytest.mark.slow

CATALOGUE = load_catalogue()
# The reference scorecard's January 2023 counts; the synthetic council is calibrated within ±15%.
CALIBRATION = {"FD8a": 486, "FD9a": 384, "CIN9": 124}
JANUARY, QUARTER_END = "2023-01-31", "2022-12-31"
QUARTERLY = {i.ref for i in CATALOGUE.indicators if i.period_basis.value == "quarter"}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, object]:
    folder = tmp_path_factory.mktemp("reference")
    generate(Request(folder, seed=2, start="2017-04", end="2023-03", profile="reference"))
    config = load_config(folder / "council.toml")
    settings = LoadSettings(value_maps=dict(config.value_maps), date_formats=dict(config.date_formats))
    return load_dataset(folder, settings), config


def _january(dataset: Dataset, config: object, months: int = 1) -> pd.DataFrame:
    """January 2023's figures; a quarterly ref's figure is that of the last complete quarter (to December)."""
    results = compute(dataset, CATALOGUE, from_config(config, "2023-01", months=months)).to_pandas()
    end = results.period_end.astype(str)
    return results[(end == JANUARY) | (results.ref.isin(QUARTERLY) & (end == QUARTER_END))]


@pytest.fixture(scope="module")
def baseline(reference) -> pd.DataFrame:
    return _january(*reference, months=13)


def test_every_ref_of_the_catalogue_is_computed(baseline):
    assert len(CATALOGUE.refs) == 122
    assert set(baseline.ref) == set(CATALOGUE.refs)
    local = baseline[baseline.ref.isin(LOCAL_REFS) & (baseline.breakdown_value == "all")]
    assert set(local.status) == {"ok"}, local[local.status != "ok"][["ref", "status", "note"]]


@pytest.mark.parametrize(("ref", "target"), sorted(CALIBRATION.items()))
def test_january_2023_within_the_calibration_band(baseline, ref, target):
    value = baseline[(baseline.ref == ref) & (baseline.breakdown_value == "all")].value.item()
    assert abs(value - target) <= 0.15 * target, f"{ref}: {value} vs {target}"


def _without(dataset: Dataset, table: str) -> Dataset:
    loads = {
        key: dataclasses.replace(load, status=TableStatus.MISSING) if key[1] == table else load
        for key, load in dataset.loads.items()
    }
    tables = {name: t for name, t in dataset.tables.items() if name != table}
    return dataclasses.replace(dataset, loads=loads, tables=tables)


EXTENSION_TABLES = sorted(
    name for name, t in TABLES.items() if t.source in (Source.EXTENSION, Source.REFERENCE)
)


def _unavailable(frame: pd.DataFrame) -> set[str]:
    main = frame[frame.breakdown_value == "all"]
    return set(main[main.status == "not_available"].ref)


@pytest.fixture(scope="module")
def unavailable_with_every_table(reference) -> set[str]:
    return _unavailable(_january(*reference))


@pytest.mark.parametrize("table", EXTENSION_TABLES)
def test_dropping_an_extension_table_makes_exactly_its_refs_not_available(
    reference, unavailable_with_every_table, table
):
    dataset, config = reference
    before = unavailable_with_every_table
    after = _unavailable(_january(_without(dataset, table), config))
    needing = {i.ref for i in CATALOGUE.indicators if table in i.requires}
    assert after - before == needing - before, table
