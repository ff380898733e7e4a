"""Removing each input of the local indicators in turn: the indicators that need it are
`not_available` (naming it), those with it as an optional input are `caveat`, every other figure is
unchanged. The inputs are the worked examples' tables, put together."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import make_dataset
from engine_helpers import CATALOGUE, run
from local_refs import LOCAL_REFS
from test_local_cohorts import BIRTHDAYS, CHILDREN, FAMILIES, HOME, INVOLVEMENTS, QUARTER_ASSESSMENTS
from test_local_early_help_cin import ASSESSMENTS, STRATEGY, TEAM_MAP, TEAM_REFERRALS
from test_local_front_door import CONTACTS, DECISIONS, SCREENINGS, SERVICE_MAP, SSD_CONTACTS
from test_local_sg_wf import ATTENDANCE, AUDITS, EDUCATION, PEOPLE, REFERRALS, WORKFORCE
from test_local_timeliness import INTERVIEWS, MISSING, REVIEWS

TABLES = {
    **CHILDREN,
    "ssd_cin_episodes": CHILDREN["ssd_cin_episodes"] + REFERRALS,
    "ssd_person": CHILDREN["ssd_person"] + PEOPLE,
    "ssd_contacts": SSD_CONTACTS,
    "ext_contact_detail": CONTACTS + DECISIONS,
    "ext_screening": SCREENINGS,
    "ext_early_help_assessment": ASSESSMENTS + QUARTER_ASSESSMENTS,
    "ext_strategy_discussion": STRATEGY,
    "ext_team_referral": TEAM_REFERRALS,
    "ext_cin_plan_review": REVIEWS,
    "ssd_missing": MISSING,
    "ext_missing_rhi": INTERVIEWS,
    "ext_care_leaver_contact": BIRTHDAYS,
    "ext_supporting_families": FAMILIES,
    "ext_education_status": EDUCATION,
    "ext_conference_attendance": ATTENDANCE,
    "ext_case_audit": AUDITS,
    "ext_workforce_snapshot": WORKFORCE,
    "ssd_involvements": INVOLVEMENTS,
}
OPTIONS = {
    "service_map": SERVICE_MAP,
    "team_groups": TEAM_MAP,
    "home_council": HOME,
    "allocated_worker_roles": ("SW",),
}
COMPARED = ["value", "numerator", "denominator", "status", "note"]


def _compute(absent: tuple[str, ...] = (), tables=TABLES) -> pd.DataFrame:
    dataset = make_dataset(tables, absent={"999": absent})
    frame = run(dataset, months=2, refs=tuple(LOCAL_REFS), **OPTIONS).to_pandas()
    return frame.set_index(["ref", "period_end", "breakdown_value"]).sort_index()


@pytest.fixture(scope="module")
def baseline() -> pd.DataFrame:
    return _compute()


def test_every_local_ref_is_computed_from_the_worked_examples(baseline):
    assert sorted(set(baseline.index.get_level_values("ref"))) == sorted(LOCAL_REFS)
    main = baseline.xs("all", level="breakdown_value")
    assert "not_available" not in set(main.status)


def _needing(table: str) -> tuple[set[str], set[str]]:
    required = {r for r in LOCAL_REFS if table in CATALOGUE[r].requires}
    optional = {r for r in LOCAL_REFS if any(o.table == table for o in CATALOGUE[r].optional)}
    return required, optional - required


@pytest.mark.slow
@pytest.mark.parametrize("table", sorted(TABLES))
def test_each_table_removed_in_turn(baseline, table):
    after = _compute(absent=(table,))
    required, optional = _needing(table)
    for ref in LOCAL_REFS:
        rows, before = after.loc[ref], baseline.loc[ref]
        if ref in required:
            assert set(rows.status) == {"not_available"}, ref
            assert all(table in note for note in rows.note), ref
        elif ref in optional:
            main = rows.xs("all", level="breakdown_value")
            assert set(main.status) <= {"caveat", "incomplete_history"}, ref
        else:
            pd.testing.assert_frame_equal(rows[COMPARED], before[COMPARED], obj=ref)


def test_without_the_request_for_information_flag_screenings_carry_a_caveat():
    screenings = [{k: v for k, v in row.items() if k != "scrn_is_rfi"} for row in SCREENINGS]
    after = _compute(tables={**TABLES, "ext_screening": screenings})
    for ref in ("FD8", "FD8a", "FD9", "FD9a", "FD10", "FD13"):
        status, note = after.loc[(ref, pd.Timestamp("2023-01-31").date(), "all"), ["status", "note"]]
        assert status == "caveat" and "requests for information are not left out" in note, ref
    # FD8b needs the flag itself
    assert after.loc[("FD8b", pd.Timestamp("2023-01-31").date(), "all"), "status"] == "not_available"


def test_a_breakdown_whose_column_is_missing_is_not_available_alone():
    screenings = [{k: v for k, v in row.items() if k != "scrn_priority"} for row in SCREENINGS]
    after = _compute(tables={**TABLES, "ext_screening": screenings})
    day = pd.Timestamp("2023-01-31").date()
    assert after.loc[("FD8", day, "all"), "status"] == "ok"
    assert after.loc[("FD8", day, "red"), "status"] == "not_available"
    assert "scrn_priority" in after.loc[("FD8", day, "red"), "note"]
