"""Removing each table, and each column, that a national indicator reads gives its documented status
and leaves every other figure unchanged.

For each worked-example dataset: one run with everything, then one run per removed table (fast)
or per removed column (slow). A ref whose `requires` names the removed input is `not_available`
with the input named in the note; one whose `optional` names it is `caveat`; any other ref keeps
its status and its figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
import test_national_age_bands as age_bands
import test_national_cf_cohorts as cohorts
import test_national_cf_placements as placements
import test_national_events as events
import test_national_reviews_visits as reviews
import test_national_workforce as workforce
from builders import _column_types, make_dataset
from engine_helpers import CATALOGUE, run

Tables = Mapping[str, Sequence[Mapping[str, Any]]]

SW = {"allocated_worker_roles": ("SW",)}
TEAMS = {**SW, "team_groups": workforce.TEAM_GROUPS, "personal_adviser_roles": ("PA",)}

# (name, tables, refs, settings)
DATASETS: list[tuple[str, Tables, tuple[str, ...], dict[str, Any]]] = [
    ("events", events.TABLES, events.REFS, {}),
    (
        "placements",
        {
            "ssd_cla_episodes": placements.EPISODES,
            "ssd_cla_placement": placements.PLACEMENTS,
            "ssd_legal_status": placements.SHORT_BREAKS,
        },
        placements.GROUP_REFS[1:],
        {},
    ),
    (
        "visits",
        {
            "ssd_cla_episodes": placements.VISIT_EPISODES,
            "ssd_cla_placement": placements.VISIT_PLACEMENTS,
            "ssd_cla_visits": placements.VISITS,
            "ssd_legal_status": placements.SHORT_BREAKS,
            "ext_placement_flag": placements.PERMANENCE,
        },
        ("CF3",),
        {},
    ),
    (
        "stability",
        {
            "ssd_cla_episodes": cohorts.STABILITY_EPISODES,
            "ssd_cla_placement": cohorts.STABILITY_PLACEMENTS,
            "ssd_person": cohorts.STABILITY_PEOPLE,
            "ssd_legal_status": cohorts.NO_SHORT_BREAKS,
        },
        ("CF5",),
        {},
    ),
    (
        "workers",
        {
            "ssd_cla_episodes": cohorts.WORKER_EPISODES,
            "ssd_involvements": cohorts.ALLOCATIONS,
            "ssd_legal_status": cohorts.NO_SHORT_BREAKS,
        },
        ("CF6",),
        SW,
    ),
    (
        "health",
        {
            "ssd_cla_episodes": [*cohorts.IHA_EPISODES, *cohorts.HEALTH_EPISODES],
            "ssd_cla_health": [*cohorts.IHAS, *cohorts.HEALTH_CHECKS],
            "ssd_person": cohorts.HEALTH_PEOPLE,
            "ssd_legal_status": cohorts.NO_SHORT_BREAKS,
        },
        ("CF21", "CF22", "CF23", "CF25"),
        {},
    ),
    (
        "leavers",
        {
            "ssd_care_leavers": cohorts.LEAVERS,
            "ssd_person": cohorts.LEAVER_PEOPLE,
            "ssd_cla_episodes": cohorts.LEAVER_EPISODES,
        },
        ("CF29",),
        {},
    ),
    ("age bands", age_bands.tables(), ("CF8", "CIN16"), {}),
    ("cp visits", {"ssd_cp_plans": reviews.VISIT_PLANS, "ssd_cp_visits": reviews.CP_VISITS}, ("CIN20",), {}),
    (
        "cp reviews",
        {"ssd_cp_plans": reviews.REVIEW_PLANS, "ssd_cp_reviews": reviews.CP_REVIEWS},
        ("SG11", "SG12"),
        {},
    ),
    (
        "cla reviews",
        {"ssd_cla_episodes": reviews.CLA_EPISODES, "ssd_cla_reviews": reviews.CLA_REVIEWS},
        ("SG15",),
        {},
    ),
    ("wf5", {"ssd_cin_episodes": workforce.CIN, "ssd_involvements": workforce.WORKERS}, ("WF5",), SW),
    (
        "teams",
        {"ssd_involvements": workforce.CASES, "ssd_department": workforce.DEPARTMENTS},
        workforce.TEAM_REFS,
        TEAMS,
    ),
]


def _compute(tables: Tables, refs: tuple[str, ...], settings: dict[str, Any]) -> dict[tuple[str, str], tuple]:
    results = run(make_dataset(tables, extract_date="2023-02-20"), months=1, refs=refs, **settings)
    frame = results.to_pandas()
    return {
        (row.ref, row.breakdown_value): (row.value, row.numerator, row.denominator, row.status, row.note)
        for row in frame.itertuples()
    }


def _expected(ref: str, table: str, column: str | None, breakdown: str = "all") -> str | None:
    """not_available, caveat or None (unchanged) for a figure of `ref` without the table (or one of
    its columns); a breakdown's own `requires` make just that figure not_available."""
    ind = CATALOGUE[ref]
    if column is not None:
        column = _column_types(table)[column][1]  # a JSON outcome's flag belongs to its JSON column
    requires = [ind.requires, *(b.requires for b in ind.breakdowns if b.value == breakdown)]
    if any(table in r and (column is None or column in r[table]) for r in requires):
        return "not_available"
    for item in ind.optional:
        if item.table == table and (column is None or column in item.columns or not item.columns):
            return "caveat"
    return None


