"""Fixtures for the ingest tests; helper functions live in ingest_builders (a unique module name)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from csc_scorecard.ingest import Dataset, LoadSettings, load_dataset


@pytest.fixture
def load(tmp_path: Path) -> Callable[..., Dataset]:
    """Load `tmp_path` (or a given folder) with settings given as keywords."""

    def run(folder: Path | None = None, **settings: object) -> Dataset:
        return load_dataset(folder or tmp_path, LoadSettings(**settings))  # type: ignore[arg-type]

    return run
