"""Each field issue keeps the row, empties the field (or keeps a child's id) and says so."""

from __future__ import annotations

from ingest_builders import issues_of, person_rows, records, values, write_extract_json, write_table

from csc_scorecard.errors import IssueKind, Level

PLACEMENT_HEADER = [
    "clap_cla_placement_id",
    "clap_person_id",
    "clap_cla_placement_start_date",
    "clap_cla_placement_type",
    "clap_cla_placement_distance",
    "clap_cla_placement_end_date",
]


def placement(
    pid: str, type_: str = "U1", start: str = "15/01/2022", distance: str = "3.5", end: str = ""
) -> dict[str, str]:
    return dict(zip(PLACEMENT_HEADER, (pid, "P1", start, type_, distance, end), strict=True))


def write_placements(folder, *rows):
    write_extract_json(folder)
    write_table(folder, "ssd_person", person_rows("P1"))
    write_table(folder, "ssd_cla_placement", list(rows), PLACEMENT_HEADER)


def only(dataset, kind):
    found = issues_of(dataset, kind)
    assert len(found) == 1, found
    return found[0]


def test_unknown_placement_code_keeps_the_row_with_a_null_code(tmp_path, load):
    write_placements(tmp_path, placement("PL1"), placement("PL2", type_="ZZ9"))
    dataset = load()
    issue = only(dataset, IssueKind.CODE_NOT_IN_LIST)
    assert issue.level is Level.WARNING
    assert str(issue) == (
        "ssd_cla_placement.csv row 3, column clap_cla_placement_type: 'ZZ9' is not a code in the list "
        "'Placement type (SSDA903 PLACE)' (expected one of A3, A4, A5, A6, K1, K2, P1, P3, R1, R2, R3, R5, ...; "
        "a value map in the configuration can translate local descriptions). The field was set to empty; "
        "the row was kept."
    )
    rows = records(dataset, "ssd_cla_placement", "clap_cla_placement_id")
    assert rows["PL1"]["clap_cla_placement_type"] == "U1"
    assert rows["PL2"]["clap_cla_placement_type"] is None
    assert dataset.load("357", "ssd_cla_placement").rows_accepted == 2


def test_code_is_checked_against_the_records_own_date(tmp_path, load):
    # P2 (independent living) was withdrawn on 28 October 2023: fine in 2022, not in 2024.
    write_placements(
        tmp_path,
        placement("PL1", type_="P2", start="15/01/2022"),
        placement("PL2", type_="p2", start="05/01/2024"),
    )
    dataset = load(extract_date=__import__("datetime").date(2024, 2, 1))
    issue = only(dataset, IssueKind.CODE_NOT_IN_LIST)
    assert issue.row == 3
    assert issue.message == (
        "'P2' is not a valid code in the list 'Placement type (SSDA903 PLACE)' on 05/01/2024, the row's "
        "clap_cla_placement_start_date; it is valid until 27/10/2023. The field was set to empty; the row was kept."
    )
    types = values(dataset, "ssd_cla_placement", "clap_cla_placement_type")
    assert types == ["P2", None]


def test_value_maps_translate_descriptions_ignoring_case_and_spacing(tmp_path, load):
    write_extract_json(tmp_path)
    header = ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_initial_category"]
    write_table(
        tmp_path,
        "ssd_cp_plans",
        [
            dict(zip(header, ("1", "P1", "15/01/2022", "  NEGLECT "), strict=True)),
            dict(zip(header, ("2", "P1", "15/01/2022", "Emotional   abuse"), strict=True)),
            dict(zip(header, ("3", "P1", "15/01/2022", "Sexual abuse"), strict=True)),
            dict(zip(header, ("4", "P1", "15/01/2022", "PHY"), strict=True)),
        ],
    )
    maps = {"ssd_cp_plans": {"cppl_cp_plan_initial_category": {"Neglect": "NEG", "Emotional abuse": "EMO"}}}
    dataset = load(value_maps=maps)
    got = values(dataset, "ssd_cp_plans", "cppl_cp_plan_initial_category")
    assert got == ["NEG", "EMO", None, "PHY"]
    issue = only(dataset, IssueKind.CODE_NOT_IN_LIST)
    assert issue.found == "Sexual abuse"


