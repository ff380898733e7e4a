"""The loader API over the shipped reference files, checked against facts read from the published sources."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from csc_scorecard import reference
from csc_scorecard.errors import ScorecardError
from csc_scorecard.reference import UnknownCodeError

TAMESIDE_SN_2021 = ("372", "807", "371", "812", "359", "342", "370", "394", "841", "390")
TAMESIDE_SN_2025 = ("372", "390", "354", "370", "384", "332", "894", "879", "394", "880")


def test_tameside_by_either_code() -> None:
    tameside = reference.council("357")
    assert reference.council("E08000008") is tameside
    assert reference.council(" e08000008 ") is tameside
    assert tameside.name == "Tameside"
    assert (tameside.region_code, tameside.region_name) == ("E12000002", "North West")
    assert tameside.council_type == "Metropolitan district"
    assert tameside.first_year is None and tameside.last_year is None
    assert tameside.exists_in(2013) and tameside.exists_in(2025)


def test_tameside_statistical_neighbours_in_both_models() -> None:
    # New_Statistical_Neighbour_Groupings_April_2021.csv and sn_model_2025_wide.csv, row 357
    assert reference.statistical_neighbours("357", "2021") == TAMESIDE_SN_2021
    assert reference.statistical_neighbours("E08000008", "2025") == TAMESIDE_SN_2025
    assert reference.council("372").name == "Rotherham"
    assert reference.council("359").name == "Wigan"
    assert reference.council("357").closeness("2021") == ("Very close",) * 10


def test_every_neighbour_is_a_known_council_with_a_normalised_label() -> None:
    labels: set[str] = set()
    for council in reference.councils():
        for model in ("2021", "2025"):
            neighbours = council.neighbours(model)
            assert len(neighbours) in (0, 10)
            assert len(council.closeness(model)) == len(neighbours)
            assert council.old_la_code not in neighbours
            labels.update(council.closeness(model))
            for code in neighbours:
                reference.council(code)
    assert labels == {"Extremely close", "Very close", "Close", "Somewhat close", "Not close"}


def test_model_must_be_named_exactly() -> None:
    with pytest.raises(ValueError, match="2021"):
        reference.statistical_neighbours("357", 2021)  # type: ignore[arg-type]


def test_london_boroughs_have_the_london_region_and_dfes_inner_outer_split() -> None:
    camden = reference.council("202")
    assert (camden.region_code, camden.region_name) == ("E12000007", "London")
    assert (camden.dfe_region_code, camden.dfe_region_name) == ("E13000001", "Inner London")
    assert reference.council("203").dfe_region_name == "Outer London"


def test_council_counts_by_reporting_year() -> None:
    everything = reference.councils()
    assert len(everything) == 158  # 161 (DfE code, E-code) pairs: three councils were recoded
    assert sum(c.exists_in(2025) for c in everything) == 153
    assert sum(c.exists_in(2019) for c in everything) == 152  # before BCP: 3 councils became 2
    assert {c.old_la_code for c in everything if c.exists_in(2025) and not c.sn_2021} == {"942", "943"}
    assert {c.old_la_code for c in everything if not c.exists_in(2025)} == {"835", "836", "837", "909", "928"}


def test_bcp_and_dorset_2019() -> None:
    bcp = reference.council("839")
    assert bcp.new_la_code == "E06000058"
    assert bcp.first_year == 2020 and not bcp.exists_in(2019)
    assert reference.council("835").last_year == 2019
    came_from = reference.predecessors("839")
    assert {s.predecessor_old_la_code for s in came_from} == {"835", "836", "837"}
    assert {s.effective_date for s in came_from} == {date(2019, 4, 1)}
    assert {s.successor_old_la_code for s in reference.successors("835")} == {"838", "839"}
    assert [s.successor_old_la_code for s in reference.successors("E06000029")] == ["839"]
    assert reference.successors("839") == ()


def test_northamptonshire_and_cumbria_splits() -> None:
    northants = reference.successors("928")
    assert [(s.successor_old_la_code, s.successor_new_la_code) for s in northants] == [
        ("940", "E06000061"),
        ("941", "E06000062"),
    ]
    assert {(s.first_reporting_year, s.predecessor_area) for s in northants} == {(2022, "part")}
    cumbria = reference.successors("E10000006")
    assert [s.successor_old_la_code for s in cumbria] == ["942", "943"]
    assert {s.effective_date for s in cumbria} == {date(2023, 4, 1)}
    assert reference.council("909").last_year == 2023
    assert reference.council("942").first_year == 2024


@pytest.mark.parametrize(
    ("dfe", "old", "new", "year"),
    [
        ("815", "E10000023", "E06000065", 2023),
        ("933", "E10000027", "E06000066", 2023),
        ("825", "E10000002", "E06000060", 2020),
    ],
)
def test_recoded_councils_keep_their_dfe_code(dfe: str, old: str, new: str, year: int) -> None:
    council = reference.council(dfe)
    assert reference.council(old) is council and reference.council(new) is council
    assert (council.new_la_code, council.former_new_la_codes) == (new, (old,))
    assert council.first_year is None and council.last_year is None
    (recode,) = reference.successors(old)
    assert (recode.kind, recode.successor_new_la_code, recode.effective_date.year) == ("recode", new, year)
    assert reference.predecessors(new) == (recode,)
    assert reference.successors(dfe) == () and reference.predecessors(dfe) == ()


def test_tameside_population_in_both_vintages() -> None:
    # The reference scorecard's rates divide by 50,956: ONS mid-2020, 2011-based, as DfE's 2021-22
    # children in need release did. The Census 2021-based series has 51,119 for the same mid-year.
    assert reference.population_0_17("357", 2020, "census2011_based") == 50956
    assert reference.population_0_17("357", 2020) == 51119
    # DfE's CLA 2022 release divided by mid-2021: Tameside 51,138, England 11,762,878
    assert reference.population_0_17("E08000008", 2021) == 51138
    assert reference.population_0_17("E92000001", 2021) == 11762878
    assert reference.population_0_17("E92000001", 2020, "census2011_based") == 12093288
    assert reference.population_0_17("E12000002", 2020, "census2011_based") == 1571581


def test_population_follows_the_council_across_recodes_and_is_none_when_not_estimated() -> None:
    assert reference.population_0_17("E10000023", 2024) == reference.population_0_17("815", 2024)
    assert reference.population_0_17("815", 2022) is not None  # as E10000023
    assert reference.population_0_17("835", 2015) is None  # "x" in DfE's rebased series
    assert reference.population_0_17("839", 2018) is None  # before BCP existed
    assert reference.population_0_17("357", 2019, "census2011_based") is None  # only mid-2020 shipped
    assert reference.population_0_17("E13000001", 2020) == 669400  # Inner London
    current = [c for c in reference.councils() if c.exists_in(2025)]
    assert all(reference.population_0_17(c.old_la_code, 2024) for c in current)


def test_population_table_rows() -> None:
    rows = reference.population_estimates()
    assert {r.vintage for r in rows} == {"census2021_based", "census2011_based"}
    assert {r.mid_year for r in rows if r.vintage == "census2021_based"} == set(range(2012, 2025))
    assert all(r.population_0_17 > 0 for r in rows)
    assert all(bool(r.old_la_code) == (r.geographic_level == "local_authority") for r in rows)


def test_unknown_vintage_is_an_error() -> None:
    with pytest.raises(ValueError, match="census2011_based"):
        reference.population_0_17("357", 2020, "2011")  # type: ignore[arg-type]


def test_unknown_code_names_close_matches() -> None:
    with pytest.raises(UnknownCodeError) as caught:
        reference.council("Tameside")
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, ScorecardError)
    assert "357 Tameside (E08000008)" in str(caught.value)
    assert str(caught.value).startswith("no council with code 'Tameside'")
    with pytest.raises(KeyError):
        reference.population_0_17("E08999999", 2020)
    with pytest.raises(KeyError):
        reference.successors("999")


def test_records_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        reference.council("357").name = "Elsewhere"  # type: ignore[misc]


def test_attribution_is_the_open_government_licence_line() -> None:
    assert reference.ATTRIBUTION == (
        "Contains public sector information licensed under the Open Government Licence v3.0."
    )
