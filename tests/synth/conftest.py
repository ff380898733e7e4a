"""Generated extracts shared by the synthetic-data tests: each is generated once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_scorecard.synth.generate import Request, generate


@pytest.fixture(scope="session")
def reference_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference profile over the full window, 2017-04 to 2023-03 (a few seconds)."""
    folder = tmp_path_factory.mktemp("reference")
    generate(Request(folder, seed=2, start="2017-04", end="2023-03", profile="reference"))
    return folder


@pytest.fixture(scope="session")
def small_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small shire over two years, as CSV."""
    folder = tmp_path_factory.mktemp("small")
    generate(
        Request(folder, seed=3, start="2021-04", end="2023-03", profile="small_shire", file_format="csv")
    )
    return folder