def test_unparseable_optional_date(tmp_path, load):
    write_placements(tmp_path, placement("PL1", end="20/01/2022"), placement("PL2", end="not known"))
    dataset = load()
    issue = only(dataset, IssueKind.BAD_OPTIONAL_DATE)
    assert str(issue) == (
        "ssd_cla_placement.csv row 3, column clap_cla_placement_end_date: 'not known' is not a valid date "
        "(expected a date like 31/01/2024, the format of this column). The field was set to empty; the row was kept."
    )
    assert dataset.load("357", "ssd_cla_placement").rows_accepted == 2


def test_implausible_optional_date(tmp_path, load):
    write_placements(tmp_path, placement("PL1", end="20/01/2022"), placement("PL2", end="20/01/2099"))
    issue = only(load(), IssueKind.IMPLAUSIBLE_OPTIONAL_DATE)
    assert issue.message == (
        "'20/01/2099' is after the extract date (06/02/2023). The field was set to empty; the row was kept."
    )


def test_due_dates_may_be_up_to_two_years_ahead(tmp_path, load):
    write_extract_json(tmp_path)
    header = ["cppr_cp_review_id", "cppr_person_id", "cppr_cp_review_due", "cppr_cp_review_date"]
    write_table(
        tmp_path,
        "ssd_cp_reviews",
        [
            dict(zip(header, ("1", "P1", "01/01/2025", "15/01/2022"), strict=True)),
            dict(zip(header, ("2", "P1", "01/03/2025", "15/01/2022"), strict=True)),
        ],
    )
    issue = only(load(), IssueKind.IMPLAUSIBLE_OPTIONAL_DATE)
    assert (issue.row, issue.message) == (
        3,
        "'01/03/2025' is more than two years after the extract date (06/02/2023). The field was set to "
        "empty; the row was kept.",
    )


def test_dates_of_birth_must_fit_a_child(tmp_path, load):
    write_extract_json(tmp_path)
    write_table(
        tmp_path,
        "ssd_person",
        [
            {"pers_person_id": "1", "pers_dob": "01/01/2015", "pers_expected_dob": ""},
            {"pers_person_id": "2", "pers_dob": "01/01/1980", "pers_expected_dob": ""},
            {"pers_person_id": "3", "pers_dob": "01/01/2024", "pers_expected_dob": ""},
            {"pers_person_id": "4", "pers_dob": "", "pers_expected_dob": "01/01/2026"},
        ],
    )
    messages = [i.message for i in issues_of(load(), IssueKind.IMPLAUSIBLE_OPTIONAL_DATE)]
    assert messages == [
        "'01/01/1980' is more than 26 years before the extract date (06/02/2023), too old for a child. "
        "The field was set to empty; the row was kept.",
        "'01/01/2024' is after the extract date (06/02/2023), so cannot be a date of birth. "
        "The field was set to empty; the row was kept.",
        "'01/01/2026' is more than a year from the extract date (06/02/2023), unlikely for an expected birth. "
        "The field was set to empty; the row was kept.",
    ]


def test_bad_number(tmp_path, load):
    write_placements(tmp_path, placement("PL1"), placement("PL2", distance="far"))
    dataset = load()
    issue = only(dataset, IssueKind.BAD_VALUE)
    assert str(issue) == (
        "ssd_cla_placement.csv row 3, column clap_cla_placement_distance: 'far' is not a number "
        "(expected a number such as 12.5). The field was set to empty; the row was kept."
    )


def test_bad_flag_and_bad_whole_number(tmp_path, load):
    write_extract_json(tmp_path)
    header = ["prof_professional_id", "prof_agency_worker_flag", "prof_professional_caseload"]
    write_table(
        tmp_path,
        "ssd_professionals",
        [
            dict(zip(header, ("W1", "yes", "12"), strict=True)),
            dict(zip(header, ("W2", "maybe", "12.5"), strict=True)),
        ],
    )
    dataset = load()
    messages = [str(i) for i in issues_of(dataset, IssueKind.BAD_VALUE)]
    assert messages == [
        "ssd_professionals.csv row 3, column prof_agency_worker_flag: 'maybe' is not a yes/no value (expected "
        "Y or N (also Yes/No, 1/0, True/False)). The field was set to empty; the row was kept.",
        "ssd_professionals.csv row 3, column prof_professional_caseload: '12.5' is not a whole number "
        "(expected a whole number such as 12). The field was set to empty; the row was kept.",
    ]
    assert values(dataset, "ssd_professionals", "prof_agency_worker_flag") == [True, None]
    assert values(dataset, "ssd_professionals", "prof_professional_caseload") == [12, None]


