"""Every kind of configuration problem names the file, the line and the setting, in plain words."""

from __future__ import annotations

import pytest
from config_helpers import HOME, problems

from csc_scorecard.config import validate_config_text
from csc_scorecard.errors import ConfigError

CASES = {
    "target value": (
        '[targets.CIN8]\n"2022-23" = "eighty"\n',
        'council.toml line 6, targets.CIN8."2022-23": expected a number, a [low, high] range, '
        'a bound such as "<7" or {band = [low, high]}; found "eighty"',
    ),
    "target set by a dotted key": (
        '[targets]\nCIN8."2022-23" = "high"\n',
        'council.toml line 6, targets.CIN8."2022-23": expected a number, a [low, high] range, '
        'a bound such as "<7" or {band = [low, high]}; found "high"',
    ),
    "range the wrong way round, in an inline table": (
        '[targets.CIN4]\n"2022-23" = { band = [24, 20] }\n',
        'council.toml line 6, targets.CIN4."2022-23": the first number of a range must be below the second; '
        "found [24, 20]",
    ),
    "band misspelt": (
        '[targets.CIN4]\n"2022-23" = {bnd = [20, 24]}\n',
        'council.toml line 6, targets.CIN4."2022-23": a two-sided band is written {band = [low, high]}; '
        "found {bnd = [20, 24]}",
    ),
    "financial year written with a slash": (
        '[targets.CIN8]\n"2022/23" = 85\n',
        'council.toml line 6, targets.CIN8."2022/23": unknown setting "2022/23": expected a financial year '
        'such as "2022-23", or one of the settings polarity, tolerance, tolerance_basis',
    ),
    "financial year that is not consecutive": (
        '[targets.CIN8]\n"2022-24" = 85\n',
        'council.toml line 6, targets.CIN8."2022-24": unknown setting "2022-24": expected a financial year '
        'such as "2022-23", or one of the settings polarity, tolerance, tolerance_basis',
    ),
    "target setting misspelt": (
        '[targets.CIN8]\npolarty = "neutral"\n',
        'council.toml line 6, targets.CIN8.polarty: unknown setting "polarty"; did you mean "polarity"?',
    ),
    "global tolerance misspelt": (
        "[targets]\ntolernce = 3\n",
        'council.toml line 6, targets.tolernce: unknown setting "tolernce"; did you mean "tolerance"?',
    ),
    "polarity value": (
        '[targets.CIN8]\npolarity = "higher"\n',
        'council.toml line 6, targets.CIN8.polarity: expected one of "higher_is_better", "lower_is_better", '
        '"neutral"; found "higher"',
    ),
    "negative tolerance": (
        "[targets]\ntolerance = -1\n",
        "council.toml line 6, targets.tolerance: must be at least 0; found -1",
    ),
    "section misspelt": (
        '[standrads]\ncin_review_within = "3 months"\n',
        'council.toml line 5, standrads: unknown setting "standrads"; did you mean "standards"?',
    ),
    "unknown setting with no close match lists the settings": (
        '[report]\nfooter = "x"\n',
        'council.toml line 6, report.footer: unknown setting "footer"; '
        "expected one of: title, protective_marking, sections",
    ),
    "unknown section code": (
        '[report.sections]\nFD = "Front door"\nXX = "x"\n',
        'council.toml line 7, report.sections.XX: unknown setting "XX"; expected one of: FD, EH, CIN, CF, SG, WF',
    ),
    "second of two arrays of tables": (
        '[[indicators.local]]\nref = "SG21"\ntitle = "a"\nsection = "SG"\nkind = "count"\n\n'
        '[[indicators.local]]\nref = "SG22"\ntitle = "b"\nsection = "SQ"\nkind = "count"\n',
        'council.toml line 14, indicators.local[1].section: expected one of "FD", "EH", "CIN", "CF", "SG", '
        '"WF"; found "SQ"',
    ),
    "key after a sub-table of an array of tables": (
        '[[indicators.local]]\nref = "SG21"\ntitle = "a"\nsection = "SG"\nkind = "count"\n'
        '[indicators.local.params]\ntable = "x"\n\n'
        '[[indicators.local]]\nref = "SG22"\ntitle = "b"\nsection = "SG"\nkind = "count"\nparms = 1\n',
        'council.toml line 18, indicators.local[1].parms: unknown setting "parms"; did you mean "params"?',
    ),
    "missing setting is reported at its table": (
        '[[indicators.local]]\nref = "SG21"\ntitle = "a"\nsection = "SG"\n',
        "council.toml line 5, indicators.local[0].kind: this setting is required",
    ),
    "element of a multi-line list": (
        '[indicators]\ninclude = [\n  "FD1",  # first, "FD9"\n  "fd2",\n]\n',
        'council.toml line 8, indicators.include[1]: expected an indicator reference such as CIN8; found "fd2"',
    ),
    "ref used as a key": (
        '[indicators.rename]\ncin8 = "x"\n',
        'council.toml line 6, indicators.rename.cin8: expected an indicator reference such as CIN8; found "cin8"',
    ),
    "included and excluded": (
        '[indicators]\ninclude = ["FD1", "FD2"]\nexclude = ["FD2"]\n',
        'council.toml line 7, indicators.exclude[0]: "FD2" is both included and excluded; remove it from one list',
    ),
    "value map: unknown table": (
        '[value_maps.ssd_cla_episode.clae_cla_episode_start_reason]\n"Started" = "S"\n',
        'council.toml line 5, value_maps.ssd_cla_episode: unknown table "ssd_cla_episode"; '
        'did you mean "ssd_cla_episodes"?',
    ),
    "value map: unknown column": (
        '[value_maps.ssd_cla_episodes.clae_cla_episode_start_reasn]\n"Started" = "S"\n',
        "council.toml line 5, value_maps.ssd_cla_episodes.clae_cla_episode_start_reasn: table ssd_cla_episodes "
        'has no column "clae_cla_episode_start_reasn"; did you mean "clae_cla_episode_start_reason"?',
    ),
    "value map: code not in the column's code list": (
        '[value_maps.ssd_cla_episodes.clae_cla_episode_start_reason]\n"Started" = "S"\n"Moved" = "Q"\n',
        "council.toml line 7, value_maps.ssd_cla_episodes.clae_cla_episode_start_reason.Moved: "
        '"Q" is not a code of reason_new_episode; expected one of: S, L, P, T, B, U',
    ),
    "value map: descriptions that differ only in case and spacing": (
        '[value_maps.ssd_cla_episodes.clae_cla_episode_start_reason]\n"Started" = "S"\n" started " = "L"\n',
        'council.toml line 7, value_maps.ssd_cla_episodes.clae_cla_episode_start_reason." started ": '
        '" started " is the same description as "Started" (descriptions are matched ignoring case and spacing); '
        "keep one",
    ),
    "date format value": (
        '[dates]\ndefault = "dd/mm/yy"\n',
        'council.toml line 6, dates.default: expected one of "auto", "dd/mm/yyyy", "mm/dd/yyyy", "yyyy-mm-dd", '
        '"excel"; found "dd/mm/yy"; did you mean "dd/mm/yyyy"?',
    ),
    "date format for an unknown table": (
        '[dates]\nssd_contact = "auto"\n',
        'council.toml line 6, dates.ssd_contact: unknown table "ssd_contact"; did you mean "ssd_contacts"?',
    ),
    "service code": (
        '[services.map]\nMASH = "FRONTDOOR"\n',
        'council.toml line 6, services.map.MASH: expected one of "FRONT_DOOR", "OUT_OF_HOURS", "EARLY_HELP_HUB", '
        '"NEIGHBOURHOOD", "OTHER"; found "FRONTDOOR"; did you mean "FRONT_DOOR"?',
    ),
    "team group": (
        '[teams.map]\nT1 = "CFC"\nT2 = "CLA"\n',
        'council.toml line 7, teams.map.T2: expected one of "CSW", "ISCAN", "CFC", "ADOPTION", "LEAVING_CARE", '
        '"COMPLEX_SAFEGUARDING", "FRONT_DOOR", "EARLY_HELP", "OTHER"; found "CLA"',
    ),
    "comparator group council code": (
        '[comparator_groups.gm]\nlabel = "GM"\ncouncils = ["350", "3511"]\n',
        "council.toml line 7, comparator_groups.gm.councils[1]: expected a DfE council code of 3 digits such as "
        '"357"; found "3511"',
    ),
    "comparator group council listed twice": (
        '[comparator_groups.gm]\nlabel = "GM"\ncouncils = [\n  "350",\n  "350",\n]\n',
        'council.toml line 9, comparator_groups.gm.councils[1]: "350" is listed twice',
    ),
    "true or false": (
        '[comparator_groups.gm]\nlabel = "GM"\ncouncils = ["350"]\ninclude_home = "yes"\n',
        'council.toml line 8, comparator_groups.gm.include_home: expected true or false; found "yes"',
    ),
    "length of time": (
        "[standards]\ncp_visit_within = 10\n",
        'council.toml line 6, standards.cp_visit_within: expected a length of time such as "28 days", '
        '"10 working days", "6 weeks" or "1 month"; found 10',
    ),
    "office hours the wrong way round": (
        '[standards.working_hours]\nrule = "office_hours"\noffice_start = "17:30"\noffice_end = "09:00"\n',
        "council.toml line 5, standards.working_hours: office_start must be before office_end",
    ),
    "time of day": (
        '[standards.working_hours]\noffice_start = "9am"\n',
        'council.toml line 6, standards.working_hours.office_start: expected a time of day such as "09:00"; '
        'found "9am"',
    ),
    "population vintage": (
        '[population]\nvintage = "2021"\n',
        'council.toml line 6, population.vintage: expected "reporting_year" or a year such as 2021; found "2021"',
    ),
    "list expected": (
        '[roles]\nallocated_social_worker = "CW"\n',
        'council.toml line 6, roles.allocated_social_worker: expected a list such as ["A", "B"]; found "CW"',
    ),
    "empty text": (
        '[history]\npath = ""\n',
        "council.toml line 6, history.path: must not be empty",
    ),
}


