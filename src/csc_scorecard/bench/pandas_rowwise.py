"""A representative subset of the slice written row by row with `DataFrame.apply`, as many analysts do.

One indicator of each kind: counts (FD1, CIN1), proportions (FD7, CIN4), a mean duration (EH1),
working-day timeliness (CIN8), distinct children (SG7), open at the month end (CIN18, WF1, CF1), a
snapshot proportion (SG13) and caseloads (WF6, WF8). Each row's month, flag or duration is worked out
by a Python function per row; "open at the month end" is asked of every row at every month end. Same
definitions as the vectorised baseline (and the engine), so its figures can be checked against them.

It is slow by nature, so the bench runs it on a subset of councils and months and reports the time
per council-month; anything scaled up from that is labelled an extrapolation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from csc_scorecard.bench.pandas_inputs import PandasInputs

ROWWISE_REFS = (
    "FD1",
    "FD7",
    "EH1",
    "CIN1",
    "CIN4",
    "CIN8",
    "SG7",
    "CIN18",
    "SG13",
    "CF1",
    "WF1",
    "WF6",
    "WF8",
)
SHORT_BREAKS = ("V3", "V4")


def _month(value: Any) -> int | None:
    if pd.isna(value):
        return None
    return int(value.year * 12 + value.month - 1)


def _each_row(frame: pd.DataFrame, function: Callable[[pd.Series], Any]) -> pd.Series:
    """`DataFrame.apply` along rows: the function is called in Python once per row."""
    result: pd.Series = frame.apply(function, axis=1)  # type: ignore[call-overload]
    return result


def _true(value: Any) -> bool:
    """A flag is set only when it is true; null is not set."""
    return bool(value) if pd.notna(value) else False


def _month_end(month: int) -> pd.Timestamp:
    return pd.Timestamp(date(month // 12, month % 12 + 1, 1)) + pd.offsets.MonthEnd(0)


def _is_open(start: Any, end: Any, month_end: pd.Timestamp, months_after_start: int = 0) -> bool:
    """Open at the month end: started (plus any anniversary) on or before it, not ended on or before it."""
    if pd.isna(start):
        return False
    if months_after_start and _month(start) + months_after_start > _month(month_end):  # type: ignore[operator]
        return False
    return bool(start <= month_end and (pd.isna(end) or end > month_end))


def compute_rowwise(inputs: PandasInputs) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    months = list(range(inputs.first_month, inputs.last_month + 1))
    for council in inputs.councils:
        tables = {name: frame[frame.council == council] for name, frame in inputs.tables.items()}
        rows += _events(council, tables, months, inputs.holidays)
        for month in months:
            rows += _snapshots(council, tables, month)
    return pd.DataFrame(
        rows, columns=["council", "month", "ref", "breakdown_value", "numerator", "denominator"]
    )


def _row(
    council: str,
    month: int,
    ref: str,
    numerator: float,
    denominator: float | None = None,
    breakdown: str = "all",
) -> dict[str, Any]:
    return {
        "council": council,
        "month": month,
        "ref": ref,
        "breakdown_value": breakdown,
        "numerator": float(numerator),
        "denominator": np.nan if denominator is None else float(denominator),
    }


def _events(
    council: str, tables: dict[str, pd.DataFrame], months: list[int], holidays: np.ndarray
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    contacts = tables["ssd_contacts"].copy()
    contacts["month"] = _each_row(contacts, lambda r: _month(r["cont_contact_date"]))
    contacts["referred"] = _each_row(contacts, lambda r: _true(r["cont_contact_outcome_new_referral_flag"]))

    screenings = tables["ext_screening"].copy()
    screenings["month"] = _each_row(screenings, lambda r: _month(r["scrn_completed_dttm"]))
    screenings["counted"] = _each_row(
        screenings,
        lambda r: (
            r["scrn_outcome"] == "EARLY_HELP"
            and not _true(r["scrn_is_rfi"])
            and pd.notna(r["scrn_start_dttm"])
            and pd.notna(r["scrn_completed_dttm"])
        ),
    )
    screenings["days"] = _each_row(
        screenings,
        lambda r: (
            (r["scrn_completed_dttm"].floor("s") - r["scrn_start_dttm"].floor("s")).total_seconds() / 86400.0
            if r["counted"]
            else 0.0
        ),
    )

    referrals = tables["ssd_cin_episodes"].copy()
    referrals["month"] = _each_row(referrals, lambda r: _month(r["cine_referral_date"]))
    dates_by_child: dict[Any, list[pd.Timestamp]] = {}
    for person, day in zip(referrals.cine_person_id, referrals.cine_referral_date, strict=True):
        if pd.notna(day):
            dates_by_child.setdefault(person, []).append(day)

    def re_referral(r: pd.Series) -> bool:
        day = r["cine_referral_date"]
        if pd.isna(day):
            return False
        since = day - pd.DateOffset(months=12)
        return any(since <= other < day for other in dates_by_child.get(r["cine_person_id"], []))

    referrals["re_referral"] = _each_row(referrals, re_referral)

    assessments = tables["ssd_cin_assessments"].copy()
    assessments["month"] = _each_row(assessments, lambda r: _month(r["cina_assessment_auth_date"]))

    def within_45(r: pd.Series) -> bool | None:
        start, end = r["cina_assessment_start_date"], r["cina_assessment_auth_date"]
        if pd.isna(start) or pd.isna(end):
            return None
        day0 = np.busday_offset(start.date(), 0, roll="forward", holidays=holidays)
        last = np.busday_offset(end.date(), 0, roll="forward", holidays=holidays)
        return bool(np.busday_count(day0, last, holidays=holidays) <= 45)

    assessments["within"] = _each_row(assessments, within_45)

    conferences = tables["ssd_initial_cp_conference"].copy()
    conferences["month"] = _each_row(conferences, lambda r: _month(r["icpc_icpc_date"]))

    for month in months:
        c = contacts[contacts.month == month]
        out += [_row(council, month, "FD1", len(c)), _row(council, month, "FD7", c.referred.sum(), len(c))]
        s = screenings[(screenings.month == month) & screenings.counted]
        out.append(_row(council, month, "EH1", s.days.sum(), len(s)))
        r = referrals[referrals.month == month]
        out += [
            _row(council, month, "CIN1", len(r)),
            _row(council, month, "CIN4", r.re_referral.sum(), len(r)),
        ]
        a = assessments[(assessments.month == month) & assessments.within.notna()]
        out.append(_row(council, month, "CIN8", (a.within == True).sum(), len(a)))  # noqa: E712
        conf = conferences[conferences.month == month]
        out.append(_row(council, month, "SG7", conf.icpc_person_id.dropna().nunique()))
        out.append(
            _row(council, month, "SG7", conf.icpc_icpc_meeting_id.dropna().nunique(), breakdown="meetings")
        )
    return out


def _snapshots(council: str, tables: dict[str, pd.DataFrame], month: int) -> list[dict[str, Any]]:
    end = _month_end(month)
    cin = tables["ssd_cin_episodes"]
    open_cin = cin[_each_row(cin, lambda r: _is_open(r["cine_referral_date"], r["cine_close_date"], end))]
    plans = tables["ssd_cp_plans"]
    plans = plans[_each_row(plans, lambda r: not _true(r["cppl_cp_plan_ola"]))]
    on_plan = plans[
        _each_row(plans, lambda r: _is_open(r["cppl_cp_plan_start_date"], r["cppl_cp_plan_end_date"], end))
    ]
    long_plans = on_plan[
        _each_row(
            on_plan, lambda r: _is_open(r["cppl_cp_plan_start_date"], r["cppl_cp_plan_end_date"], end, 18)
        )
    ]
    episodes = tables["ssd_cla_episodes"]
    in_care = set(
        episodes[
            _each_row(
                episodes,
                lambda r: _is_open(r["clae_cla_episode_start_date"], r["clae_cla_episode_ceased_date"], end),
            )
        ].clae_person_id
    )
    legal = tables["ssd_legal_status"]
    on_break = legal[
        _each_row(
            legal,
            lambda r: (
                str(r["lega_legal_status"]).strip().upper() in SHORT_BREAKS
                and _is_open(r["lega_legal_status_start_date"], r["lega_legal_status_end_date"], end)
            ),
        )
    ]
    involvements = tables["ssd_involvements"]
    held = involvements[
        _each_row(
            involvements,
            lambda r: (
                pd.notna(r["invo_professional_id"])
                and _is_open(r["invo_involvement_start_date"], r["invo_involvement_end_date"], end)
            ),
        )
    ]
    caseloads = held.groupby("invo_professional_id").invo_person_id.apply(lambda people: len(set(people)))
    children_on_plan = on_plan.cppl_person_id.nunique(dropna=False)
    return [
        _row(council, month, "WF1", open_cin.cine_person_id.nunique(dropna=False)),
        _row(council, month, "CIN18", children_on_plan),
        _row(council, month, "SG13", long_plans.cppl_person_id.nunique(dropna=False), children_on_plan),
        _row(council, month, "CF1", len(in_care - set(on_break.lega_person_id))),
        _row(council, month, "WF6", caseloads.sum(), len(caseloads)),
        _row(council, month, "WF8", caseloads.max() if len(caseloads) else 0, len(caseloads)),
    ]