def test_bad_json_nulls_the_outcome_flags(tmp_path, load):
    write_extract_json(tmp_path)
    header = ["cont_contact_id", "cont_person_id", "cont_contact_date", "cont_contact_outcome_json"]
    write_table(
        tmp_path,
        "ssd_contacts",
        [
            dict(
                zip(header, ("C1", "P1", "15/01/2022", '{"NFA_FLAG": "Y", "ADVICE_FLAG": ""}'), strict=True)
            ),
            dict(zip(header, ("C2", "P1", "15/01/2022", '{"NFA_FLAG": "Y"'), strict=True)),
            dict(
                zip(header, ("C3", "P1", "15/01/2022", '{"nfa_flag": 0, "ADVICE_FLAG": true}'), strict=True)
            ),
            dict(zip(header, ("C4", "P1", "15/01/2022", '{"NFA_FLAG": 1, "ADVICE_FLAG": "n"}'), strict=True)),
        ],
    )
    dataset = load()
    issue = only(dataset, IssueKind.BAD_JSON)
    assert str(issue) == (
        'ssd_contacts.csv row 3, column cont_contact_outcome_json: \'{"NFA_FLAG": "Y"\' is not valid JSON '
        '(expected an object like {"NFA_FLAG": "Y"}). Its outcome flags were set to empty; the row was kept.'
    )
    assert values(dataset, "ssd_contacts", "cont_contact_outcome_nfa_flag") == [True, None, False, True]
    assert values(dataset, "ssd_contacts", "cont_contact_outcome_advice_flag") == [None, None, True, False]
    assert [v is None for v in values(dataset, "ssd_contacts", "cont_contact_outcome_json")] == [
        False,
        True,
        False,
        False,
    ]


def test_early_help_child_missing_from_ssd_person_is_kept_with_a_warning(tmp_path, load):
    write_extract_json(tmp_path)
    write_table(tmp_path, "ssd_person", person_rows("P1"))
    header = ["earl_episode_id", "earl_person_id", "earl_episode_start_date", "earl_episode_worker_id"]
    write_table(
        tmp_path,
        "ssd_early_help_episodes",
        [
            dict(zip(header, ("E1", "P1", "15/01/2022", "W1"), strict=True)),
            dict(zip(header, ("E2", "EH-ONLY-7", "15/01/2022", "W9"), strict=True)),
        ],
    )
    write_table(tmp_path, "ssd_professionals", [{"prof_professional_id": "W1"}])
    dataset = load()
    issues = issues_of(dataset, IssueKind.ORPHAN_FOREIGN_KEY)
    assert [str(i) for i in issues] == [
        "ssd_early_help_episodes.csv row 3, column earl_person_id: 'EH-ONLY-7' is not in ssd_person "
        "(pers_person_id). The value was kept and the row still counts: children known only to early help are "
        "often missing from ssd_person.",
        "ssd_early_help_episodes.csv row 3, column earl_episode_worker_id: 'W9' is not in ssd_professionals "
        "(prof_professional_id). The field was set to empty; the row was kept.",
    ]
    assert all(i.level is Level.WARNING for i in issues)
    rows = records(dataset, "ssd_early_help_episodes", "earl_episode_id")
    assert rows["E2"]["earl_person_id"] == "EH-ONLY-7"
    assert rows["E2"]["earl_episode_worker_id"] is None
    assert rows["E1"]["earl_episode_worker_id"] == "W1"
    load_ = dataset.load("357", "ssd_early_help_episodes")
    assert (load_.rows_accepted, load_.rows_quarantined, load_.field_issues) == (2, 0, 2)


def test_placeholders_read_as_empty_without_an_issue(tmp_path, load):
    write_extract_json(tmp_path)
    header = [
        "earl_episode_id",
        "earl_person_id",
        "earl_episode_start_date",
        "earl_episode_worker_id",
        "earl_episode_reason",
    ]
    write_table(
        tmp_path,
        "ssd_early_help_episodes",
        [
            dict(zip(header, ("E1", "P1", "15/01/2022", "SSD_PH", "PLACEHOLDER_DATA"), strict=True)),
        ],
    )
    dataset = load()
    assert not [i for i in dataset.issues if i.row is not None]
    row = records(dataset, "ssd_early_help_episodes", "earl_episode_id")["E1"]
    assert row["earl_episode_worker_id"] is None and row["earl_episode_reason"] is None