@pytest.mark.parametrize("body, expected", CASES.values(), ids=CASES.keys())
def test_each_problem_names_file_line_and_setting(body: str, expected: str) -> None:
    assert problems(HOME + body) == (expected,)


def test_council_problems_and_a_missing_setting_in_line_order() -> None:
    text = '[council]\ndfe_code = "35"\nons_code = "E0800008"\n'
    assert problems(text) == (
        # a missing key has no line of its own: it is reported at its table's header
        "council.toml line 1, council.name: this setting is required",
        'council.toml line 2, council.dfe_code: expected a DfE council code of 3 digits such as "357"; found "35"',
        'council.toml line 3, council.ons_code: expected an ONS code of E and 8 digits such as "E08000008"; '
        'found "E0800008"',
    )


def test_missing_council_section_and_unknown_top_level_key() -> None:
    assert problems('titel = "x"\n', "tameside.toml") == (
        "tameside.toml, council: the [council] section is required",
        'tameside.toml line 1, titel: unknown setting "titel"; expected one of: council, report, indicators, '
        "targets, comparators, comparator_groups, services, teams, roles, value_maps, standards, population, "
        "dates, history",
    )


def test_every_problem_is_listed_in_line_order_with_a_count() -> None:
    text = (
        HOME + '[report]\ntitel = "x"\n[targets.CIN8]\n"2022-23" = "eighty"\n[dates]\nssd_contact = "auto"\n'
    )
    with pytest.raises(ConfigError) as raised:
        validate_config_text(text, "council.toml")
    assert str(raised.value) == "council.toml has 3 problems"
    assert [issue.split(",")[0] for issue in raised.value.issues] == [
        "council.toml line 6",
        "council.toml line 8",
        "council.toml line 10",
    ]


def test_a_mistyped_key_does_not_also_report_its_value() -> None:
    # polarty's value "higher" is not a target either; only the misspelt key is worth saying.
    assert problems(HOME + '[targets.CIN8]\npolarty = "higher"\n') == (
        'council.toml line 6, targets.CIN8.polarty: unknown setting "polarty"; did you mean "polarity"?',
    )
