"""The catalogue loads, is consistent with the input contract and the engine, and reports errors with file and line."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pytest

from csc_scorecard.catalogue import docs
from csc_scorecard.catalogue.load import CatalogueError, load_catalogue
from csc_scorecard.catalogue.model import Kind, PeriodBasis
from csc_scorecard.engine.views import VIEW_NAMES
from first_slice import FIRST_SLICE as SLICE

REPO = Path(__file__).resolve().parents[2]

GOOD = """\
- ref: FD1
  title: Contacts received
  kind: count
  unit: count
  polarity: neutral
  period_basis: month
  count_unit: episodes
  definition: Contacts in the month.
  source: Annex A List 1
  requires:
    ssd_contacts: [cont_contact_id, cont_contact_date]
  measure: {view: contacts}
"""


def _write(tmp_path: Path, text: str, name: str = "fd.yaml") -> Path:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def _errors(tmp_path: Path, text: str) -> tuple[str, ...]:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(_write(tmp_path, text))
    return caught.value.issues


def test_the_shipped_catalogue_holds_every_reference_row_in_report_order():
    catalogue = load_catalogue()
    assert set(SLICE) <= set(catalogue.refs)
    assert len(catalogue.refs) == 122
    reference = REPO.parent / "shared" / "reference" / "scorecard-2023-01.csv"
    if reference.exists():  # the 122 rows of the reference scorecard, and no others
        with reference.open(encoding="utf-8", newline="") as handle:
            assert set(catalogue.refs) == {row["ref"] for row in csv.DictReader(handle)}
    sections = [i.section.value for i in catalogue.indicators]
    assert sections == sorted(sections, key=["fd", "eh", "cin", "cf", "sg", "wf"].index)


def test_every_indicator_names_a_view_the_engine_has():
    for ind in load_catalogue().indicators:
        assert ind.kind is Kind.BESPOKE or ind.measure.view in VIEW_NAMES, ind.ref


def test_spc_only_on_monthly_and_snapshot_series():
    catalogue = load_catalogue()
    assert catalogue["CIN1"].spc and catalogue["CF1"].spc
    assert not catalogue["CIN2"].spc and not catalogue["SG5"].spc
    assert {b for b in PeriodBasis if b.spc_allowed} == {PeriodBasis.MONTH, PeriodBasis.MONTH_END}


def test_hashes_are_stable_and_follow_the_definition(tmp_path):
    first, again = load_catalogue(_write(tmp_path, GOOD)), load_catalogue(_write(tmp_path, GOOD))
    assert first.catalogue_hash == again.catalogue_hash
    assert first["FD1"].definition_hash == again["FD1"].definition_hash
    changed = load_catalogue(
        _write(tmp_path, GOOD.replace("Contacts in the month.", "Contacts, by date received."))
    )
    assert changed["FD1"].definition_hash != first["FD1"].definition_hash
    assert changed.catalogue_hash != first.catalogue_hash


def test_an_unknown_kind_names_file_line_and_field(tmp_path):
    issues = _errors(tmp_path, GOOD.replace("kind: count", "kind: counted"))
    assert len(issues) == 1
    assert issues[0].startswith(f"{tmp_path / 'fd.yaml'} line 3, FD1, field kind: Input should be 'count'")


def test_a_missing_field_names_the_record_line(tmp_path):
    issues = _errors(tmp_path, GOOD.replace("  title: Contacts received\n", ""))
    assert issues == (f"{tmp_path / 'fd.yaml'} line 1, FD1, field title: Field required",)


def test_a_nested_field_names_its_own_line(tmp_path):
    text = GOOD.replace("  measure: {view: contacts}\n", "  measure:\n    view: contacts\n    within: soon\n")
    issues = _errors(tmp_path, text)
    assert issues[0].startswith(f"{tmp_path / 'fd.yaml'} line 14, FD1, field measure.within:")


def test_tables_and_columns_must_be_in_the_input_contract(tmp_path):
    text = GOOD.replace(
        "[cont_contact_id, cont_contact_date]", "[cont_contact_id, cont_contact_day]\n    ssd_contactz: [x]"
    )
    assert _errors(tmp_path, text) == (
        f"{tmp_path / 'fd.yaml'} line 10, FD1, field requires: column cont_contact_day is not a column of "
        "ssd_contacts in the input contract",
        f"{tmp_path / 'fd.yaml'} line 10, FD1, field requires: table ssd_contactz is not in the input contract "
        "(csc_scorecard.schema.TABLES)",
    )


def test_refs_are_unique_and_relationships_resolve(tmp_path):
    text = GOOD + GOOD.replace(
        "measure: {view: contacts}",
        "measure: {view: contacts}\n  relationships:\n    - {type: count_of, ref: FD99}",
    )
    issues = _errors(tmp_path, text)
    assert (
        f"{tmp_path / 'fd.yaml'} line 13, FD1, field ref: FD1 is already defined at {tmp_path / 'fd.yaml'} line 1"
        in issues
    )
    assert (
        f"{tmp_path / 'fd.yaml'} line 26, FD1, field relationships.0.ref: FD99 is not a ref in the catalogue"
        in issues
    )


def test_kind_specific_fields_are_checked(tmp_path):
    text = GOOD.replace("kind: count", "kind: proportion").replace("unit: count", "unit: percent")
    issues = _errors(tmp_path, text)
    assert issues == (
        f"{tmp_path / 'fd.yaml'} line 12, FD1, field measure: a proportion needs measure.numerator "
        "(the flag that makes a row count)",
    )


def test_yaml_syntax_errors_give_the_line(tmp_path):
    with pytest.raises(CatalogueError, match=r"fd.yaml line 3: not valid YAML"):
        load_catalogue(_write(tmp_path, "- ref: FD1\n  title: [unclosed\n  kind: count\n"))


def test_yaml_syntax_errors_are_worded_by_the_pure_python_parser(tmp_path):
    # libyaml words this "did not find expected ',' or ']'"; the message stays PyYAML's own.
    with pytest.raises(
        CatalogueError, match=r"fd.yaml line 3: not valid YAML: expected ',' or ']', but got ':'"
    ):
        load_catalogue(_write(tmp_path, "- ref: FD1\n  title: [unclosed\n  kind: count\n"))


def test_the_fast_parser_reads_every_section_file_as_the_pure_python_one_does():
    import yaml

    from csc_scorecard.catalogue import load

    def plain(node):  # values, and the line of every mapping and key
        if isinstance(node, load._LineMap):
            return (node.line, node.key_lines, {k: plain(v) for k, v in node.items()})
        return [plain(v) for v in node] if isinstance(node, list) else node

    for name in load.SECTION_FILES:
        text = (REPO / "src" / "csc_scorecard" / "catalogue" / "definitions" / name).read_text(
            encoding="utf-8"
        )
        fast = plain(yaml.load(text, Loader=load._FastLineLoader))
        assert fast == plain(yaml.load(text, Loader=load._LineLoader)), name


def test_docs_indicators_md_is_up_to_date():
    # Regenerate with: python -m csc_scorecard.catalogue.docs
    current = (REPO / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert current == docs.render(load_catalogue())
