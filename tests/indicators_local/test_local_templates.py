"""`csc-scorecard templates`: header-only CSVs and READMEs; filled with two rows each, they validate and
compute."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from engine_helpers import CATALOGUE
from local_refs import LOCAL_REFS
from typer.testing import CliRunner

from csc_scorecard.cli import app
from csc_scorecard.engine.compute import compute
from csc_scorecard.engine.settings import ComputeSettings
from csc_scorecard.ingest import load_dataset
from csc_scorecard.schema import CODE_LISTS, TABLES, ColumnType
from csc_scorecard.schema.model import Source
from csc_scorecard.templates import table_templates

TEMPLATE_TABLES = sorted(n for n, t in TABLES.items() if t.source in (Source.EXTENSION, Source.REFERENCE))
# Values a council might fill in, by column where a generic value would not do.
FILLED = {
    "clbc_birthday_age": ("18", "20"),
    "edus_status": ("CME", "EHE"),
    "scrn_service": ("FRONT_DOOR", "EARLY_HELP_HUB"),
    "conf_agency": ("POLICE", "HEALTH"),
    "postcode": ("AB12CD", "ZZ99ZZ"),
    "la_code": ("E08000008", "E08000001"),
    "date": ("2023-01-02", "2023-01-03"),
    "year": ("2022", "2021"),
    "population": ("50956", "50000"),
    "is_working_day": ("N", "N"),
    "wfsn_snapshot_date": ("2023-01-31", "2023-01-31"),
}


def _value(column, row: int) -> str:
    if column.name in FILLED:
        return FILLED[column.name][row]
    if column.codes:
        return CODE_LISTS[column.codes].codes[row].code
    return {
        ColumnType.DATE: f"2023-01-1{row + 1}",
        ColumnType.DATETIME: f"2023-01-1{row + 1} 09:00",
        ColumnType.FLAG: "Y",
        ColumnType.INTEGER: "1",
        ColumnType.NUMBER: "1.0",
    }.get(column.type, f"{column.name[:4].upper()}{row + 1}")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    result = CliRunner().invoke(app, ["templates", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_a_header_only_csv_and_a_readme_for_every_extension_and_reference_table(written):
    for name in TEMPLATE_TABLES:
        with (written / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows == [[c.name for c in TABLES[name].columns]], name
        readme = (written / f"{name}.md").read_text(encoding="utf-8")
        assert all(f"`{c.name}`" in readme for c in TABLES[name].columns), name
    index = (written / "README.md").read_text(encoding="utf-8")
    assert all(f"[{name}]" in index for name in TEMPLATE_TABLES)


def test_the_readme_names_codes_and_the_indicators_fed(written):
    readme = (written / "ext_screening.md").read_text(encoding="utf-8")
    assert "OTHER_AGENCY = Referral to other agencies" in readme
    assert "FD8, FD8a, FD8b" in readme
    # requests for information: who asked and what for, closed lists a council maps its own words to
    assert "SOLICITOR_COURT = Solicitor, court or Cafcass" in readme
    assert "WHEREABOUTS = Whereabouts of a child or family" in readme
    assert "`[value_maps.ext_screening.scrn_rfi_nature]`" in readme


def test_tables_are_ordered_by_how_many_indicators_they_unlock():
    unlocked = [len(t.required_by) for t in table_templates(CATALOGUE)]
    assert unlocked == sorted(unlocked, reverse=True)
    assert table_templates(CATALOGUE)[0].table.name == "ext_screening"


def test_filled_templates_validate_and_compute(written, tmp_path):
    data = tmp_path / "357"
    data.mkdir()
    (data / "extract.json").write_text(json.dumps({"council": "357", "extract_date": "2023-02-06"}))
    for name in TEMPLATE_TABLES:
        with (written / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        with (data / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in range(2):
                writer.writerow([_value(TABLES[name].columns_by_name[c], row) for c in header])
    dataset = load_dataset(data)
    for name in TEMPLATE_TABLES:
        load = dataset.load("357", name)
        assert load.rows_accepted == 2, (name, load)
    results = compute(dataset, CATALOGUE.select(LOCAL_REFS), ComputeSettings.for_period("2023-01", 1))
    frame = results.to_pandas()
    main = frame[frame.breakdown_value == "all"].set_index("ref")
    # every local ref whose inputs are all extension tables is computed from the templates alone
    from_templates = [
        r for r in LOCAL_REFS if all(TABLES[t].source is not Source.SSD for t in CATALOGUE[r].requires)
    ]
    assert len(from_templates) >= 35
    for ref in from_templates:
        assert main.loc[ref, "status"] != "not_available", (ref, main.loc[ref, "note"])
