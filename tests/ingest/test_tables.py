"""Folders: missing, empty and header-only tables, unknown files and columns, extract dates,
multi-council folders and DuckDB files."""

from __future__ import annotations

import os
from datetime import date

import pytest
from ingest_builders import (
    issues_of,
    person_rows,
    valid_rows,
    values,
    write_clean_extract,
    write_extract_json,
    write_table,
)

from csc_scorecard.errors import InputFolderError, IssueKind, Level
from csc_scorecard.ingest import LoadSettings, TableStatus, load_dataset
from csc_scorecard.schema import TABLES


def test_missing_empty_and_header_only_tables_are_reported_table_by_table(tmp_path, load):
    write_extract_json(tmp_path)
    write_table(tmp_path, "ssd_person", person_rows("P1"))
    (tmp_path / "ssd_contacts.csv").write_bytes(b"")
    (tmp_path / "ssd_cin_episodes.csv").write_text(
        "cine_referral_id,cine_person_id,cine_referral_date\n", encoding="utf-8"
    )
    dataset = load()
    assert dataset.load("357", "ssd_person").status is TableStatus.LOADED
    assert dataset.load("357", "ssd_contacts").status is TableStatus.EMPTY
    assert dataset.load("357", "ssd_cin_episodes").status is TableStatus.HEADER_ONLY
    assert dataset.load("357", "ssd_cla_episodes").status is TableStatus.MISSING
    assert set(dataset.tables) == {"ssd_person"}
    assert not dataset.has("ssd_contacts") and not dataset.has("ssd_cin_episodes")
    [empty] = issues_of(dataset, IssueKind.EMPTY_FILE)
    assert str(empty) == (
        "ssd_contacts.csv: ssd_contacts.csv is empty (not even a header row): table ssd_contacts was not "
        "loaded and the indicators that need it will show as not available."
    )
    [header_only] = issues_of(dataset, IssueKind.HEADER_ONLY)
    assert header_only.message == (
        "ssd_cin_episodes.csv has a header but no rows: table ssd_cin_episodes holds nothing for this extract, "
        "so the indicators that need it will show as not available."
    )
    missing = {i.table: i for i in issues_of(dataset, IssueKind.MISSING_TABLE)}
    assert missing["ssd_cla_episodes"].level is Level.WARNING
    assert missing["ext_screening"].level is Level.INFO
    assert missing["ssd_cla_episodes"].message == (
        "no file for table ssd_cla_episodes (expected ssd_cla_episodes.csv or .parquet): the indicators that "
        "need it (CF1-CF25) will show as not available."
    )


def test_missing_key_column_rejects_the_table(tmp_path, load):
    write_extract_json(tmp_path)
    write_table(tmp_path, "ssd_contacts", [{"cont_person_id": "P1", "cont_contact_date": "15/01/2022"}])
    dataset = load()
    assert dataset.load("357", "ssd_contacts").status is TableStatus.REJECTED
    assert (
        dataset.load("357", "ssd_contacts").rows_read == dataset.load("357", "ssd_contacts").rows_quarantined
    )
    [issue] = issues_of(dataset, IssueKind.MISSING_KEY_COLUMN)
    assert issue.message == (
        "the key column cont_contact_id is missing from ssd_contacts.csv, so table ssd_contacts cannot be used. "
        "The header has: cont_person_id, cont_contact_date."
    )


