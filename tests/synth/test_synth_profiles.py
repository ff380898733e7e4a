"""Profiles are real councils with real populations, of different size and performance."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_scorecard import reference
from csc_scorecard.synth.councils import SCALE_VINTAGE, SCALE_YEAR, choose_councils
from csc_scorecard.synth.profiles import PROFILES


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_profile_council_is_real_with_its_population(name: str) -> None:
    profile = PROFILES[name]
    assert reference.council(profile.council_code).name.startswith(profile.council_name)
    assert reference.population_0_17(profile.council_code, SCALE_YEAR, SCALE_VINTAGE) == profile.population


def test_profiles_differ_in_size_and_performance() -> None:
    small, ref, city = PROFILES["small_shire"], PROFILES["reference"], PROFILES["large_city"]
    assert small.population * 3 < ref.population < city.population / 3
    assert small.agency_share < ref.agency_share < city.agency_share
    assert small.mash_within_72h_share != ref.mash_within_72h_share


def test_many_councils_are_real_and_distinct() -> None:
    councils = choose_councils(PROFILES["reference"], 150)
    assert len({c.code for c in councils}) == 150
    assert councils[0].code == "357"
    assert all(c.population > 0 for c in councils)


def test_council_toml_is_a_valid_configuration(small_extract: Path) -> None:
    config = pytest.importorskip("csc_scorecard.config")
    loaded = config.load_config(small_extract / "council.toml")
    assert loaded.council.dfe_code == "857"
