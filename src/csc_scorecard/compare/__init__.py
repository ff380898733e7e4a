"""Comparators from DfE's published statistics, for any council: England, its region, its DfE statistical
neighbours and any named group of councils, each labelled with its year (docs/comparators.md).

    from csc_scorecard.compare import ComparatorGroup, comparator_table
    gm = ComparatorGroup("gm", "Greater Manchester", ("350", "351", ...), include_home=True)
    rows = comparator_table("357", "2021-22", [gm], own_counts={"CF1": 661})

Contains public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

from csc_scorecard.compare.benchmarks import (
    ComparatorCell,
    ComparatorRow,
    comparator_table,
    parse_year,
    round_half_up,
)
from csc_scorecard.compare.groups import (
    ComparatorGroup,
    GroupValue,
    SnModelChoice,
    group_value,
    groups_from_config,
)
from csc_scorecard.compare.published import (
    MARKER_MEANINGS,
    MeasureYear,
    PublishedValue,
    latest_year,
    measure_year,
    published_value,
    ref_mappings,
    year_label,
)

__all__ = [
    "MARKER_MEANINGS",
    "ComparatorCell",
    "ComparatorGroup",
    "ComparatorRow",
    "GroupValue",
    "MeasureYear",
    "PublishedValue",
    "SnModelChoice",
    "comparator_table",
    "group_value",
    "groups_from_config",
    "latest_year",
    "measure_year",
    "parse_year",
    "published_value",
    "ref_mappings",
    "round_half_up",
    "year_label",
]
