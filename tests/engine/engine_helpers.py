"""Shared helpers for the engine tests: one compute per dataset, and a row's figures by ref and month end."""

from __future__ import annotations

from datetime import date
from typing import Any

from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.engine.compute import compute
from csc_scorecard.engine.results import Results
from csc_scorecard.engine.settings import ComputeSettings
from csc_scorecard.ingest.dataset import Dataset

CATALOGUE = load_catalogue()
POPULATION = 40_000  # children aged 0-17 in the mid-2022 estimate, for every test council


def population(council: str, year: int) -> int | None:
    return POPULATION if year == 2022 else None


def run(
    dataset: Dataset, period: str = "2023-01", months: int = 13, refs: tuple[str, ...] = (), **options: Any
) -> Results:
    catalogue = CATALOGUE.select(refs) if refs else CATALOGUE
    options.setdefault("population", population)
    return compute(dataset, catalogue, ComputeSettings.for_period(period, months=months, **options))


def figures(
    results: Results, ref: str, period_end: str, council: str = "999", breakdown_value: str = "all"
) -> tuple[Any, ...]:
    """(value, numerator, denominator, status) of one row."""
    row = results.get(ref, date.fromisoformat(period_end), council, breakdown_value)
    return row["value"], row["numerator"], row["denominator"], row["status"]
