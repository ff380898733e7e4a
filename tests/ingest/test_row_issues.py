"""Each row issue quarantines its row, with a message that names file, row, column and value."""

from __future__ import annotations

from pathlib import Path

from ingest_builders import issues_of, person_rows, records, values, write_extract_json, write_table

from csc_scorecard.errors import IssueKind, Level

CONTACT_HEADER = ["cont_contact_id", "cont_person_id", "cont_contact_date", "cont_contact_source_code"]


def contact(
    cid: str, person: str = "P1", when: str = "15/01/2022 10:00", source: str = "6"
) -> dict[str, str]:
    return dict(zip(CONTACT_HEADER, (cid, person, when, source), strict=True))


def write_contacts(folder: Path, *rows: dict[str, str]) -> None:
    write_extract_json(folder)
    write_table(folder, "ssd_person", person_rows("P1", "P2"))
    write_table(folder, "ssd_contacts", list(rows), CONTACT_HEADER)


def only(dataset, kind):
    found = issues_of(dataset, kind)
    assert len(found) == 1, found
    return found[0]


def test_missing_key_quarantines_the_row(tmp_path, load):
    write_contacts(tmp_path, contact("C1"), contact(""))
    dataset = load()
    issue = only(dataset, IssueKind.MISSING_KEY)
    assert issue.level is Level.ERROR
    assert str(issue) == (
        "ssd_contacts.csv row 3, column cont_contact_id: the key column cont_contact_id is empty. "
        "The row was quarantined: every row needs a key."
    )
    load_ = dataset.load("357", "ssd_contacts")
    assert (load_.rows_read, load_.rows_accepted, load_.rows_quarantined) == (2, 1, 1)


def test_duplicate_key_keeps_the_first_row_in_file_order(tmp_path, load):
    write_contacts(tmp_path, contact("C1", person="P1"), contact("C2"), contact("C1", person="P2"))
    dataset = load()
    issue = only(dataset, IssueKind.DUPLICATE_KEY)
    assert str(issue) == (
        "ssd_contacts.csv row 4, column cont_contact_id: key 'C1' is already used by row 2. The row was "
        "quarantined: the first row with a key is kept and later rows with the same key are set aside."
    )
    assert records(dataset, "ssd_contacts", "cont_contact_id")["C1"]["cont_person_id"] == "P1"


def test_a_row_failing_its_own_checks_does_not_claim_the_key(tmp_path, load):
    # Row checks come first: the broken first C1 is quarantined for its date, so the second C1 is kept.
    write_contacts(tmp_path, contact("C1", when="31/02/2022"), contact("C1", person="P2"))
    dataset = load()
    assert not issues_of(dataset, IssueKind.DUPLICATE_KEY)
    assert values(dataset, "ssd_contacts", "cont_person_id") == ["P2"]


def test_unparseable_required_date(tmp_path, load):
    write_contacts(tmp_path, contact("C1"), contact("C2", when="31/02/2022"))
    issue = only(load(), IssueKind.BAD_REQUIRED_DATE)
    assert str(issue) == (
        "ssd_contacts.csv row 3, column cont_contact_date: '31/02/2022' is not a valid date (expected a date "
        "like 31/01/2024, the format of this column). The row was quarantined: this date is required."
    )
    assert (issue.found, issue.expected) == ("31/02/2022", "a date like 31/01/2024")


def test_required_date_after_the_extract_date(tmp_path, load):
    write_contacts(tmp_path, contact("C1"), contact("C2", when="01/03/2023"))
    issue = only(load(), IssueKind.IMPLAUSIBLE_REQUIRED_DATE)
    assert str(issue) == (
        "ssd_contacts.csv row 3, column cont_contact_date: '01/03/2023' is after the extract date (06/02/2023). "
        "The row was quarantined: this date is required."
    )


def test_required_date_long_before_the_childs_birth(tmp_path, load):
    write_contacts(tmp_path, contact("C1"), contact("C2", when="01/01/2010"))
    issue = only(load(), IssueKind.IMPLAUSIBLE_REQUIRED_DATE)
    assert issue.message == (
        "'01/01/2010' is more than 40 weeks before the child's date of birth (01/01/2015). "
        "The row was quarantined: this date is required."
    )


