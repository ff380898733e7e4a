"""The reference profile against the reference scorecard (January 2023), counted straight from the tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from synth_measures import REFERENCE_POPULATION, connect, month_measures

# Counts within ±15% of the reference scorecard.
COUNTS = {
    "FD1": 1348,
    "FD8a": 486,
    "FD9a": 384,
    "EH2": 619,
    "CIN1": 211,
    "CIN6": 223,
    "CIN9": 124,
    "CIN13": 112,
    "CIN16": 462,
    "CIN18": 379,
    "CIN21": 129,
    "CF1": 661,
    "CF8": 425,
    "CF12": 84,
    "WF1": 2328,
}
# Rolling 12-month rates per 10,000 children (0-17 population 50,956) within ±15%.
RATES = {"FD2": 3186, "CIN2": 722, "CIN14": 275}
# Percentages within ±5 percentage points.
PERCENTAGES = {"CIN4": 22, "CIN8": 92, "CIN20": 89, "CF9": 64, "CF13": 13, "SG13": 9.2, "SG14": 5.3}


@pytest.fixture(scope="module")
def january_2023(reference_extract: Path) -> dict[str, float]:
    return month_measures(connect(reference_extract), date(2023, 1, 1), REFERENCE_POPULATION)


@pytest.mark.parametrize(("ref", "target"), sorted({**COUNTS, **RATES}.items()))
def test_counts_and_rates_within_15_percent(january_2023: dict[str, float], ref: str, target: float) -> None:
    assert abs(january_2023[ref] - target) <= 0.15 * target, f"{ref}: {january_2023[ref]:.1f} vs {target}"


@pytest.mark.parametrize(("ref", "target"), sorted(PERCENTAGES.items()))
def test_percentages_within_5_points(january_2023: dict[str, float], ref: str, target: float) -> None:
    assert abs(january_2023[ref] - target) <= 5, f"{ref}: {january_2023[ref]:.1f}% vs {target}%"


def test_referrals_fall_through_2022_so_the_rolling_rate_is_above_january(
    january_2023: dict[str, float],
) -> None:
    monthly_average = january_2023["CIN2"] * REFERENCE_POPULATION / 10000 / 12
    assert monthly_average > january_2023["CIN1"] * 1.15
