"""The examples in the signals and comparison docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "csc_scorecard.signals.rules",
    "csc_scorecard.signals.icons",
    "csc_scorecard.signals.spc",
    "csc_scorecard.signals.changepoint",
    "csc_scorecard.compare.trend",
    "csc_scorecard.compare.target_status",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
