"""The status of every result row, and its period dates: what a figure is, and whether it can be trusted.

Precedence, strongest first: not_available (an input is missing), not_yet_available (the period is
after the extract date, or after the last date the table holds), incomplete_history (the window or
look-back starts before the table's first month), caveat (an exclusion could not be applied), ok.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, assert_never

import numpy as np
import pandas as pd

from csc_scorecard.catalogue.model import Indicator, Kind, PeriodBasis, RequiredSetting
from csc_scorecard.engine.calendar import (
    financial_year_start,
    last_complete_quarter_end,
    month_end,
    month_index,
    month_start,
)
from csc_scorecard.engine.results import Status

if TYPE_CHECKING:
    from csc_scorecard.engine.settings import ComputeSettings
    from csc_scorecard.ingest.dataset import Dataset

_SNAPSHOT_KINDS = (Kind.OPEN_AT_DATE, Kind.CASELOAD_MEAN, Kind.CASELOAD_MAX)
_NEVER = 10**9


def _window_start(month: int, basis: PeriodBasis, history_months: int) -> int:
    """The first month a figure for `month` draws on, including the definition's look-back."""
    if basis is PeriodBasis.ROLLING_12_MONTHS:
        start = month - 11
    elif basis is PeriodBasis.FINANCIAL_YEAR_TO_DATE:
        start = financial_year_start(month)
    elif basis is PeriodBasis.QUARTER:
        start = last_complete_quarter_end(month) - 2
    else:
        start = month
    return start - history_months


def _is_snapshot(indicator: Indicator) -> bool:
    """A count of what is open at a date, not of events in a window: a quarterly proportion over a
    state view (CF5) is a snapshot at the quarter end."""
    from csc_scorecard.engine.views import STATE_VIEWS

    return (
        indicator.kind in _SNAPSHOT_KINDS
        or indicator.period_basis is PeriodBasis.MONTH_END
        or (indicator.kind is not Kind.BESPOKE and indicator.measure.view in STATE_VIEWS)
    )


