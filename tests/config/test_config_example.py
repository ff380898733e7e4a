"""The shipped example, the defaults of a minimal file, and the accessors other modules use."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from config_helpers import HOME, reference_targets, valid

from csc_scorecard.config import (
    EXAMPLE_CONFIG_PATH,
    ConfigFileError,
    Interval,
    Polarity,
    ServiceCode,
    TargetKind,
    TeamGroup,
    ToleranceBasis,
    load_config,
    parse_target_value,
    scorecard_target_to_toml,
)
from csc_scorecard.errors import ConfigError
from csc_scorecard.schema import CODE_LISTS

TWO_SIDED_IN_EXAMPLE = {"CIN4", "WF6"}  # re-referrals and caseloads: off target on both sides


def test_the_example_validates_and_describes_tameside() -> None:
    config = load_config(EXAMPLE_CONFIG_PATH)
    assert (config.council.dfe_code, config.council.ons_code, config.council.name) == (
        "357",
        "E08000008",
        "Tameside",
    )
    group = config.comparator_groups["greater_manchester"]
    assert group.councils == tuple(str(code) for code in range(350, 360))
    assert group.include_home is False
    assert config.services.code_for("MASH") is ServiceCode.FRONT_DOOR
    assert config.services.code_for("EHAP") is ServiceCode.EARLY_HELP_HUB
    assert config.services.display_name(ServiceCode.FRONT_DOOR) == "MASH"
    assert config.roles.allocated_social_worker == ("CW", "ALLOCATED CASE WORKER")
    assert config.roles.personal_adviser == ("16PLUS", "PA")
    assert (
        config.value_maps["ssd_cla_episodes"]["clae_cla_episode_start_reason"]["Started to be looked after"]
        == "S"
    )


def test_the_example_has_the_reference_scorecards_targets_for_2022_23() -> None:
    config = load_config(EXAMPLE_CONFIG_PATH)
    rows = reference_targets()
    assert config.targets.count == len(rows)
    for ref, text in rows:
        expected = parse_target_value(scorecard_target_to_toml(text, two_sided=ref in TWO_SIDED_IN_EXAMPLE))
        assert config.targets.target(ref, "2022-23") == expected, ref


def test_a_minimal_file_is_just_the_home_council(tmp_path: Path) -> None:
    path = tmp_path / "council.toml"
    path.write_text(HOME, encoding="utf-8")
    config = load_config(path)
    assert config.report.protective_marking == "OFFICIAL-SENSITIVE"
    assert config.report.sections.CIN == "Child in Need and Child Protection"
    assert config.report.sections.SG == "Safeguarding and Quality Assurance"
    assert config.indicators.include == ()
    assert config.targets.count == 0
    assert config.targets.tolerance_for("CIN8").amount == 5
    assert config.targets.tolerance_for("CIN8").basis is ToleranceBasis.AUTO
    assert config.comparators.statistical_neighbours == "auto"
    assert config.comparator_groups == {}
    assert config.standards.cp_visit_within == Interval(amount=1, unit="months")
    assert config.standards.cla_visit_rule == "regulation_28"
    assert config.standards.cin_review_within == Interval(amount=3, unit="months")
    assert config.standards.working_hours.rule == "clock_hours_on_working_days"
    assert config.standards.pep_currency == "termly"
    assert config.standards.early_help_step_down_window == Interval(amount=28, unit="days")
    assert config.population.vintage == "reporting_year"
    assert config.value_maps == {}
    assert config.date_formats == {"default": "auto"}
    assert config.history_dir == tmp_path.resolve() / "history"


def test_accessors_for_ingest_and_comparison() -> None:
    config = valid(
        HOME
        + '[targets]\ntolerance = 3\n[targets.SG14]\n"2022-23" = 2.1\ntolerance_basis = "relative"\n'
        + 'polarity = "lower_is_better"\n'
        + '[dates]\ndefault = "dd/mm/yyyy"\nssd_contacts = "excel"\n'
        + "[comparators]\nstatistical_neighbours = 2025\n"
        + '[teams.map]\nT1 = "CFC"\n'
        + '[standards]\npep_currency = "6 months"\ncp_visit_within = "10 working days"\n'
        + '[standards.working_hours]\nrule = "office_hours"\noffice_start = "08:30"\n'
        + "[population]\nvintage = 2021\n"
        + '[history]\npath = "/srv/scorecard/history"\n'
    )
    assert config.date_formats == {"default": "dd/mm/yyyy", "ssd_contacts": "excel"}
    assert config.targets.tolerance_for("SG14").amount == 3
    assert config.targets.tolerance_for("SG14").basis is ToleranceBasis.RELATIVE
    assert config.targets.polarity("SG14") is Polarity.LOWER_IS_BETTER
    assert config.targets.polarity("CIN8") is None
    assert config.targets.target("SG14", "2023-24") is None
    assert config.comparators.neighbour_model("2022-23") == "2025"
    assert config.teams.group_for("T1") is TeamGroup.CFC
    assert config.teams.group_for("T999") is TeamGroup.OTHER
    assert config.teams.display_name(TeamGroup.CFC) == "Cared for Children"
    assert config.standards.pep_currency == Interval(amount=6, unit="months")
    assert str(config.standards.cp_visit_within) == "10 working days"
    assert config.standards.working_hours.office_start == time(8, 30)
    assert config.population.vintage == 2021
    assert config.history_dir == Path("/srv/scorecard/history")


@pytest.mark.parametrize("year, model", [("2022-23", "2021"), ("2023-24", "2021"), ("2024-25", "2025")])
def test_auto_statistical_neighbours_switch_to_the_2025_model_after_2023_24(year: str, model: str) -> None:
    assert valid(HOME).comparators.neighbour_model(year) == model


def test_configuration_is_frozen() -> None:
    config = valid(HOME)
    with pytest.raises(ValueError, match="frozen"):
        setattr(config.council, "name", "Elsewhere")  # noqa: B010


def test_service_codes_are_the_input_contracts_receiving_services() -> None:
    assert [code.code for code in CODE_LISTS["receiving_service"]] == [code.value for code in ServiceCode]


def test_targets_kinds_in_the_example() -> None:
    config = load_config(EXAMPLE_CONFIG_PATH)
    cin4 = config.targets.target("CIN4", "2022-23")
    assert cin4 is not None and (cin4.kind, cin4.low, cin4.high) == (TargetKind.BAND, 20, 24)


# --- the file itself ------------------------------------------------------------------------------


def test_a_missing_file_says_how_to_make_one(tmp_path: Path) -> None:
    missing = tmp_path / "council.toml"
    with pytest.raises(ConfigFileError) as raised:
        load_config(missing)
    assert (
        str(raised.value)
        == f"{missing} does not exist. Write an example to fill in with: csc-scorecard init {tmp_path}"
    )


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileError, match="is a folder"):
        load_config(tmp_path)


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "council.toml"
    path.write_bytes(HOME.replace("Tameside", "Tâmeside").encode("cp1252"))
    with pytest.raises(ConfigFileError, match="is not UTF-8 text"):
        load_config(path)


def test_a_toml_syntax_error_keeps_tomllibs_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "council.toml"
    path.write_text(HOME + "[targets\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert not isinstance(raised.value, ConfigFileError)
    assert str(raised.value) == (
        f"{path} is not valid TOML: Expected ']' at the end of a table declaration (at line 5, column 9)"
    )


def test_a_byte_order_mark_is_accepted_and_lines_still_count(tmp_path: Path) -> None:
    path = tmp_path / "council.toml"
    path.write_text("\ufeff" + HOME + '[report]\ntitel = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert raised.value.issues == (
        f'{path} line 6, report.titel: unknown setting "titel"; did you mean "title"?',
    )


def test_the_docs_describe_every_setting() -> None:
    from pydantic import BaseModel

    from csc_scorecard.config import CouncilConfig

    docs = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text(encoding="utf-8")
    undocumented: list[str] = []

    def visit(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            if name in ("by_ref", "by_year"):  # not written in the file: year and ref keys go there
                continue
            written = (f"`{name}`", f"`{prefix}{name}`", f"[{prefix}{name}")
            if not any(form in docs for form in written):
                undocumented.append(prefix + name)
            annotation = field.annotation
            # An Interval is written as text ("28 days"), so its parts are not settings.
            if (
                isinstance(annotation, type)
                and issubclass(annotation, BaseModel)
                and annotation is not Interval
            ):
                visit(annotation, f"{prefix}{name}.")

    visit(CouncilConfig, "")
    assert undocumented == []
