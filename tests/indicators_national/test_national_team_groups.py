"""Worked examples: the team_group breakdown of CIN16 (children on child in need plans), at
31 December 2022 and 31 January 2023. Every expected number is worked out by hand.

A child on a plan is counted in the team group of their current allocated worker at the month end:
the allocation open at the month end (started on or before it, not ended on or before it) that
started last, ties going to the lowest worker id. The group is the team's in `[teams.map]`, else its
parent team's (`ssd_department`); a team in neither is OTHER. A child with no allocation open at
the month end is `unallocated`. So each child is in exactly one part and the parts add up to CIN16.
"""

from __future__ import annotations

import textwrap

import pytest
from builders import involvement, make_dataset
from engine_helpers import figures, run

from csc_scorecard.catalogue.load import CatalogueError, load_catalogue
from csc_scorecard.config.model import TeamGroup

GROUPS = (
    "csw",
    "iscan",
    "cfc",
    "adoption",
    "leaving_care",
    "complex_safeguarding",
    "front_door",
    "early_help",
    "other",
)
PARTS = (*GROUPS, "unallocated")
NO_TEAM_MAP_NOTE = "no team map in the configuration ([teams.map])"

# T1a is not mapped but its parent T1 is (CSW); T5 is not mapped and neither is its parent T0.
TEAM_GROUPS = {"T1": "CSW", "T2": "ISCAN", "T3": "CFC"}
DEPARTMENTS = [
    {"dept_team_id": "T1a", "dept_team_name": "CSW East", "dept_team_parent_id": "T1"},
    {"dept_team_id": "T5", "dept_team_name": "Projects", "dept_team_parent_id": "T0"},
]


def plan(person, end=None):
    return {
        "cinp_cin_plan_id": f"P{person}",
        "cinp_person_id": person,
        "cinp_cin_plan_start_date": "2022-06-01",
        "cinp_cin_plan_end_date": end,
    }


def allocation(iid, worker, team, person, start="2022-06-01", end=None, role="SW"):
    return involvement(iid, worker, person, start, end, role, team)


PLANS = [
    plan("C1"),
    plan("C2"),
    plan("C3", end="2023-01-20"),  # plan closed before 31 Jan: counted at 31 Dec only
    *(plan(c) for c in ("C4", "C5", "C6", "C7", "C8", "C9", "C11", "C12")),
]
ALLOCATIONS = [
    allocation("J1", "X1", "T1", "C1"),  # CSW throughout
    allocation("J2", "X2", "T2", "C2", end="2023-01-31"),  # ISCAN; ends on 31 Jan (boundary): not open
    allocation("J3", "X1", "T1a", "C3"),  # CSW through the parent team
    allocation("J4a", "X4", "T2", "C4"),  # ISCAN, never closed ...
    allocation("J4b", "X5", "T3", "C4", start="2023-01-10"),  # ... transferred to CFC on 10 Jan
    allocation("J5", "X6", "T5", "C5"),  # team in no group: OTHER
    allocation("J6", "X7", None, "C6"),  # no team recorded: OTHER
    # C7 has no allocation at all
    allocation("J8", "X8", "T1", "C8", role="IRO"),  # not an allocated-worker role: unallocated
    allocation("J9", "X9", "T3", "C9", start="2023-01-31"),  # starts on 31 Jan (boundary): open at it
    allocation("J10", "X1", "T1", "C10"),  # no child in need plan: in no figure
    allocation("J11a", "X11", "T2", "C11", start="2022-09-01"),  # same start day in two groups:
    allocation("J11b", "X10", "T1", "C11", start="2022-09-01"),  # the lowest worker id (X10, CSW)
    allocation("J12a", "X12", "T2", "C12"),  # ISCAN, open ...
    allocation("J12b", "X13", "T1", "C12", start="2022-11-01", end="2023-01-15"),  # ... CSW for a while
]

EXPECTED = {
    # On a plan at 31 Dec: C1-C9, C11, C12 = 11 (C10 has no plan).
    # csw C1, C3 (parent team), C11 (tie: X10 < X11), C12 (CSW started last) = 4; iscan C2, C4 = 2;
    # other C5, C6 = 2; unallocated C7, C8 (IRO only), C9 (starts 31 Jan) = 3. 4 + 2 + 2 + 3 = 11.
    "2022-12-31": {"all": 11, "csw": 4, "iscan": 2, "cfc": 0, "other": 2, "unallocated": 3},
    # On a plan at 31 Jan: C3's plan closed on 20 Jan, so 10.
    # csw C1, C11 = 2; iscan C12 (CSW ended 15 Jan, ISCAN still open) = 1; cfc C4 (started last),
    # C9 (on the month end) = 2; other C5, C6 = 2; unallocated C2 (ended on 31 Jan), C7, C8 = 3.
    # 2 + 1 + 2 + 2 + 3 = 10.
    "2023-01-31": {"all": 10, "csw": 2, "iscan": 1, "cfc": 2, "other": 2, "unallocated": 3},
}


def team_results(team_groups=None, with_involvements=True):
    tables = {"ssd_cin_plans": PLANS, "ssd_department": DEPARTMENTS}
    if with_involvements:
        tables["ssd_involvements"] = ALLOCATIONS
    return run(
        make_dataset(tables),
        months=2,
        refs=("CIN16",),
        allocated_worker_roles=("SW",),
        team_groups=TEAM_GROUPS if team_groups is None else team_groups,
    )