def assign_statuses(
    df: pd.DataFrame,
    is_rate: np.ndarray,
    dataset: Dataset,
    indicators: dict[str, Indicator],
    settings: ComputeSettings,
) -> pd.DataFrame:
    """Add `status`, `note`, `period_start` and `period_end` to rows of (council, month, ref, breakdown...);
    null the figures that cannot be given.

    `is_rate` marks the rows that are rates per 10,000 children, as `engine.tidy` found them when it
    gave them their population: a null denominator there is a population that is missing.

    `council`, `ref` and `breakdown_value` are categories (`engine.tidy.RowKeys`). Rules are worked
    out once per council and ref (the window and period dates once per period basis and month), then
    taken by the rows' codes: no loop over rows, and no join on strings."""
    councils, refs = df.council.cat.categories, df.ref.cat.categories
    council_code = df.council.cat.codes.to_numpy().astype("int64")
    ref_code = df.ref.cat.codes.to_numpy().astype("int64")
    rule = council_code * len(refs) + ref_code
    rules = [_rule(dataset, council, indicators[ref], settings) for council in councils for ref in refs]

    def per_rule(field: str, dtype: str | type = object) -> np.ndarray:
        return (
            np.asarray([r[field] for r in rules], dtype=dtype)[rule] if rules else np.array([], dtype=dtype)
        )

    window_start, period_start, period_end = _periods(ref_code, df.month.to_numpy(), refs, indicators)
    breakdown_missing, unset = _breakdown_rules(
        rule, df.breakdown_value, dataset, indicators, settings, councils, refs
    )

    status = np.full(len(df), Status.OK.value, dtype=object)
    note = np.full(len(df), "", dtype=object)
    caveat = per_rule("caveat")
    has_caveat = caveat != ""
    status[has_caveat] = Status.CAVEAT.value
    note[has_caveat] = caveat[has_caveat]

    first_month, table = per_rule("first_month", "int64"), per_rule("table")
    incomplete = window_start < first_month
    status[incomplete] = Status.INCOMPLETE_HISTORY.value
    incomplete_notes: dict[tuple[int, str, int, str], str] = {}  # a few distinct notes over many rows
    note[incomplete] = [
        incomplete_notes.get(key) or incomplete_notes.setdefault(key, _incomplete_note(*key))
        for key in zip(
            window_start[incomplete].tolist(),
            table[incomplete],
            first_month[incomplete].tolist(),
            caveat[incomplete],
            strict=True,
        )
    ]
    not_yet = df.month.to_numpy() > per_rule("nya_after", "int64")
    status[not_yet] = Status.NOT_YET_AVAILABLE.value
    note[not_yet] = per_rule("nya_note")[not_yet]

    missing = per_rule("missing")
    missing = np.where(missing == "", breakdown_missing, missing)
    needs = np.where(missing == "", "", "needs " + missing.astype(str)).astype(object)
    needs = np.where((needs == "") & (unset != ""), unset, needs)
    no_population = is_rate & np.isnan(df.denominator.to_numpy(dtype="float64")) & (missing == "")
    needs[no_population] = [
        f"no population of children aged 0-17 for council {c} in {y}: add a ref_population row"
        for c, y in zip(df.council[no_population], df.population_year[no_population], strict=True)
    ]
    unavailable = needs != ""
    status[unavailable] = Status.NOT_AVAILABLE.value
    note[unavailable] = needs[unavailable]

    blank = unavailable | not_yet
    value = df.value.to_numpy(dtype="float64", copy=True)
    numerator = df.numerator.to_numpy(dtype="float64", copy=True)
    denominator = df.denominator.to_numpy(dtype="float64", copy=True)
    value[blank] = numerator[blank] = np.nan
    denominator[blank & ~no_population] = np.nan
    # A ratio whose denominator is 0 has no value: said plainly, never shown as 0.
    empty = (status != Status.NOT_AVAILABLE.value) & np.isnan(value) & ~blank
    zero = "no cases in the period (the denominator is 0)"
    current = note[empty].astype(str)
    note[empty] = np.where(current == "", zero, zero + "; " + current)
    return df.assign(
        value=value,
        numerator=numerator,
        denominator=denominator,
        status=status,
        note=note,
        period_start=period_start,
        period_end=period_end,
    )


def _incomplete_note(window_start: int, table: str, first_month: int, caveat: str) -> str:
    return _join(
        f"the window starts in {month_start(window_start):%B %Y}, before {table} does "
        f"({month_start(first_month):%B %Y})",
        caveat,
    )


