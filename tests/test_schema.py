"""The input contract is consistent with itself, and docs/data-model.md is generated from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from csc_scorecard.schema import CODE_LISTS, TABLES, ColumnType
from csc_scorecard.schema.docs import render_data_model

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("table", TABLES.values(), ids=lambda t: t.name)
def test_table_declaration_is_consistent(table):
    names = table.column_names
    assert len(set(names)) == len(names), "column names must be unique"
    for key in table.key:
        assert key in names
        assert table.column(key).required, f"key column {key} must be required"
    for start, end in table.periods:
        assert table.column(start).is_date and table.column(end).is_date
    if table.coverage_column:
        assert table.column(table.coverage_column).is_date
    if table.person_column:
        assert table.column(table.person_column).type is ColumnType.ID
    for column in table.columns:
        if column.fk:
            target_table, target_column = column.fk.split(".")
            assert target_column in TABLES[target_table].column_names
        if column.codes:
            assert column.type is ColumnType.CODE and column.codes in CODE_LISTS
        if column.code_date:
            assert table.column(column.code_date).is_date
        assert column.is_date == (column.date_role is not None), column.name
        assert bool(column.json_flags) == (column.type is ColumnType.JSON)


def test_a_json_flag_may_not_take_a_declared_columns_name():
    # The ICPC outcome JSON's CP_FLAG would be icpc_icpc_outcome_cp_flag, a declared column: loaded,
    # one of the two would lose its name. The declaration says so when it is made.
    conferences = TABLES["ssd_initial_cp_conference"]
    json_column = conferences.column("icpc_icpc_outcome_json")
    with_cp_flag = replace(json_column, json_flags=(*json_column.json_flags, "CP_FLAG"))
    columns = tuple(with_cp_flag if c is json_column else c for c in conferences.columns)
    with pytest.raises(ValueError, match="more than one column would be named icpc_icpc_outcome_cp_flag"):
        replace(conferences, columns=columns)
    assert len(set(conferences.loaded_column_names)) == len(conferences.loaded_column_names)


def test_table_names_follow_their_source_prefix():
    for name, table in TABLES.items():
        prefix = {"Standard Safeguarding Dataset": "ssd_", "csc-scorecard extension": "ext_"}.get(
            table.source.value, "ref_"
        )
        assert name.startswith(prefix)


def test_code_validity_follows_the_placement_type_changes():
    place = CODE_LISTS["placement_type"]
    p2, k3 = place.get("P2"), place.get("k3")  # 903 files write 'k3' as well as 'K3'
    assert p2 is not None and k3 is not None
    assert p2.valid_on(date(2023, 10, 27)) and not p2.valid_on(date(2023, 10, 28))
    assert not k3.valid_on(date(2024, 3, 31)) and k3.valid_on(date(2024, 4, 1))
    assert place.get("Z9") is None


def test_json_flag_columns_are_named_after_the_field():
    column = TABLES["ssd_contacts"].column("cont_contact_outcome_json")
    assert column.json_flag_column("NEW_REFERRAL_FLAG") == "cont_contact_outcome_new_referral_flag"


def test_data_model_doc_is_up_to_date():
    committed = (REPO / "docs" / "data-model.md").read_text(encoding="utf-8")
    assert committed == render_data_model(), "run: python -m csc_scorecard.schema.docs"
