"""Which real councils a run generates: the profile's own council first, then others in DfE-code order,
each with its ONS 0-17 population from the shipped reference data (`csc_scorecard.reference`)."""

from __future__ import annotations

from typing import Literal

from csc_scorecard.synth.context import Council
from csc_scorecard.synth.profiles import Profile

# Volumes are calibrated against the same population vintage the reference scorecard used
# (ONS mid-2020, 2011-based: Tameside 50,956).
SCALE_VINTAGE: Literal["census2011_based"] = "census2011_based"
SCALE_YEAR = 2020


def choose_councils(profile: Profile, count: int) -> list[Council]:
    """`count` current councils: the profile's own first, then the rest by DfE code."""
    from csc_scorecard import reference

    home = Council(profile.council_code, profile.council_name, profile.population)
    chosen = [home]
    for council in sorted(reference.councils(), key=lambda c: c.old_la_code):
        if len(chosen) >= count:
            break
        if council.last_year is not None or council.old_la_code == home.code:
            continue
        population = reference.population_0_17(council.old_la_code, SCALE_YEAR, SCALE_VINTAGE)
        if population is None:
            population = reference.population_0_17(council.old_la_code, SCALE_YEAR + 2)
        if population:
            chosen.append(Council(council.old_la_code, council.name, population))
    if len(chosen) < count:
        raise ValueError(f"only {len(chosen)} councils have a population estimate; asked for {count}")
    return chosen


def population_rows(code: str, first_year: int, last_year: int) -> dict[int, int]:
    """The shipped ONS estimates (Census 2021-based) for the council's `ref_population` table."""
    from csc_scorecard import reference

    out: dict[int, int] = {}
    for year in range(first_year, last_year + 1):
        value = reference.population_0_17(code, year)
        if value is not None:
            out[year] = value
    return out


def ons_code(code: str) -> str:
    from csc_scorecard import reference

    return reference.council(code).new_la_code


def neighbour(code: str) -> tuple[str, str]:
    """A statistical neighbour (code, name) for placements outside the council's area."""
    from csc_scorecard import reference

    for model in ("2021", "2025"):
        for other in reference.statistical_neighbours(code, model):  # type: ignore[arg-type]
            try:
                return other, reference.council(other).name
            except KeyError:
                continue
    return "999", "Another council"
