"""Council words come from the configuration at render time, never from the catalogue's titles."""

from __future__ import annotations

from engine_helpers import CATALOGUE
from local_refs import LOCAL_REFS

from csc_scorecard.catalogue.display import display_title
from csc_scorecard.config import validate_config_text

HOME = '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n'
NAMES = (
    '[services.display_names]\nFRONT_DOOR = "MASH"\nEARLY_HELP_HUB = "EHAP"\n'
    'NEIGHBOURHOOD = "Neighbourhood Coordinators"\n'
    '[teams.display_names]\nCOMPLEX_SAFEGUARDING = "Complex Safeguarding Team"\n'
)
COUNCIL_WORDS = ("MASH", "EHAP", "ISCAN", "Tameside", "EHM")


def test_local_titles_use_neutral_words():
    for ref in LOCAL_REFS:
        assert not any(word in CATALOGUE[ref].title for word in COUNCIL_WORDS), ref


def test_configured_names_replace_the_neutral_words():
    config = validate_config_text(HOME + NAMES, "council.toml")
    assert display_title(CATALOGUE["FD8a"].title, config).startswith("MASH screenings completed")
    assert display_title(CATALOGUE["FD9"].title, config) == "EHAP screenings completed within 5 working days"
    assert (
        display_title(CATALOGUE["FD5"].title, config)
        == "Contacts received by EHAP or Neighbourhood Coordinators"
    )
    assert display_title(CATALOGUE["CF7"].title, config) == "Cared for children placed within Tameside"
    assert display_title(CATALOGUE["CIN25"].title, config).startswith(
        "Referrals into Complex Safeguarding Team"
    )


def test_without_display_names_the_neutral_title_stays():
    config = validate_config_text(HOME, "council.toml")
    assert display_title(CATALOGUE["FD8a"].title, config) == CATALOGUE["FD8a"].title
    # the home council's name is always configured
    assert display_title(CATALOGUE["CF7"].title, config) == "Cared for children placed within Tameside"