def test_missing_other_column_is_named_and_the_table_still_loads(tmp_path, load):
    write_extract_json(tmp_path)
    write_table(
        tmp_path,
        "ssd_cla_health",
        [
            {
                "clah_health_check_id": "1",
                "clah_person_id": "P1",
                "clah_health_check_date": "15/01/2022",
                "Unexpected": "x",
            }
        ],
    )
    dataset = load()
    health = dataset.load("357", "ssd_cla_health")
    assert health.status is TableStatus.LOADED
    assert health.missing_columns == ("clah_health_check_type", "clah_health_check_status")
    assert not dataset.has("ssd_cla_health", "clah_health_check_type")
    assert dataset.has("ssd_cla_health", "clah_health_check_date")
    messages = [str(i) for i in issues_of(dataset, IssueKind.MISSING_COLUMN)]
    assert messages[0] == (
        "ssd_cla_health.csv column clah_health_check_type: column clah_health_check_type is missing from "
        "ssd_cla_health.csv: the indicators that need it (CF21-CF25) will show as not available."
    )
    [unknown] = issues_of(dataset, IssueKind.UNKNOWN_COLUMN)
    assert unknown.level is Level.INFO and unknown.column == "Unexpected"


def test_unknown_files_are_information(tmp_path, load):
    write_extract_json(tmp_path)
    write_table(tmp_path, "ssd_person", person_rows("P1"))
    (tmp_path / "notes.csv").write_text("a\n1\n", encoding="utf-8")
    [issue] = [i for i in load().issues if i.file == "notes.csv"]
    assert issue.level is Level.INFO and issue.kind is IssueKind.UNKNOWN_FILE
    assert issue.message == "notes.csv is not one of the tables csc-scorecard reads; it was ignored."


def test_column_names_match_ignoring_case_and_spaces(tmp_path, load):
    write_extract_json(tmp_path)
    (tmp_path / "SSD_Person.csv").write_text(" PERS_PERSON_ID ,Pers_Dob\nP1,01/01/2015\n", encoding="utf-8")
    assert values(load(), "ssd_person", "pers_dob") == [date(2015, 1, 1)]


def test_missing_folder_is_a_plain_error(tmp_path):
    with pytest.raises(InputFolderError, match="does not exist"):
        load_dataset(tmp_path / "nowhere")


