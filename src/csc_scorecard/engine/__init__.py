"""The indicator engine: `compute(dataset, catalogue, settings) -> Results`, written once in Ibis.

from csc_scorecard.engine import ComputeSettings, compute
results = compute(dataset, load_catalogue(), ComputeSettings.for_period("2023-01", months=36))
"""

from __future__ import annotations

from csc_scorecard.engine.compute import build_calendar, compute
from csc_scorecard.engine.results import RESULTS_SCHEMA, Results, Status
from csc_scorecard.engine.settings import ComputeSettings, PopulationLookup, from_config

__all__ = [
    "RESULTS_SCHEMA",
    "ComputeSettings",
    "PopulationLookup",
    "Results",
    "Status",
    "build_calendar",
    "compute",
    "from_config",
]