def _periods(
    ref_code: np.ndarray, month: np.ndarray, refs: pd.Index, indicators: dict[str, Indicator]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the first month its figure draws on, and the first and last dates the figure covers.

    They depend only on the ref's period basis and look-back and on the month, so they are worked out
    once per basis and month (a handful of bases over the batch's months) and taken by each row's
    position in that table: no Python per row, nor per ref and month (that was about 0.2 CPU-s of a
    150-council first slice, repeated for every batch)."""
    if not len(month):
        return np.array([], "int64"), np.array([], "datetime64[D]"), np.array([], "datetime64[D]")
    first, span = int(month.min()), int(month.max() - month.min()) + 1
    profiles: dict[tuple[PeriodBasis, int], int] = {}
    profile_of_ref = np.array(
        [
            profiles.setdefault((indicators[r].period_basis, indicators[r].history_months), len(profiles))
            for r in refs
        ],
        dtype="int64",
    )
    table = [_period(*profile, m) for profile in profiles for m in range(first, first + span)]
    at = profile_of_ref[ref_code] * span + (month - first)
    return (
        np.array([start for start, _, _ in table], dtype="int64")[at],
        np.array([first_date for _, first_date, _ in table], dtype="datetime64[D]")[at],
        np.array([last_date for _, _, last_date in table], dtype="datetime64[D]")[at],
    )


@lru_cache(maxsize=4096)
def _period(basis: PeriodBasis, history_months: int, month: int) -> tuple[int, date, date]:
    """A figure's first month drawn on (look-back included), and its first and last dates."""
    start = _window_start(month, basis, history_months)
    end_month = last_complete_quarter_end(month) if basis is PeriodBasis.QUARTER else month
    first_date = month_end(month) if basis is PeriodBasis.MONTH_END else month_start(start + history_months)
    return start, first_date, month_end(end_month)


def _breakdown_rules(
    rule: np.ndarray,
    breakdown_value: pd.Series,
    dataset: Dataset,
    indicators: dict[str, Indicator],
    settings: ComputeSettings,
    councils: pd.Index,
    refs: pd.Index,
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, why its breakdown figure (e.g. meetings) is not available: an input only it needs is
    missing (the first array: what is missing), or the configuration lacks a setting it needs (the
    second, the note itself: e.g. team groups without a team map would put every team in OTHER).
    `rule` is each row's council code × the number of refs + its ref code."""
    values = breakdown_value.cat.categories
    value_code = {value: code for code, value in enumerate(values)}
    keys: list[int] = []  # (council, ref, breakdown value) as one integer, like `rule`
    found: list[tuple[str, str]] = []
    for ref_code, ref in enumerate(refs):
        for breakdown in indicators[ref].breakdowns:
            unset = unmet_setting(breakdown.needs_setting, settings) if breakdown.needs_setting else ""
            for council_code, council in enumerate(councils):
                absent = [
                    dataset.missing(t, *cols, council=council)
                    for t, cols in breakdown.requires.items()
                    if not dataset.has(t, *cols, council=council)
                ]
                if absent or unset:
                    at_rule = council_code * len(refs) + ref_code
                    keys.append(at_rule * len(values) + value_code[breakdown.value])
                    found.append(("; ".join(absent), unset))
    missing = np.full(len(rule), "", dtype=object)
    unset_notes = np.full(len(rule), "", dtype=object)
    if keys:
        row_value = breakdown_value.cat.codes.to_numpy().astype("int64")
        at = pd.Index(keys).get_indexer(rule * len(values) + row_value)
        hit = at >= 0
        missing[hit] = np.asarray([m for m, _ in found], dtype=object)[at[hit]]
        unset_notes[hit] = np.asarray([u for _, u in found], dtype=object)[at[hit]]
    return missing, unset_notes


def unmet_setting(setting: RequiredSetting, settings: ComputeSettings) -> str:
    """Why a figure needing `setting` cannot be given under these settings, or "" when it can."""
    if setting is RequiredSetting.TEAM_MAP:
        return "" if settings.team_groups else "no team map in the configuration ([teams.map])"
    assert_never(setting)  # mypy fails here when a RequiredSetting has no rule


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if second else first


def _rule(dataset: Dataset, council: str, ind: Indicator, settings: ComputeSettings) -> dict[str, object]:
    missing = [
        dataset.missing(t, *cols, council=council)
        for t, cols in ind.requires.items()
        if not dataset.has(t, *cols, council=council)
    ]
    caveats = [
        f"{item.reason} (no {dataset.missing(item.table, *item.columns, council=council)})"
        for item in ind.optional
        if not dataset.has(item.table, *item.columns, council=council)
    ]
    caseload = ind.kind in (Kind.CASELOAD_MEAN, Kind.CASELOAD_MAX)
    if caseload and not settings.allocated_worker_roles and not caveats:
        caveats.append("no allocated-worker roles are configured, so involvements in every role are counted")
    table = ind.primary_table
    coverage = dataset.coverage(council, table)
    extract = dataset.extract_dates.get(council)
    nya_after, nya_note = _NEVER, ""
    if extract is not None:
        nya_after, nya_note = (
            month_index(extract),
            f"the period is after the extract date ({extract:%d %B %Y})",
        )
    if not _is_snapshot(ind) and coverage.last is not None and month_index(coverage.last) < nya_after:
        nya_after, nya_note = month_index(coverage.last), f"{table} holds data up to {coverage.last:%d %B %Y}"
    first = month_index(coverage.first) if coverage.first is not None else -_NEVER
    if _is_snapshot(ind) and not ind.history_months:
        first = -_NEVER  # a snapshot counts what is open, however long ago it started
    return {
        "missing": "; ".join(missing),
        "caveat": "; ".join(caveats),
        "nya_after": nya_after,
        "nya_note": nya_note,
        "first_month": first,
        "table": table,
    }
