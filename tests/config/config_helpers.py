"""Shared helpers for the council configuration tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from csc_scorecard.config import CouncilConfig, validate_config_text
from csc_scorecard.errors import ConfigError

# The minimal valid file: just the home council. Tests append the section under test, so
# line numbers in expected messages are HOME's 4 lines plus the line within the appended text.
HOME = '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n'

REFERENCE_CSV = Path(__file__).resolve().parents[3] / "shared" / "reference" / "scorecard-2023-01.csv"


def problems(text: str, filename: str = "council.toml") -> tuple[str, ...]:
    """The issues a configuration text raises; fails the test if it is valid."""
    with pytest.raises(ConfigError) as raised:
        validate_config_text(text, filename)
    return raised.value.issues


def valid(text: str) -> CouncilConfig:
    return validate_config_text(text, "council.toml")


def reference_targets() -> list[tuple[str, str]]:
    """(ref, target text) for every row of the reference scorecard that has a target."""
    if not REFERENCE_CSV.exists():
        pytest.skip(f"reference scorecard not found at {REFERENCE_CSV}")
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as handle:
        return [(row["ref"], row["target"]) for row in csv.DictReader(handle) if row["target"].strip()]