def test_folder_without_tables_is_a_plain_error(tmp_path):
    (tmp_path / "readme.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(InputFolderError, match="holds no table files"):
        load_dataset(tmp_path)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_reported(tmp_path, load):
    write_extract_json(tmp_path)
    path = write_table(tmp_path, "ssd_person", person_rows("P1"))
    path.chmod(0)
    try:
        [issue] = issues_of(load(), IssueKind.UNREADABLE_FILE)
    finally:
        path.chmod(0o644)
    assert "may be open in another program" in issue.message


def test_every_row_is_accounted_for(tmp_path, load):
    write_clean_extract(tmp_path, rows=3, all_tables=True)
    dataset = load()
    for result in dataset.loads.values():
        assert result.rows_read == result.rows_accepted + result.rows_quarantined
        assert result.status is TableStatus.LOADED, result
    assert [i for i in dataset.issues if i.level is not Level.INFO] == []
    assert set(dataset.tables) == set(TABLES)


def test_coverage_is_the_first_and_last_date(tmp_path, load):
    write_extract_json(tmp_path)
    rows = valid_rows(TABLES["ssd_contacts"], 3)
    for row, day in zip(rows, ("15/01/2022 09:00", "02/03/2021 10:00", "30/06/2022 23:59"), strict=True):
        row["cont_contact_date"] = day
    write_table(tmp_path, "ssd_contacts", rows)
    coverage = load().coverage("357", "ssd_contacts")
    assert (coverage.first, coverage.last) == (date(2021, 3, 2), date(2022, 6, 30))


def test_extract_date_from_extract_json_flag_or_newest_date(tmp_path):
    rows = valid_rows(TABLES["ssd_contacts"], 2)
    rows[1]["cont_contact_date"] = "20/01/2022 10:00"
    write_table(tmp_path, "ssd_contacts", rows)
    newest = load_dataset(tmp_path, LoadSettings(council="999"))
    assert newest.extract_dates == {"999": date(2022, 1, 20)}
    [note] = [i for i in newest.issues if i.table == "extract.json"]
    assert note.message == (
        "no extract date was given (--extract-date or extract.json); using the newest date in the data, "
        "20/01/2022 (ssd_contacts.cont_contact_date)."
    )
    write_extract_json(tmp_path, "357", date(2023, 2, 6))
    from_json = load_dataset(tmp_path, LoadSettings(council="999"))
    assert from_json.extract_dates == {"357": date(2023, 2, 6)}
    flagged = load_dataset(tmp_path, LoadSettings(extract_date=date(2022, 12, 31)))
    assert flagged.extract_date == date(2022, 12, 31)


def test_folder_name_is_the_council_without_extract_json(tmp_path):
    folder = tmp_path / "344"
    write_table(folder, "ssd_person", person_rows("P1"))
    assert load_dataset(folder).councils == ("344",)


def test_multi_council_folder_unions_tables_with_a_council_column(tmp_path):
    write_extract_json(tmp_path / "a", "357", date(2023, 2, 6))
    write_table(tmp_path / "a", "ssd_person", person_rows("P1", "P2"))
    write_table(tmp_path / "b", "ssd_person", [{"pers_person_id": "P1", "pers_sex": "M"}])
    (tmp_path / "b" / "ssd_contacts.csv").write_bytes(b"")
    dataset = load_dataset(tmp_path, LoadSettings(extract_date=date(2023, 1, 31)))
    assert dataset.councils == ("357", "b")
    assert dataset.extract_dates == {"357": date(2023, 1, 31), "b": date(2023, 1, 31)}
    person = dataset.tables["ssd_person"].to_pyarrow().to_pylist()
    assert [(r["council"], r["pers_person_id"], r["pers_sex"]) for r in person] == [
        ("357", "P1", "F"),
        ("357", "P2", "F"),
        ("b", "P1", "M"),
    ]
    assert person[2]["pers_dob"] is None  # column absent for council b: null there
    assert dataset.load("b", "ssd_contacts").status is TableStatus.EMPTY
    assert [i.file for i in issues_of(dataset, IssueKind.EMPTY_FILE)] == ["b/ssd_contacts.csv"]


def _loaded(folder, monkeypatch, batch_rows):
    from csc_scorecard.ingest import load

    monkeypatch.setattr(load, "BATCH_ROWS", batch_rows)
    dataset = load_dataset(folder, LoadSettings(extract_date=date(2023, 1, 31)))
    tables = {name: dataset.tables[name].to_pyarrow() for name in sorted(dataset.tables)}
    quarantine = {
        name: dataset.backend.con.execute(f'SELECT * FROM "{relation}"').fetchall()
        for name, relation in sorted(dataset.quarantine.items())
    }
    return tables, quarantine, dataset.loads, [str(i) for i in dataset.issues]


def test_councils_loaded_in_batches_give_the_tables_of_one_batch(tmp_path, monkeypatch):
    # A batch of councils per BATCH_ROWS rows: with a limit of 1 row, each council is a batch of its
    # own, and each batch writes its accepted rows straight into the table. Council 357 has no
    # pers_sex, so the first batch makes ssd_person without it; b's batch adds it, at the end; the
    # table must still read council, pers_person_id, pers_sex, pers_dob, as one batch makes it.
    # c's second P1 is a duplicate key: quarantined, as in one batch.
    write_extract_json(tmp_path / "a", "357")
    write_table(tmp_path / "a", "ssd_person", [{"pers_person_id": "P1", "pers_dob": "01/01/2015"}])
    write_table(
        tmp_path / "b", "ssd_person", [{"pers_person_id": "P1", "pers_sex": "M", "pers_dob": "02/02/2016"}]
    )
    write_table(tmp_path / "c", "ssd_person", person_rows("P1", "P2", "P1"))
    for folder in ("a", "b", "c"):
        write_table(tmp_path / folder, "ssd_contacts", valid_rows(TABLES["ssd_contacts"], 2))
        write_table(
            tmp_path / folder, "ssd_initial_cp_conference", valid_rows(TABLES["ssd_initial_cp_conference"], 2)
        )
    one_batch = _loaded(tmp_path, monkeypatch, 2_000_000)
    in_batches = _loaded(tmp_path, monkeypatch, 1)
    person = in_batches[0]["ssd_person"]
    assert person.column_names[:4] == ["council", "pers_person_id", "pers_sex", "pers_dob"]
    assert [(r["council"], r["pers_person_id"], r["pers_sex"]) for r in person.to_pylist()] == [
        ("357", "P1", None),
        ("b", "P1", "M"),
        ("c", "P1", "F"),
        ("c", "P2", "F"),
    ]
    assert len(in_batches[0]["ssd_contacts"]) == 6
    conferences = in_batches[0]["ssd_initial_cp_conference"].column_names
    assert conferences == ["council", *TABLES["ssd_initial_cp_conference"].loaded_column_names]
    assert in_batches[1]["ssd_person"]  # the duplicate P1
    assert in_batches == one_batch


def test_duplicate_council_codes_are_refused(tmp_path):
    write_extract_json(tmp_path / "a", "357")
    write_extract_json(tmp_path / "b", "357")
    with pytest.raises(InputFolderError, match="same council code '357'"):
        load_dataset(tmp_path)


def test_duckdb_database_file(tmp_path):
    import duckdb

    path = tmp_path / "extract.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE ssd_person (pers_person_id VARCHAR, pers_dob DATE)")
    con.execute("INSERT INTO ssd_person VALUES ('P1', DATE '2015-01-01'), ('P2', NULL), ('P2', NULL)")
    con.execute("CREATE TABLE other_stuff (x INTEGER)")
    con.close()
    dataset = load_dataset(path, LoadSettings(extract_date=date(2023, 2, 6), council="357"))
    assert dataset.councils == ("357",)
    assert values(dataset, "ssd_person", "pers_dob") == [date(2015, 1, 1), None]
    [duplicate] = issues_of(dataset, IssueKind.DUPLICATE_KEY)
    assert (duplicate.file, duplicate.row) == ("extract.duckdb:ssd_person", 4)
    assert any(i.table == "other_stuff" and i.level is Level.INFO for i in dataset.issues)


