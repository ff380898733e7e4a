"""`csc-scorecard validate`: output, issues CSV and exit codes 0 / 1 / 2."""

from __future__ import annotations

import csv
from pathlib import Path

from ingest_builders import person_rows, write_clean_extract, write_extract_json, write_table
from typer.testing import CliRunner

from csc_scorecard.cli import app

runner = CliRunner()


def run(*args: str | Path):
    return runner.invoke(app, ["validate", *map(str, args)])


def read_issues(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_clean_extract_exits_0(tmp_path):
    data = write_clean_extract(tmp_path / "357")
    out = tmp_path / "issues.csv"
    result = run(data, "--issues-csv", out)
    assert result.exit_code == 0, result.output
    assert "Council 357: extract date 06/02/2023" in result.output
    assert "Result: no problems found." in result.output
    assert "ssd_contacts" in result.output
    assert out.exists()
    assert all(row["level"] == "info" for row in read_issues(out))


def test_data_problems_exit_1_with_grouped_examples_and_a_full_csv(tmp_path):
    data = tmp_path / "357"
    write_extract_json(data)
    write_table(data, "ssd_person", person_rows("P1"))
    header = ["cont_contact_id", "cont_person_id", "cont_contact_date", "cont_contact_source_code"]
    rows = [
        dict(zip(header, (f"C{n}", "P1", "31/02/2022" if n % 2 else "15/01/2022", "6"), strict=True))
        for n in range(10)
    ]
    write_table(data, "ssd_contacts", rows)
    out = tmp_path / "out" / "issues.csv"
    result = run(data, "--issues-csv", out)
    assert result.exit_code == 1, result.output
    assert "ERROR bad_required_date: 5" in result.output
    assert (
        "ssd_contacts.csv row 3, column cont_contact_date: '31/02/2022' is not a valid date (expected a "
        "date like 31/01/2024, the format of this column)."
    ) in result.output
    assert "... and 2 more in the issues file" in result.output
    issues = [r for r in read_issues(out) if r["kind"] == "bad_required_date"]
    assert [r["row"] for r in issues] == ["3", "5", "7", "9", "11"]
    assert set(issues[0]) == {
        "level",
        "kind",
        "table",
        "file",
        "row",
        "column",
        "found",
        "expected",
        "message",
    }
    quarantined = out.parent / "quarantined_rows" / "ssd_contacts.csv"
    with quarantined.open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 5


def test_messy_folder_reports_table_by_table(tmp_path):
    data = tmp_path / "357"
    write_extract_json(data)
    write_table(data, "ssd_person", person_rows("P1"))
    (data / "ssd_contacts.csv").write_bytes(b"")
    (data / "ssd_cin_episodes.csv").write_text("cine_referral_id,cine_person_id\n", encoding="utf-8")
    result = run(data, "--issues-csv", tmp_path / "i.csv")
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "ssd_contacts │ ssd_contacts.csv │ EMPTY FILE" in text
    assert "ssd_cin_episodes │ ssd_cin_episodes.csv │ HEADER ONLY" in text
    assert "Missing SSD tables (28): ssd_family," in text


def test_missing_folder_exits_2_without_a_traceback(tmp_path):
    result = run(tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_bad_extract_date_exits_2(tmp_path):
    result = run(write_clean_extract(tmp_path / "d"), "--extract-date", "yesterday")
    assert result.exit_code == 2
    assert "--extract-date 'yesterday' is not a date" in result.output


def test_usage_error_exits_2():
    assert runner.invoke(app, ["validate"]).exit_code == 2


def test_extract_date_flag_overrides_extract_json(tmp_path):
    result = run(
        write_clean_extract(tmp_path / "d"),
        "--extract-date",
        "2023-01-31",
        "--issues-csv",
        tmp_path / "i.csv",
    )
    assert "Council 357: extract date 31/01/2023" in result.output


def test_unwritable_issues_path_falls_back_and_says_where(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run(write_clean_extract(tmp_path / "d"), "--issues-csv", blocker / "issues.csv")
    assert result.exit_code == 0, result.output
    assert "could not write" in result.output
    assert "so the issues were written to" in result.output


def test_multi_council_folder(tmp_path):
    write_clean_extract(tmp_path / "all" / "one", council="357")
    write_clean_extract(tmp_path / "all" / "two", council="358")
    result = run(tmp_path / "all", "--issues-csv", tmp_path / "i.csv")
    assert result.exit_code == 0, result.output
    assert "Council 357" in result.output and "Council 358" in result.output


def test_duckdb_file(tmp_path):
    import duckdb

    path = tmp_path / "extract.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE ssd_person AS SELECT 'P1' AS pers_person_id, DATE '2015-01-01' AS pers_dob")
    con.close()
    result = run(path, "--extract-date", "2023-02-06", "--council", "357", "--issues-csv", tmp_path / "i.csv")
    assert result.exit_code == 1  # most SSD tables are missing
    assert "ssd_person" in result.output and "extract.duckdb" in result.output


def test_config_value_maps_and_date_formats(tmp_path):
    data = tmp_path / "d"
    write_extract_json(data)
    header = ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_initial_category"]
    write_table(data, "ssd_cp_plans", [dict(zip(header, ("1", "P1", "03/04/2022", "Neglect"), strict=True))])
    config = tmp_path / "council.toml"
    config.write_text(
        '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n\n'
        '[value_maps.ssd_cp_plans.cppl_cp_plan_initial_category]\nNeglect = "NEG"\n\n'
        '[dates]\ndefault = "mm/dd/yyyy"\n',
        encoding="utf-8",
    )
    out = tmp_path / "i.csv"
    result = run(data, "--config", config, "--issues-csv", out)
    kinds = {r["kind"] for r in read_issues(out)}
    assert "code_not_in_list" not in kinds, result.output
    ambiguous = [r for r in read_issues(out) if r["kind"] == "ambiguous_date_format"]
    assert ambiguous[0]["level"] == "info" and ambiguous[0]["expected"] == "mm/dd/yyyy"


def test_help_ends_with_an_example():
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    assert any(line.strip() == "Example:" for line in lines[-4:])
    assert lines[-1].strip().startswith("csc-scorecard validate")


MESSY = Path(__file__).parent.parent / "data" / "messy_council"


def test_the_messy_council_folder(tmp_path):
    """tests/data/messy_council: one of almost everything that goes wrong in real extracts."""
    out = tmp_path / "issues.csv"
    result = run(MESSY, "--issues-csv", out)
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    for expected in (
        "ssd_cla_health │ ssd_cla_health.csv │ EMPTY FILE",
        "ssd_cp_plans │ ssd_cp_plans.csv │ HEADER ONLY",
        "ssd_missing │ ssd_missing.csv │ REJECTED │ 1 │ 0 │ 1",
        "ssd_contacts │ ssd_contacts.csv │ loaded │ 9 │ 5 │ 4 │ 3 │ 15/01/2023–21/01/2023",
        "Windows-1252",
        "notes.txt: notes.txt is not one of the tables csc-scorecard reads; it was ignored.",
        "Result: data problems found (6 errors, 60 warnings).",
    ):
        assert expected in text, expected
    issues = read_issues(out)
    kinds = {row["kind"] for row in issues}
    assert {
        "bad_required_date",
        "duplicate_key",
        "missing_key",
        "implausible_required_date",
        "end_before_start",
        "code_not_in_list",
        "bad_value",
        "bad_json",
        "orphan_foreign_key",
        "ambiguous_date_format",
        "bad_optional_date",
        "empty_file",
        "header_only",
        "missing_key_column",
    } <= kinds