def test_pre_birth_work_and_unborn_children_are_plausible(tmp_path, load):
    write_extract_json(tmp_path)
    write_table(
        tmp_path,
        "ssd_person",
        [
            {"pers_person_id": "P1", "pers_dob": "01/06/2022", "pers_expected_dob": ""},
            {"pers_person_id": "U1", "pers_dob": "", "pers_expected_dob": "01/05/2023"},
        ],
    )
    write_table(
        tmp_path,
        "ssd_contacts",
        [
            contact("C1", person="P1", when="01/01/2022"),  # five months before birth: pre-birth referral
            contact("C2", person="U1", when="20/01/2023"),  # not yet born
        ],
        CONTACT_HEADER,
    )
    dataset = load()
    assert dataset.load("357", "ssd_contacts").rows_accepted == 2


def test_required_date_before_1900(tmp_path, load):
    write_contacts(tmp_path, contact("C1", person="NOBODY", when="01/01/1899"), contact("C2"))
    issue = only(load(), IssueKind.IMPLAUSIBLE_REQUIRED_DATE)
    assert issue.message.startswith("'01/01/1899' is before 1 January 1900.")


def test_end_before_start(tmp_path, load):
    write_extract_json(tmp_path)
    header = ["earl_episode_id", "earl_person_id", "earl_episode_start_date", "earl_episode_end_date"]
    write_table(
        tmp_path,
        "ssd_early_help_episodes",
        [
            dict(zip(header, ("E1", "P1", "10/01/2022", "20/01/2022"), strict=True)),
            dict(zip(header, ("E2", "P1", "10/01/2022", "09/01/2022"), strict=True)),
        ],
    )
    dataset = load()
    issue = only(dataset, IssueKind.END_BEFORE_START)
    assert str(issue) == (
        "ssd_early_help_episodes.csv row 3, column earl_episode_end_date: '09/01/2022' is before the start "
        "'10/01/2022' in earl_episode_start_date. The row was quarantined."
    )
    assert dataset.load("357", "ssd_early_help_episodes").rows_quarantined == 1


def test_missing_required_value(tmp_path, load):
    write_contacts(tmp_path, contact("C1"), contact("C2", when="   "))
    issue = only(load(), IssueKind.MISSING_REQUIRED_VALUE)
    assert str(issue) == (
        "ssd_contacts.csv row 3, column cont_contact_date: cont_contact_date is empty. "
        "The row was quarantined: this value is required."
    )


def test_missing_child_id_quarantines_the_row(tmp_path, load):
    write_contacts(tmp_path, contact("C1"), contact("C2", person=""))
    issue = only(load(), IssueKind.MISSING_REQUIRED_VALUE)
    assert issue.column == "cont_person_id"


def test_malformed_record_is_quarantined_with_its_row_number(tmp_path, load):
    write_extract_json(tmp_path)
    (tmp_path / "ssd_contacts.csv").write_text(
        "cont_contact_id,cont_person_id,cont_contact_date\nC1,P1,15/01/2022\nC2,P1,15/01/2022,extra\n"
        "C3,P1,16/01/2022\n",
        encoding="utf-8",
    )
    dataset = load()
    issue = only(dataset, IssueKind.MALFORMED_ROW)
    assert str(issue) == (
        "ssd_contacts.csv row 3: this record has 4 fields but the header has 3, so its values cannot be "
        "matched to columns. The row was quarantined."
    )
    result = dataset.load("357", "ssd_contacts")
    assert (result.rows_read, result.rows_accepted, result.rows_quarantined) == (3, 2, 1)
    quarantined = dataset.backend.con.execute(
        "SELECT _row, _raw_line FROM quarantine_ssd_contacts"
    ).fetchall()
    assert quarantined == [(3, "C2,P1,15/01/2022,extra")]


def test_quarantined_rows_are_kept_as_text_with_their_reasons(tmp_path, load):
    write_contacts(tmp_path, contact("C1"), contact("C1"), contact("", when="bad"))
    dataset = load()
    rows = dataset.backend.con.execute(
        "SELECT council, _row, _issues, cont_contact_date FROM quarantine_ssd_contacts ORDER BY _row"
    ).fetchall()
    assert rows == [
        ("357", 3, "duplicate_key", "15/01/2022 10:00"),
        ("357", 4, "bad_required_date; missing_key", "bad"),
    ]
