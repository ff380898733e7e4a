"""Shared helpers for the engine tests: one compute per dataset, and a row's figures by ref and month end."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
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


def cin_council_folder(tmp_path: Path) -> Path:
    """One council's folder (357, extracted 6 Feb 2023) with three CIN referrals, for the CLI tests."""
    folder = tmp_path / "357"
    folder.mkdir()
    (folder / "extract.json").write_text(
        json.dumps({"council": "357", "extract_date": "2023-02-06"}), encoding="utf-8"
    )
    (folder / "ssd_cin_episodes.csv").write_text(
        "cine_referral_id,cine_person_id,cine_referral_date,cine_close_date\n"
        "R1,C1,2023-01-05,\n"  # January referral, open at 31 Jan
        "R2,C2,2022-12-20,2023-01-10\n"  # December referral, closed in January
        "R3,C3,2022-02-01,\n",  # inside the rolling year; open
        encoding="utf-8",
    )
    return folder