@pytest.fixture(scope="module")
def results():
    return team_results()


@pytest.mark.parametrize("period_end", sorted(EXPECTED))
def test_children_on_plans_by_team_group_at_the_month_end(results, period_end):
    for part in PARTS:
        count = EXPECTED[period_end].get(part, 0)  # adoption, leaving care ...: no child
        assert figures(results, "CIN16", period_end, breakdown_value=part) == (count, count, None, "ok"), part
    assert figures(results, "CIN16", period_end) == (EXPECTED[period_end]["all"],) * 2 + (None, "ok")


@pytest.mark.parametrize("period_end", sorted(EXPECTED))
def test_the_team_groups_and_unallocated_add_up_to_the_total(results, period_end):
    frame = results.to_pandas()
    month = frame[(frame.ref == "CIN16") & (frame.period_end.astype(str) == period_end)]
    parts = month[month.breakdown == "team_group"]
    assert sorted(parts.breakdown_value) == sorted(PARTS)
    assert parts.numerator.sum() == month[month.breakdown_value == "all"].numerator.item()


def test_a_child_allocated_in_two_groups_is_counted_once_in_the_group_allocated_last(results):
    # C4 has an ISCAN allocation never closed and a CFC one from 10 January. Counting the child in
    # every group would give ISCAN 2 (C4, C12) at 31 Jan and parts adding up to 11, not 10; the
    # earliest allocation would put C4 in ISCAN and leave CFC at 1 (C9).
    assert figures(results, "CIN16", "2023-01-31", breakdown_value="iscan")[1] == 1
    assert figures(results, "CIN16", "2023-01-31", breakdown_value="cfc")[1] == 2
    # C12's CSW allocation (1 Nov to 15 Jan) started after its open ISCAN one: C12 is CSW at 31 Dec,
    # so ISCAN then is C2 and C4 only, and back in ISCAN at 31 Jan once the CSW allocation ended.
    assert figures(results, "CIN16", "2022-12-31", breakdown_value="iscan")[1] == 2
    assert figures(results, "CIN16", "2022-12-31", breakdown_value="csw")[1] == 4  # C1, C3, C11, C12


def test_without_a_team_map_the_groups_are_not_available_and_the_total_is_unchanged():
    results = team_results(team_groups={})
    frame = results.to_pandas()
    january = frame[(frame.ref == "CIN16") & (frame.period_end.astype(str) == "2023-01-31")]
    assert figures(results, "CIN16", "2023-01-31") == (10, 10, None, "ok")
    groups = january[january.breakdown_value.isin(GROUPS)]
    assert sorted(groups.breakdown_value) == sorted(GROUPS)
    assert set(groups.status) == {"not_available"}
    assert set(groups.note) == {NO_TEAM_MAP_NOTE}
    assert groups.numerator.isna().all()  # never every team counted as OTHER
    # Unallocated does not depend on the map: C2, C7, C8 = 3, as with it.
    assert figures(results, "CIN16", "2023-01-31", breakdown_value="unallocated") == (3, 3, None, "ok")
    # Age bands are not affected by the rule (no ssd_person here: not available for that reason).
    bands = january[january.breakdown == "age_band"]
    assert all("ssd_person" in note for note in bands.note)


def test_without_involvements_every_part_is_not_available_and_the_total_is_unchanged():
    results = team_results(with_involvements=False)
    frame = results.to_pandas()
    parts = frame[(frame.ref == "CIN16") & (frame.breakdown == "team_group")]
    assert figures(results, "CIN16", "2023-01-31") == (10, 10, None, "ok")
    assert sorted(set(parts.breakdown_value)) == sorted(PARTS)
    assert set(parts.status) == {"not_available"}
    assert all("ssd_involvements" in note for note in parts.note)  # never 10 children "unallocated"


def test_the_catalogue_has_one_team_group_part_per_configurable_group():
    # The breakdown values are fixed in the catalogue; they must follow the configuration's closed list.
    parts = [b for b in load_catalogue()["CIN16"].breakdowns if b.name == "team_group"]
    assert [b.value for b in parts] == [*(g.value.lower() for g in TeamGroup), "unallocated"]
    assert [b.value for b in parts if b.needs_setting is not None] == [g.value.lower() for g in TeamGroup]


def test_needs_setting_is_checked_when_the_catalogue_loads(tmp_path):
    record = """\
    - ref: CIN16
      title: Children on child in need plans
      kind: open_at_date
      unit: count
      polarity: neutral
      period_basis: month_end
      count_unit: children
      definition: Children on plans.
      source: Annex A List 6
      requires:
        ssd_cin_plans: [cinp_person_id, cinp_cin_plan_start_date, cinp_cin_plan_end_date]
      measure: {view: cin_plans, where: on_plan}
      breakdowns:
        - {name: team_group, value: csw, key: allocated_to_csw, needs_setting: team_mapp}
    """
    (tmp_path / "cin.yaml").write_text(textwrap.dedent(record), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    (issue,) = caught.value.issues
    assert "line 14" in issue and "breakdowns.0.needs_setting" in issue and "team_map" in issue
