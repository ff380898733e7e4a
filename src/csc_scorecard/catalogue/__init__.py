"""The indicator catalogue: one YAML record per indicator, loaded into frozen, validated values.

from csc_scorecard.catalogue import load_catalogue
catalogue = load_catalogue()          # raises CatalogueError naming file, line and field
catalogue["CIN8"].definition_hash
"""

from __future__ import annotations

from csc_scorecard.catalogue.load import CatalogueError, load_catalogue
from csc_scorecard.catalogue.model import (
    Breakdown,
    Catalogue,
    CountUnit,
    Indicator,
    Kind,
    Measure,
    OptionalInput,
    PeriodBasis,
    Polarity,
    Relationship,
    RelationType,
    Section,
    Unit,
)
from csc_scorecard.catalogue.overlay import apply_overlay
from csc_scorecard.catalogue.registry import bespoke

__all__ = [
    "Breakdown",
    "Catalogue",
    "CatalogueError",
    "CountUnit",
    "Indicator",
    "Kind",
    "Measure",
    "OptionalInput",
    "PeriodBasis",
    "Polarity",
    "RelationType",
    "Relationship",
    "Section",
    "Unit",
    "apply_overlay",
    "bespoke",
    "load_catalogue",
]
