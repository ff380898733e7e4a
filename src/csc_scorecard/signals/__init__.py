"""Signals: statistical process control per NHS England "Making Data Count".

`spc_series` judges one series; `spc_for_table` (in `signals.many`) judges every series of a long
table. `SpcSettings` names every rule length and switch with today's MDC defaults.
"""

from __future__ import annotations

from csc_scorecard.signals.changepoint import ChangePointCheck, change_point_flagged, special_cause_share
from csc_scorecard.signals.settings import (
    AssuranceIcon,
    Chart,
    PointType,
    SpcOutcome,
    SpcSettings,
    SpecialCauseRule,
    VariationIcon,
)
from csc_scorecard.signals.spc import ChartChoice, SpcResult, choose_chart, spc_series

__all__ = [
    "AssuranceIcon",
    "ChangePointCheck",
    "Chart",
    "ChartChoice",
    "PointType",
    "SpcOutcome",
    "SpcResult",
    "SpcSettings",
    "SpecialCauseRule",
    "VariationIcon",
    "change_point_flagged",
    "choose_chart",
    "spc_series",
    "special_cause_share",
]
