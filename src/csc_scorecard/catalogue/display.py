"""Council words in indicator titles, at render time: the catalogue says "front door", the report says "MASH".

Catalogue titles use neutral words for the services and teams that councils name differently. The
report shows the names the council configures: [services.display_names], [teams.display_names] and
the home council's name ([council] name). A neutral phrase is replaced only when the council has
configured a display name for it, so a council without them keeps the neutral title.

    >>> display_title("Front door screenings completed", config)   # FRONT_DOOR = "MASH"
    'MASH screenings completed'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csc_scorecard.catalogue.model import Catalogue
    from csc_scorecard.config.model import CouncilConfig

# Neutral phrase (as the catalogue writes it, longest first) → the configured name that replaces it.
_SERVICE_PHRASES = (
    ("the early help hub", "EARLY_HELP_HUB"),
    ("early help hub", "EARLY_HELP_HUB"),
    ("the front door", "FRONT_DOOR"),
    ("front door", "FRONT_DOOR"),
    ("neighbourhood partners", "NEIGHBOURHOOD"),
    ("out of hours", "OUT_OF_HOURS"),
)
_TEAM_PHRASES = (
    ("the complex safeguarding team", "COMPLEX_SAFEGUARDING"),
    ("complex safeguarding team", "COMPLEX_SAFEGUARDING"),
)
_HOME_COUNCIL_PHRASE = "inside the council's area"


def display_title(title: str, config: CouncilConfig) -> str:
    """The title with the council's configured names in place of the catalogue's neutral words."""
    services = {code.value: name for code, name in config.services.display_names.items()}
    teams = {group.value: name for group, name in config.teams.display_names.items()}
    for phrase, code in _SERVICE_PHRASES:
        if code in services:
            title = _replace(title, phrase, services[code])
    for phrase, group in _TEAM_PHRASES:
        if group in teams:
            title = _replace(title, phrase, teams[group])
    return _replace(title, _HOME_COUNCIL_PHRASE, f"within {config.council.name}")


def _replace(title: str, phrase: str, name: str) -> str:
    """Replace a phrase whatever its case; a name replacing the title's first words keeps its own case."""
    pattern = re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE)
    return pattern.sub(name, title)


def council_titles(catalogue: Catalogue, config: CouncilConfig) -> dict[str, str]:
    """Every ref's title as the council's report shows it: its own rename ([indicators] rename) when it
    has one, else the catalogue title in the council's words."""
    renames = dict(config.indicators.rename)
    return {i.ref: renames.get(i.ref) or display_title(i.title, config) for i in catalogue.indicators}