def _same(a: tuple, b: tuple) -> bool:
    def eq(x: Any, y: Any) -> bool:
        if isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y):
            return True
        return x == y or (x is None and y is None)

    return all(eq(x, y) for x, y in zip(a[:4], b[:4], strict=True))


_BASELINES: dict[str, dict[tuple[str, str], tuple]] = {}


def _check(
    name: str, tables: Tables, refs: tuple[str, ...], settings: dict[str, Any], table: str, column: str | None
):
    if name not in _BASELINES:
        _BASELINES[name] = _compute(tables, refs, settings)
    baseline = _BASELINES[name]
    if column is None:
        reduced = {t: rows for t, rows in tables.items() if t != table}
    else:
        reduced = {
            t: [{k: v for k, v in row.items() if not (t == table and k == column)} for row in rows]
            for t, rows in tables.items()
        }
    after = _compute(reduced, refs, settings)
    for (ref, breakdown), figures in after.items():
        expected = _expected(ref, table, column, breakdown)
        label = f"{name}: {ref} {breakdown} without {table}{'.' + column if column else ''}"
        if expected == "not_available":
            assert figures[3] == "not_available", label
            assert table in figures[4], label
        elif expected == "caveat":
            assert figures[3] in ("caveat", "not_available"), label
        else:
            assert _same(figures, baseline[(ref, breakdown)]), (label, figures, baseline[(ref, breakdown)])


# A few cases run every time; the rest are slow (a compute each).
FAST = {
    ("events", "ssd_early_help_episodes"),
    ("cla reviews", "ssd_cla_reviews"),
    ("health", "ssd_person"),
    ("visits", "ext_placement_flag"),
    ("leavers", "ssd_cla_episodes"),
    ("age bands", "ssd_person"),
}
TABLE_CASES = [
    pytest.param(name, table, id=f"{name}-{table}", marks=() if (name, table) in FAST else pytest.mark.slow)
    for name, tables, _, _ in DATASETS
    for table in tables
]


@pytest.mark.parametrize(("name", "table"), TABLE_CASES)
def test_removing_a_table(name, table):
    _, tables, refs, settings = next(d for d in DATASETS if d[0] == name)
    _check(name, tables, refs, settings, table, None)


def _columns(tables: Tables, table: str) -> list[str]:
    return sorted({k for row in tables[table] for k in row} - {"council"})


COLUMN_CASES = [
    (name, table, column)
    for name, tables, _, _ in DATASETS
    for table in tables
    for column in _columns(tables, table)
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "table", "column"), COLUMN_CASES, ids=[f"{n}-{t}.{c}" for n, t, c in COLUMN_CASES]
)
def test_removing_a_column(name, table, column):
    _, tables, refs, settings = next(d for d in DATASETS if d[0] == name)
    _check(name, tables, refs, settings, table, column)
