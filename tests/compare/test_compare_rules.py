"""Group, year, marker and rounding rules of the comparators, on the shipped table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from csc_scorecard.compare import (
    ComparatorCell,
    ComparatorGroup,
    comparator_table,
    group_value,
    latest_year,
    measure_year,
    parse_year,
    published_value,
    round_half_up,
)
from csc_scorecard.compare.groups import members_in_year, sn_model_for, statistical_neighbour_group
from csc_scorecard.compare.published import ref_mappings

GM = ("350", "351", "352", "353", "354", "355", "356", "357", "358", "359")


def _cells(
    council: str, year: str, ref: str, groups: list[ComparatorGroup] | None = None
) -> dict[str, ComparatorCell]:
    (row,) = comparator_table(council, year, groups or [], refs=[ref])
    return {c.column: c for c in row.cells}


def test_round_half_up_is_not_bankers_rounding() -> None:
    assert round_half_up(Decimal("48.5"), 0) == 49 and round(48.5) == 48
    assert round_half_up(Decimal("2.5"), 0) == 3
    assert round_half_up(Decimal("2.45"), 1) == Decimal("2.5")


def test_north_west_child_protection_rate_is_the_published_48_5_rounded_to_49() -> None:
    region = _cells("357", "2021-22", "CIN19")["region"]
    assert region.value == Decimal("48.5") and region.display == "49"


@pytest.mark.parametrize(
    ("text", "year"),
    [("2021-22", 2022), ("2021/22", 2022), ("2022", 2022), (2022, 2022), ("1999-2000", 2000)],
)
def test_parse_year(text: str | int, year: int) -> None:
    assert parse_year(text) == year


@pytest.mark.parametrize("text", ["2021-23", "22", "last year", "2021-"])
def test_parse_year_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="2021-22"):
        parse_year(text)


def test_year_is_the_latest_release_published_by_the_extract_date() -> None:
    source = measure_year("cpp_rate", 2022)
    assert source is not None and source.published == date(2022, 11, 30) and "assumed" in source.date_basis
    assert latest_year("cpp_rate", date(2023, 1, 31)) == 2022
    assert latest_year("cpp_rate", date(2022, 11, 29)) == 2021
    assert latest_year("foster_percent", date(2019, 1, 1)) is None  # the placement table starts in 2020-21
    assert latest_year("care_leavers_in_touch_percent", date(2030, 1, 1)) == 2024


def test_extract_date_and_overrides_choose_each_measures_year() -> None:
    table = comparator_table(
        "357", extract_date=date(2023, 1, 31), year_overrides={"CF2": "2020-21"}, refs=["CIN19", "CF2"]
    )
    assert [r.cells[0].year_label for r in table] == ["2021-22", "2020-21"]
    (row,) = comparator_table("357", extract_date=date(2018, 1, 1), refs=["CIN19"])
    assert {c.status for c in row.cells} == {"not_available"}


def test_markers_are_never_numbers() -> None:
    # Tameside's neighbour Rotherham (372) and others suppress "other placements" in 2021-22
    suppressed = [
        c
        for c in statistical_neighbour_group("357", 2022)
        if (v := published_value("other_placement_percent", 2022, c)) and v.value is None
    ]
    assert len(suppressed) >= 3
    for code in suppressed:
        found = published_value("other_placement_percent", 2022, code)
        assert found is not None and found.marker in {"c", "x", "z", "k", "u", "low"}
    detail = group_value("other_placement_percent", 2022, statistical_neighbour_group("357", 2022))
    assert len(detail.used) + len(detail.suppressed) + len(detail.missing) == 10
    used = [published_value("other_placement_percent", 2022, c) for c in detail.used]
    assert detail.value == sum((v.value for v in used if v and v.value is not None), Decimal(0)) / len(used)


def test_a_group_whose_councils_all_suppress_is_suppressed_not_zero() -> None:
    # four of Tameside's 2021 neighbours suppress "other placements" in 2021-22
    only_suppressed = ComparatorGroup("four", "Four", ("807", "812", "841", "390"))
    cell = _cells("357", "2021-22", "CF20", [only_suppressed])["four"]
    assert (cell.value, cell.display, cell.status) == (None, "suppressed", "suppressed")
    assert (cell.councils_used, cell.councils_listed) == (0, 4)
    number = _cells("357", "2021-22", "CF19", [only_suppressed])["four"]
    assert number.value is None and number.status == "suppressed"
    assert group_value("cpp_rate", 2022, ()).value is None


def test_code_changes_are_followed() -> None:
    assert members_in_year(["909"], 2023) == ("909",)  # Cumbria's last year is 2022-23
    assert members_in_year(["909"], 2024) == ("942", "943")
    assert members_in_year(["940"], 2020) == ("928",)  # North Northamptonshire before April 2021
    assert members_in_year(["836", "837"], 2022) == ("839",)  # Poole and Bournemouth -> BCP, once
    assert members_in_year(["E08000008", "357"], 2022) == ("357",)
    assert members_in_year(GM, 2022, exclude="357") == tuple(c for c in GM if c != "357")
    assert set(statistical_neighbour_group("830", 2024)) >= {"942", "943"}


def test_statistical_neighbour_model_switches_after_2023_24() -> None:
    assert sn_model_for(2024) == "2021" and sn_model_for(2025) == "2025"
    assert sn_model_for(2025, "2021") == "2021"
    assert statistical_neighbour_group("357", 2025) != statistical_neighbour_group("357", 2025, "2021")
    cell = _cells("357", "2024-25", "CIN19")["statistical_neighbours"]
    assert "2025 model" in str(cell.basis)
    with pytest.raises(ValueError):
        sn_model_for(2024, "2019")  # type: ignore[arg-type]


def test_include_home_decides_whether_the_council_counts_in_its_own_group() -> None:
    without = _cells("357", "2021-22", "CF9", [ComparatorGroup("gm", "GM", GM)])["gm"]
    within = _cells("357", "2021-22", "CF9", [ComparatorGroup("gm", "GM", GM, include_home=True)])["gm"]
    assert (without.councils_listed, within.councils_listed) == (9, 10)
    assert without.display == "68%" and within.display == "67%"


def test_every_ref_is_mapped_or_says_why_not() -> None:
    for ref, mapping in ref_mappings().items():
        assert mapping.measure or mapping.reason, ref
        if mapping.derive == "percent_times_own_count":
            assert mapping.own_count, ref
    table = comparator_table("357", "2021-22")
    assert [r.ref for r in table] == list(ref_mappings())


def test_unknown_council_and_ref_are_errors() -> None:
    with pytest.raises(KeyError):
        comparator_table("999", "2021-22")
    with pytest.raises(KeyError, match="CIN99"):
        comparator_table("357", "2021-22", refs=["CIN99"])


def test_groups_come_from_the_council_configuration() -> None:
    from csc_scorecard.compare import groups_from_config
    from csc_scorecard.config import EXAMPLE_CONFIG_PATH, load_config

    config = load_config(EXAMPLE_CONFIG_PATH)
    (gm,) = groups_from_config(config)
    assert gm == ComparatorGroup("greater_manchester", "Greater Manchester", GM, include_home=False)
    table = comparator_table(
        "357",
        "2021-22",
        groups_from_config(config),
        sn_model=config.comparators.statistical_neighbours,
        refs=["CIN19"],
    )
    assert [c.label for c in table[0].cells] == [
        "Greater Manchester",
        "North West",
        "Statistical neighbours",
        "England",
    ]
