"""Real extracts: encodings, date layouts, flags, whitespace, Parquet types."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from ingest_builders import issues_of, records, values, write_extract_json, write_table

from csc_scorecard.errors import IssueKind, Level

TEAM_HEADER = ["dept_team_id", "dept_team_name"]


def test_windows_1252_file_with_a_pound_sign(tmp_path, load):
    write_extract_json(tmp_path)
    rows = [{"dept_team_id": str(n), "dept_team_name": f"Team {n}"} for n in range(1, 5000)]
    rows.append({"dept_team_id": "T£", "dept_team_name": "Fostering £ allowances – café"})
    write_table(tmp_path, "ssd_department", rows, TEAM_HEADER, encoding="cp1252")
    dataset = load()
    assert records(dataset, "ssd_department", "dept_team_id")["T£"]["dept_team_name"] == (
        "Fostering £ allowances – café"
    )
    assert dataset.load("357", "ssd_department").encoding == "Windows-1252"


def test_utf8_file_with_a_byte_order_mark(tmp_path, load):
    write_extract_json(tmp_path)
    text = "dept_team_id,dept_team_name\nT1,Children £ Families\n"
    (tmp_path / "ssd_department.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    dataset = load()
    assert values(dataset, "ssd_department", "dept_team_id") == ["T1"]
    assert values(dataset, "ssd_department", "dept_team_name") == ["Children £ Families"]
    assert not issues_of(dataset, IssueKind.MISSING_KEY_COLUMN)


@pytest.mark.parametrize(
    ("written", "expected", "fmt"),
    [
        (
            ["15/01/2022", "3/2/2022", "28/02/2022"],
            [date(2022, 1, 15), date(2022, 2, 3), date(2022, 2, 28)],
            "dd/mm/yyyy",
        ),
        (
            ["2022-01-15", "2022-02-03 00:00:00", "2022-02-28T10:11:12"],
            [date(2022, 1, 15), date(2022, 2, 3), date(2022, 2, 28)],
            "yyyy-mm-dd",
        ),
        (
            ["01/15/2022", "02/03/2022", "02/28/2022"],
            [date(2022, 1, 15), date(2022, 2, 3), date(2022, 2, 28)],
            "mm/dd/yyyy",
        ),
        (["44576", "44595", "44620.5"], [date(2022, 1, 15), date(2022, 2, 3), date(2022, 2, 28)], "excel"),
    ],
)
def test_date_layouts_are_inferred_per_column(tmp_path, load, written, expected, fmt):
    write_extract_json(tmp_path)
    header = ["cinv_cin_visit_id", "cinv_person_id", "cinv_cin_visit_date"]
    write_table(
        tmp_path,
        "ssd_cin_visits",
        [dict(zip(header, (str(n), "P1", d), strict=True)) for n, d in enumerate(written)],
    )
    dataset = load()
    assert values(dataset, "ssd_cin_visits", "cinv_cin_visit_date") == expected
    assert dataset.load("357", "ssd_cin_visits").date_formats == {"cinv_cin_visit_date": fmt}
    assert not [i for i in dataset.issues if i.row is not None]


def test_date_times_keep_their_time(tmp_path, load):
    write_extract_json(tmp_path)
    header = ["cont_contact_id", "cont_person_id", "cont_contact_date"]
    write_table(
        tmp_path,
        "ssd_contacts",
        [
            dict(zip(header, ("1", "P1", "15/01/2022 09:05"), strict=True)),
            dict(zip(header, ("2", "P1", "16/01/2022 1:30:15 PM"), strict=True)),
            dict(zip(header, ("3", "P1", "17/01/2022"), strict=True)),
        ],
    )
    assert values(load(), "ssd_contacts", "cont_contact_date") == [
        datetime(2022, 1, 15, 9, 5),
        datetime(2022, 1, 16, 13, 30, 15),
        datetime(2022, 1, 17),
    ]


def test_a_column_that_reads_differently_as_ddmm_and_mmdd_is_ambiguous(tmp_path, load):
    write_extract_json(tmp_path)
    header = ["cinv_cin_visit_id", "cinv_person_id", "cinv_cin_visit_date"]
    write_table(
        tmp_path,
        "ssd_cin_visits",
        [
            dict(zip(header, ("1", "P1", "03/04/2022"), strict=True)),
            dict(zip(header, ("2", "P1", "05/06/2022"), strict=True)),
        ],
    )
    dataset = load()
    issue = issues_of(dataset, IssueKind.AMBIGUOUS_DATE_FORMAT)[0]
    assert issue.level is Level.WARNING
    assert str(issue) == (
        "ssd_cin_visits.csv column cinv_cin_visit_date: the dates read differently as dd/mm/yyyy and as "
        "mm/dd/yyyy (for example '03/04/2022'); they were read as dd/mm/yyyy, the UK convention; set "
        "date_formats in the configuration if that is wrong. Read as mm/dd/yyyy they would give other dates."
    )
    assert values(dataset, "ssd_cin_visits", "cinv_cin_visit_date") == [date(2022, 4, 3), date(2022, 6, 5)]

    configured = load(date_formats={"ssd_cin_visits": "mm/dd/yyyy"})
    issue = issues_of(configured, IssueKind.AMBIGUOUS_DATE_FORMAT)[0]
    assert issue.level is Level.INFO
    assert "they were read as mm/dd/yyyy, the format configured for ssd_cin_visits" in issue.message
    assert values(configured, "ssd_cin_visits", "cinv_cin_visit_date") == [date(2022, 3, 4), date(2022, 5, 6)]


def test_one_stray_layout_in_a_column_is_a_bad_date_not_a_second_format(tmp_path, load):
    write_extract_json(tmp_path)
    header = ["cinv_cin_visit_id", "cinv_person_id", "cinv_cin_visit_date"]
    write_table(
        tmp_path,
        "ssd_cin_visits",
        [
            dict(zip(header, ("1", "P1", "15/01/2022"), strict=True)),
            dict(zip(header, ("2", "P1", "16/01/2022"), strict=True)),
            dict(zip(header, ("3", "P1", "2022-01-17"), strict=True)),
        ],
    )
    dataset = load()
    assert [i.row for i in issues_of(dataset, IssueKind.BAD_REQUIRED_DATE)] == [4]


def test_flags_whitespace_and_empty_strings(tmp_path, load):
    write_extract_json(tmp_path)
    header = [
        "cinv_cin_visit_id",
        "cinv_person_id",
        "cinv_cin_visit_date",
        "cinv_cin_visit_seen",
        "cinv_cin_visit_seen_alone",
    ]
    flags = ["Y", "n", "1", "0", "True", "false", " Yes ", "NO", "", "  "]
    rows = [
        dict(zip(header, (f" V{n} ", "P1", " 15/01/2022 ", f, ""), strict=True)) for n, f in enumerate(flags)
    ]
    write_table(tmp_path, "ssd_cin_visits", rows)
    dataset = load()
    assert values(dataset, "ssd_cin_visits", "cinv_cin_visit_seen") == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        None,
        None,
    ]
    assert values(dataset, "ssd_cin_visits", "cinv_cin_visit_id")[0] == "V0"
    assert set(values(dataset, "ssd_cin_visits", "cinv_cin_visit_seen_alone")) == {None}
    assert not [i for i in dataset.issues if i.row is not None]


def test_parquet_with_native_types_needs_no_parsing_but_is_still_checked(tmp_path, load):
    import pyarrow as pa
    import pyarrow.parquet as pq

    write_extract_json(tmp_path)
    pq.write_table(
        pa.table(
            {
                "cla_visit_id_unused": pa.array([1, 2, 3]),
                "clav_cla_visit_id": pa.array([1, 2, 2]),
                "clav_person_id": pa.array(["P1", "P1", "P1"]),
                "clav_cla_visit_date": pa.array([date(2022, 1, 15), date(2030, 1, 1), date(2022, 1, 16)]),
                "clav_cla_visit_seen": pa.array([True, False, None]),
            }
        ),
        tmp_path / "ssd_cla_visits.parquet",
    )
    dataset = load()
    assert values(dataset, "ssd_cla_visits", "clav_cla_visit_id") == ["1", "2"]
    assert values(dataset, "ssd_cla_visits", "clav_cla_visit_date") == [date(2022, 1, 15), date(2022, 1, 16)]
    assert values(dataset, "ssd_cla_visits", "clav_cla_visit_seen") == [True, None]
    assert [i.kind for i in dataset.issues if i.row is not None] == [IssueKind.IMPLAUSIBLE_REQUIRED_DATE]
    assert dataset.load("357", "ssd_cla_visits").date_formats == {"clav_cla_visit_date": "native"}


def test_tables_carry_declared_types_and_a_leading_council_column(tmp_path, load):
    write_extract_json(tmp_path)
    header = [
        "clap_cla_placement_id",
        "clap_person_id",
        "clap_cla_placement_start_date",
        "clap_cla_placement_distance",
    ]
    write_table(
        tmp_path, "ssd_cla_placement", [dict(zip(header, ("1", "P1", "15/01/2022", "2"), strict=True))]
    )
    table = load().tables["ssd_cla_placement"]
    schema = table.schema()
    assert list(schema.names) == ["council", *header]
    assert str(schema["clap_cla_placement_start_date"]).startswith("date")
    assert str(schema["clap_cla_placement_distance"]).startswith("float64")