def test_json_functions_work_with_extension_autoloading_off():
    from csc_scorecard.ingest.connection import connect

    con = connect()
    settings = dict(
        con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name LIKE 'auto%_known_extensions'"
        ).fetchall()
    )
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
    assert con.execute("""SELECT json_extract_string('{"A": "Y"}', '$.A')""").fetchall() == [("Y",)]


def test_person_file_without_dates_of_birth_still_lets_other_tables_load(tmp_path, load):
    write_extract_json(tmp_path)
    write_table(tmp_path, "ssd_person", [{"pers_person_id": "P1", "pers_sex": "F"}])
    write_table(tmp_path, "ssd_contacts", valid_rows(TABLES["ssd_contacts"], 2))
    dataset = load()
    assert dataset.load("357", "ssd_contacts").rows_accepted == 2


def test_nasty_headers_and_binary_junk_do_not_crash(tmp_path, load):
    write_extract_json(tmp_path)
    (tmp_path / "ssd_person.csv").write_text(
        "pers_person_id,,pers_dob,\nP1,x,01/01/2015,y\n", encoding="utf-8"
    )
    (tmp_path / "ssd_disability.csv").write_bytes(b"\x00\x01binary\xff\xfe,\n\x00")
    (tmp_path / "ssd_address.parquet").write_bytes(b"garbage")
    dataset = load()
    assert dataset.load("357", "ssd_person").rows_accepted == 1
    assert dataset.load("357", "ssd_disability").status is TableStatus.REJECTED
    assert dataset.load("357", "ssd_address").status is TableStatus.REJECTED
    assert any("(blank) appears twice" in i.message for i in dataset.issues)
