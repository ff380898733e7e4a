"""One local SparkSession for the whole test session, and a small generated multi-council extract.

The Spark tests are marked `spark` (select them with `pytest -m spark`); they are skipped when
PySpark or Java is not installed (`pip install 'csc-scorecard[spark]'`, Java 17). The tests reuse
the engine tests' builders (`make_dataset`) and helpers (`cin_council_folder`).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_ENGINE_TESTS = str(Path(__file__).resolve().parent.parent / "engine")
if _ENGINE_TESTS not in sys.path:
    sys.path.insert(0, _ENGINE_TESTS)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "spark: runs the engine on a local Spark session (needs PySpark, Java)"
    )


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java 17 on the PATH")
    from csc_scorecard.engine.spark import LOCAL_CONFIG, session

    # The session `compute --engine spark` starts on a machine without a cluster, with its settings:
    # the tests run the engine as a council's analyst would.
    spark = session("local[2]")
    assert {key: spark.conf.get(key) for key in LOCAL_CONFIG} == LOCAL_CONFIG, "a session was already running"
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


@pytest.fixture(scope="session")
def generated_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three synthetic councils over two years (a few seconds to generate)."""
    from csc_scorecard.synth.generate import Request, generate

    folder = tmp_path_factory.mktemp("three_councils")
    generate(Request(folder, seed=5, start="2021-04", end="2023-03", councils=3, profile="reference"))
    return folder
