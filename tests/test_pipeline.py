"""The shared stages read the council's configuration the same way for every command."""

from __future__ import annotations

from csc_scorecard.catalogue.display import council_titles
from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.config import validate_config_text
from csc_scorecard.pipeline import load_settings_for

CONFIG = """
[council]
dfe_code = "357"
ons_code = "E08000008"
name = "Tameside"

[services.map]
MASH = "FRONT_DOOR"
EHAP = "EARLY_HELP_HUB"

[services.display_names]
FRONT_DOOR = "MASH"

[indicators.rename]
FD1 = "Contacts (all routes)"

[value_maps.ext_screening.scrn_service]
"Early Help Access Point" = "EARLY_HELP_HUB"
"""


def test_service_names_in_the_data_are_read_as_service_codes():
    settings = load_settings_for(validate_config_text(CONFIG))
    assert settings.value_map("ext_contact_detail", "cont_receiving_service")["mash"] == "FRONT_DOOR"
    screening = settings.value_map("ext_screening", "scrn_service")
    # The service map and the column's own value map both apply.
    assert screening["ehap"] == "EARLY_HELP_HUB"
    assert screening["early help access point"] == "EARLY_HELP_HUB"


def test_report_titles_use_the_councils_words_and_renames():
    titles = council_titles(load_catalogue(), validate_config_text(CONFIG))
    assert titles["FD1"] == "Contacts (all routes)"
    assert "MASH" in titles["FD8a"] and "front door" not in titles["FD8a"].lower()
