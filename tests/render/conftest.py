"""Session fixtures for the render tests (the data itself is in render_fixtures.py)."""

from __future__ import annotations

from datetime import datetime  # noqa: F401
from pathlib import Path

import pyarrow as pa
import pytest
from render_fixtures import CONFIG_TOML, REFS, make_model, results_rows

from csc_scorecard.catalogue import Catalogue, load_catalogue
from csc_scorecard.compare.assess import assess, catalogue_info, targets_from_config
from csc_scorecard.config import load_config
from csc_scorecard.config.model import CouncilConfig
from csc_scorecard.engine.results import RESULTS_SCHEMA
from csc_scorecard.render.model_types import ReportModel


@pytest.fixture(scope="session")
def config(tmp_path_factory: pytest.TempPathFactory) -> CouncilConfig:
    path = tmp_path_factory.mktemp("config") / "council.toml"
    path.write_text(CONFIG_TOML, encoding="utf-8")
    return load_config(path)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue().select(REFS)


@pytest.fixture(scope="session")
def assessed(config: CouncilConfig, catalogue: Catalogue) -> pa.Table:
    table = pa.Table.from_pylist(results_rows(), schema=RESULTS_SCHEMA)
    return assess(
        table,
        catalogue_info=catalogue_info(catalogue),
        targets=targets_from_config(config),
        tolerance=config.targets.tolerance_for,
        polarity_override=config.targets.polarity,
    )


@pytest.fixture(scope="session")
def model(config: CouncilConfig, catalogue: Catalogue, assessed: pa.Table) -> ReportModel:
    return make_model(config, catalogue, assessed)


@pytest.fixture(scope="session")
def html_text(model: ReportModel) -> str:
    from csc_scorecard.render.html import render_html

    return render_html(model)


@pytest.fixture(scope="session")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("report")
