"""CouncilConfig.check_against: refs and kinds unknown to the catalogue, each with its line."""

from __future__ import annotations

from config_helpers import HOME, valid

CATALOGUE_REFS = {"FD1", "FD2", "CIN8", "CF4"}
KINDS = {"count", "proportion"}


def test_unknown_refs_and_kinds_are_listed_with_their_lines() -> None:
    config = valid(
        HOME
        + '[indicators]\ninclude = ["FD1", "FD3"]\norder = ["SG21", "CIN9"]\nrename = { CF5 = "x" }\n'
        + '[[indicators.local]]\nref = "SG21"\ntitle = "a"\nsection = "SG"\nkind = "proportoin"\n'
        + '[[indicators.local]]\nref = "CIN8"\ntitle = "b"\nsection = "CIN"\nkind = "count"\n'
        + '[targets.CF4]\n"2022-23" = "<7"\n[targets.CF44]\n"2022-23" = "<7"\n'
    )
    assert config.check_against(CATALOGUE_REFS, KINDS) == [
        'council.toml line 6, indicators.include[1]: unknown indicator FD3; did you mean "FD2"?',
        'council.toml line 7, indicators.order[1]: unknown indicator CIN9; did you mean "CIN8"?',
        'council.toml line 8, indicators.rename.CF5: unknown indicator CF5; did you mean "CF4"?',
        'council.toml line 13, indicators.local[0].kind: unknown indicator kind "proportoin"; '
        'did you mean "proportion"?',
        "council.toml line 15, indicators.local[1].ref: local indicator CIN8 has the ref of a catalogue "
        "indicator; choose another ref",
        'council.toml line 21, targets.CF44: unknown indicator CF44; did you mean "CF4"?',
    ]


def test_nothing_to_report_for_a_configuration_within_the_catalogue() -> None:
    config = valid(HOME + '[indicators]\nexclude = ["FD2"]\n[targets.CIN8]\n"2022-23" = 85\n')
    assert config.check_against(CATALOGUE_REFS, KINDS) == []
