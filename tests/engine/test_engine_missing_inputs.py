"""Removing each input in turn: the indicators that need it say so, every other result is unchanged.

A required column (or table) → `not_available`, naming it; an optional one → `caveat`, giving the
reason from the catalogue; every indicator that uses neither gives exactly the same rows as before.
"""

from __future__ import annotations

import pandas as pd
import pytest
from builders import make_dataset
from engine_helpers import CATALOGUE as FULL_CATALOGUE
from engine_helpers import run
from test_engine_slice_cf import EPISODES, LEGAL_STATUS, PLACEMENTS
from test_engine_slice_cin import ASSESSMENTS, CP_PLANS, REFERRALS
from test_engine_slice_cin import S47 as S47_COMPLETED
from test_engine_slice_front_door import CONTACTS, EARLY_HELP, SCREENINGS
from test_engine_slice_sg_wf import ICPCS, INVOLVEMENTS
from test_engine_slice_sg_wf import S47 as S47_FOR_ICPCS

from csc_scorecard.schema import TABLES as CONTRACT
from first_slice import FIRST_SLICE

TABLES = {
    "ssd_contacts": CONTACTS,
    "ext_screening": SCREENINGS,
    "ssd_early_help_episodes": EARLY_HELP,
    # an explicit (empty) close date: WF1 and WF2 need the column
    "ssd_cin_episodes": [{**row, "cine_close_date": None} for row in REFERRALS],
    "ssd_cin_assessments": ASSESSMENTS,
    "ssd_s47_enquiry": S47_COMPLETED + S47_FOR_ICPCS,
    "ssd_cp_plans": CP_PLANS,
    "ssd_cla_episodes": EPISODES,
    "ssd_legal_status": LEGAL_STATUS,
    "ssd_cla_placement": PLACEMENTS,
    "ssd_initial_cp_conference": ICPCS,
    "ssd_involvements": INVOLVEMENTS,
}
# The first slice's own inputs, on the first slice's worked-example data; the national and local
# indicators have sweeps of their own (tests/indicators_national, tests/indicators_local).
SLICE = FIRST_SLICE
CATALOGUE = FULL_CATALOGUE.select(SLICE)
JSON_FLAGS = {"cont_contact_outcome_json": "cont_contact_outcome_new_referral_flag"}
COMPARED = ["value", "numerator", "denominator", "status", "note"]


def _inputs() -> list[tuple[str, str | None]]:
    """Every (table, column) the catalogue names, and every optional table as a whole."""
    found: dict[tuple[str, str | None], None] = {}
    for ind in CATALOGUE.indicators:
        for table, columns in ind.requires.items():
            found.update(dict.fromkeys((table, c) for c in columns))
        for item in ind.optional:
            found.update(dict.fromkeys((item.table, c) for c in item.columns))
            if item.table not in ind.requires:
                found[(item.table, None)] = None
        for b in ind.breakdowns:
            for table, columns in b.requires.items():
                found.update(dict.fromkeys((table, c) for c in columns))
    return list(found)


def _compute(tables):
    dataset = make_dataset(tables, extract_date="2023-02-10")
    frame = run(
        dataset, refs=SLICE, allocated_worker_roles=("SW",), population=lambda council, year: 40_000
    ).to_pandas()
    return frame.set_index(["ref", "period_end", "breakdown_value"]).sort_index()


@pytest.fixture(scope="module")
def baseline() -> pd.DataFrame:
    return _compute(TABLES)


def _without(table: str, column: str | None):
    if column is None:
        return {name: rows for name, rows in TABLES.items() if name != table}
    key = JSON_FLAGS.get(column, column)
    return {**TABLES, table: [{k: v for k, v in row.items() if k != key} for row in TABLES[table]]}


@pytest.mark.slow
@pytest.mark.parametrize(("table", "column"), _inputs(), ids=lambda v: str(v))
def test_each_input_removed_in_turn(baseline, table, column):
    after = _compute(_without(table, column))
    named = f"{table}.{column}" if column else f"table {table}"
    for ind in CATALOGUE.indicators:
        before_rows, after_rows = baseline.loc[ind.ref], after.loc[ind.ref]
        required = table in ind.requires and (column is None or column in ind.requires[table])
        optional = [
            item
            for item in ind.optional
            if item.table == table and (column is None or column in item.columns)
        ]
        breakdown = [b.value for b in ind.breakdowns if column in b.requires.get(table, ())]
        if required:
            assert set(after_rows.status) == {"not_available"}, ind.ref
            assert after_rows.note.str.contains(named, regex=False).all(), ind.ref
            assert after_rows.value.isna().all(), ind.ref
        elif optional:
            was_ok = before_rows.status == "ok"
            assert (after_rows.status[was_ok] == "caveat").all(), ind.ref
            assert after_rows.note[was_ok].str.contains(optional[0].reason, regex=False).all(), ind.ref
        elif breakdown:
            main = after_rows.xs("all", level="breakdown_value")
            pd.testing.assert_frame_equal(
                main[COMPARED], before_rows.xs("all", level="breakdown_value")[COMPARED]
            )
            figure = after_rows.xs(breakdown[0], level="breakdown_value")
            assert set(figure.status) == {"not_available"}, ind.ref
        elif column is not None and column == CONTRACT[table].coverage_column and ind.primary_table == table:
            # The table's coverage (first and last dates) is read from this column: without it the
            # coverage is unknown, so only the figures must stay the same, not the coverage statuses.
            figures = ["value", "numerator", "denominator"]
            pd.testing.assert_frame_equal(after_rows[figures], before_rows[figures], obj=ind.ref)
        else:
            pd.testing.assert_frame_equal(after_rows[COMPARED], before_rows[COMPARED], obj=ind.ref)


def test_the_full_dataset_has_no_unexpected_statuses(baseline):
    # Everything is present, so nothing is not_available; early months of rolling and
    # year-to-date figures may have incomplete history, later months may be past a table's coverage.
    assert "not_available" not in set(baseline.status)
