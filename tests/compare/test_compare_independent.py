"""Statistical-neighbour and regional values, recomputed here straight from the raw published CSVs with a
few lines of independent code, equal what `csc-scorecard comparators --format csv` prints.

Five councils across regions: Tameside (North West; 4 of its 10 neighbours suppress other placements in
2021-22), Derbyshire (East Midlands; its 2021 neighbours include Cumbria 909, abolished in April 2023, so
2023-24 uses Cumberland 942 and Westmorland and Furness 943), Southwark (London), Cornwall (South West),
Cambridgeshire (East of England).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csc_scorecard.cli import app

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = REPO.parent / "shared" / "data" / "published"
pytestmark = pytest.mark.skipif(
    not (PUBLISHED / "MANIFEST.csv").is_file(), reason=f"raw published files not found at {PUBLISHED}"
)

COUNCILS = ("357", "830", "210", "908", "873")
YEARS = (2022, 2024, 2025)
ENGLAND_REGIONS_LONDON = {"E13000001": "E12000007", "E13000002": "E12000007"}
# From the structural changes orders, written out here rather than read from the package.
ABOLISHED = {"909": (2023, ("942", "943")), "928": (2021, ("940", "941"))}
Row = dict[str, str]


@cache
def raw(name: str) -> tuple[Row, ...]:
    with (PUBLISHED / name).open(encoding="utf-8-sig", newline="") as f:
        return tuple(csv.DictReader(f))


def number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None  # c, x, z, k, u, low: never a number


def half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@cache
def neighbours(model: str) -> dict[str, list[str]]:
    if model == "2021":
        rows = raw("dfe_csc_outcomes_enablers/New_Statistical_Neighbour_Groupings_April_2021.csv")
        return {r["LA num"]: [r[f"SN{i}"] for i in range(1, 11)] for r in rows if r["LA num"]}
    rows = raw("dfe_csc_outcomes_enablers/sn_model_2025_wide.csv")
    return {r["old_la_code"]: [r[f"SN_{i}"] for i in range(1, 11)] for r in rows}


def sn_members(council: str, year: int) -> list[str]:
    members: list[str] = []
    for code in neighbours("2021" if year <= 2024 else "2025")[council]:
        last, successors = ABOLISHED.get(code, (9999, ()))
        for c in successors if year > last else (code,):
            if c not in members and c != council:
                members.append(c)
    return members


@cache
def population(year: int) -> dict[str, Decimal]:
    """Area -> 0-17 population the release for `year` divided by (councils by DfE code)."""
    if year == 2022:  # the 2022 children in need release: ONS mid-2020, 2011-based, by E-code
        by_ecode = {
            r["area_code"]: Decimal(r["pop_0_17"]) for r in raw("ons/ons_mye_mid2020_2011based_0to17.csv")
        }
        codes = {r["new_la_code"]: r["old_la_code"] for r in raw(D5) if r["old_la_code"]}
        return {codes.get(code, code): pop for code, pop in by_ecode.items()}
    rows = raw("dfe_csc_outcomes_enablers/ons_mid-year_population_estimates_2012_to_2024.csv")
    return {
        r["old_la_code"] or r["region_code"] or "E92000001": Decimal(r["population_estimate"])
        for r in rows
        if r["time_period"] == str(year - 1) and number(r["population_estimate"])
    }


D5 = "dfe_csc_outcomes_enablers/d5_cpps_at31march_by_duration_2013_to_2025.csv"
C4 = "dfe_csc_outcomes_enablers/c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv"
PLACEMENT = "derived/cla_placement_type_at_31_march_2021_2025.csv"
CLA = "dfe_csc_outcomes_enablers/cla_number_and_rate_per_10k_children.csv"


def area(row: Row) -> str:
    if row["geographic_level"] == "Local authority":
        return row["old_la_code"]
    return row.get("region_code") or "E92000001"


def values(
    name: str, year: int, value: Callable[[Row], Decimal | None], where: Callable[[Row], bool]
) -> dict[str, Decimal | None]:
    return {area(r): value(r) for r in raw(name) if r["time_period"] == str(year) and where(r)}


def cpp_rate(year: int) -> dict[str, Decimal | None]:
    pop = population(year)

    def rate(r: Row) -> Decimal | None:
        count, people = number(r["CPP_At31"]), pop.get(area(r))
        return None if count is None or not people else half_up(count * 10000 / people, 1)

    return values(D5, year, rate, lambda r: True)


def s47_to_icpc(year: int) -> dict[str, Decimal | None]:
    def percent(r: Row) -> Decimal | None:
        top, bottom = number(r["ICPC_child"]), number(r["Section47_child"])
        return None if top is None or not bottom else half_up(top * 100 / bottom, 1)

    return values(C4, year, percent, lambda r: True)


def cpp_2_years(year: int) -> dict[str, Decimal | None]:
    return values(D5, year, lambda r: number(r["2_years_or_more_percent"]), lambda r: True)


def cla_rate(year: int) -> dict[str, Decimal | None]:
    return values(
        CLA, year, lambda r: number(r["rate_per_10000"]),
        lambda r: r["population_type"] == "Children looked after on 31 March each year",
    )  # fmt: skip


def other_placements(year: int) -> dict[str, Decimal | None]:
    regions = {r["region_name"]: r["region_code"] for r in raw(D5) if r["geographic_level"] == "Regional"}
    found: dict[str, Decimal | None] = {}
    for r in raw(PLACEMENT):
        if (
            r["time_period"] == str(year)
            and r["characteristic"] == "Other placements"
            and r["cla_group"] == "Placement"
        ):
            if r["geographic_level"] == "Local authority":
                found[r["old_la_code"]] = number(r["percentage"])
            elif r["geographic_level"] == "Regional":
                found[regions[r["geo_breakdown"]]] = number(r["percentage"])
    return found


MEASURES = {
    "CIN19": cpp_rate,
    "CIN15": s47_to_icpc,
    "SG14": cpp_2_years,
    "CF2": cla_rate,
    "CF20": other_placements,
}
DISPLAY_DP = {"SG14": 1}
PERCENT = {"CIN15", "SG14", "CF20"}


@cache
def command_output(council: str, year: int) -> dict[tuple[str, str], Row]:
    label = f"{year - 1}-{year % 100:02d}"
    result = CliRunner().invoke(
        app, ["comparators", "--council", council, "--year", label, "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    return {(r["ref"], r["column"]): r for r in csv.DictReader(io.StringIO(result.stdout))}


def shown(value: Decimal, ref: str) -> str:
    return f"{half_up(value, DISPLAY_DP.get(ref, 0))}" + ("%" if ref in PERCENT else "")


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("council", COUNCILS)
@pytest.mark.parametrize("ref", list(MEASURES))
def test_neighbour_and_region_values_equal_an_independent_recomputation(
    ref: str, council: str, year: int
) -> None:
    published = MEASURES[ref](year)
    out = command_output(council, year)
    members = sn_members(council, year)
    used = [published[c] for c in members if published.get(c) is not None]
    sn = out[(ref, "statistical_neighbours")]
    assert int(sn["councils_used"]) == len(used) and int(sn["councils_listed"]) == len(members)
    if used:
        mean = sum(used, Decimal(0)) / len(used)  # type: ignore[arg-type]
        assert abs(Decimal(sn["value"]) - mean) < Decimal("0.000001")
        assert sn["display"] == shown(mean, ref)
    else:
        assert sn["value"] == ""
    region_rows = [r for r in raw(D5) if r["old_la_code"] == council]
    region = ENGLAND_REGIONS_LONDON.get(region_rows[0]["region_code"], region_rows[0]["region_code"])
    expected_region = published.get(region)
    got = out[(ref, "region")]
    if expected_region is None:
        assert got["value"] == "" and got["status"] != "ok"
    else:
        assert Decimal(got["value"]) == expected_region
        assert got["display"] == shown(expected_region, ref)
    assert got["year"] == sn["year"] == f"{year - 1}-{year % 100:02d}"


def test_the_chosen_councils_cover_suppression_and_a_retired_code() -> None:
    tameside = [other_placements(2022).get(c) for c in sn_members("357", 2022)]
    assert sum(v is None for v in tameside) >= 3
    assert "909" in neighbours("2021")["830"]
    assert {"942", "943"} <= set(sn_members("830", 2024)) and "909" not in sn_members("830", 2024)
    assert "909" in sn_members("830", 2022)
    regions = {r["region_code"] for r in raw(D5) if r["old_la_code"] in COUNCILS}
    assert len(regions) == 5
