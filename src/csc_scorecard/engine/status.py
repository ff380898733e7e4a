"""The status of every result row, and its period dates: what a figure is, and whether it can be trusted.

Precedence, strongest first: not_available (an input is missing), not_yet_available (the period is
after the extract date, or after the last date the table holds), incomplete_history (the window or
look-back starts before the table's first month), caveat (an exclusion could not be applied), ok.
"""

from __future__ import annotations

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


def window_start_month(month: int, indicator: Indicator) -> int:
    """The first month a figure for `month` draws on, including the definition's look-back."""
    basis = indicator.period_basis
    if basis is PeriodBasis.ROLLING_12_MONTHS:
        start = month - 11
    elif basis is PeriodBasis.FINANCIAL_YEAR_TO_DATE:
        start = financial_year_start(month)
    elif basis is PeriodBasis.QUARTER:
        start = last_complete_quarter_end(month) - 2
    else:
        start = month
    return start - indicator.history_months


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
    df: pd.DataFrame, dataset: Dataset, indicators: dict[str, Indicator], settings: ComputeSettings
) -> pd.DataFrame:
    """Add `status`, `note`, `period_start` and `period_end` to rows of (council, month, ref, breakdown...);
    null the figures that cannot be given. Rules are worked out per council and ref (and per ref and
    month for the window), then joined to the rows: no loop over rows."""
    rules = pd.DataFrame(
        [
            {"council": council, "ref": ref, **_rule(dataset, council, ind, settings)}
            for council in dataset.councils
            for ref, ind in indicators.items()
        ],
        columns=["council", "ref", "missing", "caveat", "nya_after", "nya_note", "first_month", "table"],
    )
    df = df.merge(rules, on=["council", "ref"], how="left")
    df = df.merge(_periods(df, indicators), on=["ref", "month"], how="left")
    df = df.merge(
        _breakdown_rules(dataset, indicators, settings), on=["council", "ref", "breakdown_value"], how="left"
    )

    status = np.full(len(df), Status.OK.value, dtype=object)
    note = np.full(len(df), "", dtype=object)
    caveat = df.caveat.fillna("").astype(str).to_numpy()
    has_caveat = caveat != ""
    status[has_caveat] = Status.CAVEAT.value
    note[has_caveat] = caveat[has_caveat]

    incomplete = (df.window_start < df.first_month).to_numpy()
    status[incomplete] = Status.INCOMPLETE_HISTORY.value
    note[incomplete] = [
        _join(
            f"the window starts in {month_start(int(w)):%B %Y}, before {t} does ({month_start(int(f)):%B %Y})",
            c,
        )
        for w, t, f, c in zip(
            df.window_start[incomplete],
            df.table[incomplete],
            df.first_month[incomplete],
            caveat[incomplete],
            strict=True,
        )
    ]
    not_yet = (df.month > df.nya_after).to_numpy()
    status[not_yet] = Status.NOT_YET_AVAILABLE.value
    note[not_yet] = df.nya_note[not_yet].to_numpy()

    missing = df.missing.fillna("").astype(str).to_numpy()
    breakdown_missing = df.breakdown_missing.fillna("").astype(str).to_numpy()
    missing = np.where(missing == "", breakdown_missing, missing)
    needs = np.where(missing == "", "", "needs " + missing.astype(str))
    unset = df.breakdown_unset.fillna("").astype(str).to_numpy()
    needs = np.where((needs == "") & (unset != ""), unset, needs)
    is_rate = df.ref.map({r: i.kind is Kind.RATE_PER_10K for r, i in indicators.items()}).to_numpy(dtype=bool)
    no_population = is_rate & df.denominator.isna().to_numpy() & (missing == "")
    needs[no_population] = [
        f"no population of children aged 0-17 for council {c} in {y}: add a ref_population row"
        for c, y in zip(df.council[no_population], df.population_year[no_population], strict=True)
    ]
    unavailable = needs != ""
    status[unavailable] = Status.NOT_AVAILABLE.value
    note[unavailable] = needs[unavailable]

    blank = unavailable | not_yet
    df = df.assign(status=status, note=note)
    df.loc[blank, ["value", "numerator"]] = np.nan
    df.loc[blank & ~no_population, "denominator"] = np.nan
    # A ratio whose denominator is 0 has no value: said plainly, never shown as 0.
    empty = ((df.status != Status.NOT_AVAILABLE.value) & df.value.isna()).to_numpy() & ~blank
    zero = "no cases in the period (the denominator is 0)"
    current = df.note.to_numpy()[empty].astype(str)
    df.loc[empty, "note"] = np.where(current == "", zero, zero + "; " + current)
    return df.drop(
        columns=[
            "missing",
            "caveat",
            "nya_after",
            "nya_note",
            "first_month",
            "table",
            "window_start",
            "breakdown_missing",
            "breakdown_unset",
        ]
    )


def _periods(df: pd.DataFrame, indicators: dict[str, Indicator]) -> pd.DataFrame:
    """Per ref and month: the first month its figure draws on, and the dates the figure covers."""
    pairs = df[["ref", "month"]].drop_duplicates()
    rows = []
    for ref, month in zip(pairs.ref, pairs.month, strict=True):
        ind = indicators[ref]
        start = window_start_month(int(month), ind)
        end_month = (
            last_complete_quarter_end(int(month)) if ind.period_basis is PeriodBasis.QUARTER else int(month)
        )
        first_date = (
            month_end(int(month))
            if ind.period_basis is PeriodBasis.MONTH_END
            else month_start(start + ind.history_months)
        )
        rows.append((ref, month, start, first_date, month_end(end_month)))
    return pd.DataFrame(rows, columns=["ref", "month", "window_start", "period_start", "period_end"])


def _breakdown_rules(
    dataset: Dataset, indicators: dict[str, Indicator], settings: ComputeSettings
) -> pd.DataFrame:
    """A breakdown figure (e.g. meetings) is not available when an input only it needs is missing
    (`breakdown_missing`), or when the configuration lacks a setting it needs (`breakdown_unset`,
    the note itself: e.g. team groups without a team map would put every team in OTHER)."""
    rows = []
    for ref, ind in indicators.items():
        for breakdown in ind.breakdowns:
            unset = unmet_setting(breakdown.needs_setting, settings) if breakdown.needs_setting else ""
            for council in dataset.councils:
                absent = [
                    dataset.missing(t, *cols, council=council)
                    for t, cols in breakdown.requires.items()
                    if not dataset.has(t, *cols, council=council)
                ]
                if absent or unset:
                    rows.append((council, ref, breakdown.value, "; ".join(absent), unset))
    columns = ["council", "ref", "breakdown_value", "breakdown_missing", "breakdown_unset"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"council": "object", "ref": "object", "breakdown_value": "object"}
    )


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
