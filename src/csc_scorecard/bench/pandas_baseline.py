"""The first slice in idiomatic, vectorised pandas: what a competent analyst would write, no engine code.

Same definitions as the catalogue and docs/conventions.md. Events are grouped by council and month
(`groupby` + `reindex` onto every month), rolling and year-to-date figures are cumulative sums over
the council × month table; "open at the month end" expands each interval into the months it is open
(`numpy.repeat`, start month ≤ m < end month), then counts distinct children per month; working days
use `numpy.busday_count` with the bank holidays and closure days.

`compute_slice(inputs)` returns one row per council, month, ref and breakdown value with the
numerator and denominator (rates: the 0-17 population), like the engine's results before statuses.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from csc_scorecard.bench.pandas_inputs import PandasInputs, month_of, population_year, read_inputs

REFS = (
    "FD1", "FD2", "FD7", "EH1", "EH2", "EH3", "CIN1", "CIN2", "CIN4", "CIN6", "CIN8", "CIN13", "CIN18",
    "CIN19", "SG5", "SG6", "SG7", "SG13", "SG14", "CF1", "CF2", "CF4", "CF9", "WF1", "WF2", "WF6", "WF8",
)  # fmt: skip
FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
ADOPTION_WITH_CURRENT_CARER = ("A3", "A5")
SHORT_BREAKS = ("V3", "V4")
OUTPUT = ["council", "month", "ref", "breakdown_value", "numerator", "denominator"]


def compute_slice(inputs: PandasInputs) -> pd.DataFrame:
    parts = [
        *_front_door(inputs),
        *_early_help(inputs),
        *_referrals_and_assessments(inputs),
        *_conferences(inputs),
        *_open_children(inputs),
        *_care(inputs),
        *_caseloads(inputs),
    ]
    figures = pd.concat(parts, ignore_index=True)
    figures = figures[figures.month >= inputs.first_month]
    return figures[OUTPUT].reset_index(drop=True)


def compute_slice_in_batches(
    con: Any, first_month: str, last_month: str, batches: Sequence[Sequence[str]]
) -> tuple[pd.DataFrame, float]:
    """The slice one batch of councils at a time, as an analyst with many councils would loop.

    Each batch's councils are read and computed on their own and the figures put together: the same
    figures as one pass, since no council's figures depend on another council's rows. Only one
    batch's inputs are held at once, so memory follows the largest batch, not the number of
    councils. Returns the figures and the seconds spent reading (summed over the batches).
    """
    parts: list[pd.DataFrame] = []
    read_seconds = 0.0
    for councils in batches:
        started = time.perf_counter()
        inputs = read_inputs(con, first_month, last_month, batch=councils)
        read_seconds += time.perf_counter() - started
        parts.append(compute_slice(inputs))
        del inputs  # before the next batch is read, not after
    return pd.concat(parts, ignore_index=True), read_seconds


# The council × month table --------------------------------------------------------------


def _grid(inputs: PandasInputs) -> pd.MultiIndex:
    months = range(inputs.spine_start, inputs.last_month + 1)
    return pd.MultiIndex.from_product([inputs.councils, months], names=["council", "month"])


def _monthly(
    inputs: PandasInputs, frame: pd.DataFrame, month: pd.Series, sums: dict[str, pd.Series]
) -> pd.DataFrame:
    """Sum each series by council and month of `month`; every council and month, zero when empty."""
    data = pd.DataFrame(
        {
            "council": frame.council.to_numpy(),
            "month": month.to_numpy(),
            **{k: v.to_numpy() for k, v in sums.items()},
        }
    )
    data = data[data.month.between(inputs.spine_start, inputs.last_month)]
    data = data.astype({"month": "int64"})
    return data.groupby(["council", "month"])[list(sums)].sum().reindex(_grid(inputs), fill_value=0)


def _rolling_12(table: pd.DataFrame) -> pd.DataFrame:
    return table.groupby(level="council").rolling(12, min_periods=1).sum().droplevel(0)


def _year_to_date(table: pd.DataFrame) -> pd.DataFrame:
    months = table.index.get_level_values("month")
    financial_year = (months - 3) // 12
    return table.groupby([table.index.get_level_values("council"), financial_year]).cumsum()


def _figures(
    ref: str, numerator: pd.Series, denominator: pd.Series | None = None, breakdown_value: str = "all"
) -> pd.DataFrame:
    out = numerator.rename("numerator").reset_index()
    out["denominator"] = denominator.to_numpy(dtype="float64") if denominator is not None else np.nan
    out["numerator"] = out.numerator.astype("float64")
    out["ref"] = ref
    out["breakdown_value"] = breakdown_value
    return out


def _rate(inputs: PandasInputs, ref: str, numerator: pd.Series) -> pd.DataFrame:
    out = _figures(ref, numerator)
    years = population_year(out.month)
    out["denominator"] = [
        inputs.population.get((c, int(y)), np.nan) for c, y in zip(out.council, years, strict=True)
    ]
    return out


# Event indicators -----------------------------------------------------------------------


def _front_door(inputs: PandasInputs) -> list[pd.DataFrame]:
    contacts = inputs.table("ssd_contacts")
    referred = contacts.cont_contact_outcome_new_referral_flag.fillna(False).astype(bool)
    monthly = _monthly(
        inputs,
        contacts,
        month_of(contacts.cont_contact_date),
        {"contacts": pd.Series(1, index=contacts.index), "referred": referred},
    )
    return [
        _figures("FD1", monthly.contacts),
        _rate(inputs, "FD2", _rolling_12(monthly[["contacts"]]).contacts),
        _figures("FD7", monthly.referred, monthly.contacts),
    ]


def _early_help(inputs: PandasInputs) -> list[pd.DataFrame]:
    s = inputs.table("ext_screening")
    counted = (s.scrn_outcome == "EARLY_HELP").fillna(False) & ~s.scrn_is_rfi.fillna(False).astype(bool)
    known = counted & s.scrn_start_dttm.notna() & s.scrn_completed_dttm.notna()
    # Whole seconds, as the engine's epoch seconds.
    seconds = s.scrn_completed_dttm.dt.floor("s") - s.scrn_start_dttm.dt.floor("s")
    days = (seconds.dt.total_seconds() / 86400.0).where(known, 0.0)
    monthly = _monthly(
        inputs, s, month_of(s.scrn_completed_dttm), {"days": days, "known": known.astype("int64")}
    )
    episodes = inputs.table("ssd_early_help_episodes")
    open_episodes = _open_by_month(
        inputs, episodes, "earl_episode_id", episodes.earl_episode_start_date, episodes.earl_episode_end_date
    )
    return [
        _figures("EH1", monthly.days, monthly.known),
        _figures("EH2", open_episodes),
        _rate(inputs, "EH3", open_episodes),
    ]


def within_working_days(
    start: pd.Series, end: pd.Series, days: int, holidays: np.ndarray
) -> tuple[pd.Series, pd.Series]:
    """(judged, within): the end falls on or before the Nth working day after the start (day 0, rolled
    forward to a working day when the start is not one). Both roll forward, then busday_count ≤ N."""
    judged = start.notna() & end.notna()
    calendar = np.busdaycalendar(holidays=holidays)
    s = start[judged].to_numpy(dtype="datetime64[D]")
    e = end[judged].to_numpy(dtype="datetime64[D]")
    day0 = np.busday_offset(s, 0, roll="forward", busdaycal=calendar)
    end_day = np.busday_offset(e, 0, roll="forward", busdaycal=calendar)
    within = pd.Series(False, index=start.index)
    within[judged] = np.busday_count(day0, end_day, busdaycal=calendar) <= days
    return judged, within


def _referrals_and_assessments(inputs: PandasInputs) -> list[pd.DataFrame]:
    r = inputs.table("ssd_cin_episodes")
    # A re-referral: the child's latest earlier referral *date* is on or after the same date 12 months
    # before (two referrals on one day are not re-referrals of each other).
    days = r[["council", "cine_person_id", "cine_referral_date"]].dropna().drop_duplicates()
    days = days.sort_values(["council", "cine_person_id", "cine_referral_date"])
    previous = days.groupby(["council", "cine_person_id"]).cine_referral_date.shift()
    days["is_re_referral"] = previous >= days.cine_referral_date - pd.DateOffset(months=12)
    marked = r.merge(days, on=["council", "cine_person_id", "cine_referral_date"], how="left")
    re_referral = marked.is_re_referral.fillna(False).astype(bool)
    referrals = _monthly(
        inputs,
        marked,
        month_of(marked.cine_referral_date),
        {"referrals": pd.Series(1, index=marked.index), "re_referrals": re_referral},
    )
    a = inputs.table("ssd_cin_assessments")
    judged, within = within_working_days(
        a.cina_assessment_start_date, a.cina_assessment_auth_date, 45, inputs.holidays
    )
    assessments = _monthly(
        inputs,
        a,
        month_of(a.cina_assessment_auth_date),
        {"completed": pd.Series(1, index=a.index), "judged": judged, "within": judged & within},
    )
    s47 = inputs.table("ssd_s47_enquiry")
    enquiries = _monthly(
        inputs, s47, month_of(s47.s47e_s47_end_date), {"completed": pd.Series(1, index=s47.index)}
    )
    return [
        _figures("CIN1", referrals.referrals),
        _rate(inputs, "CIN2", _rolling_12(referrals[["referrals"]]).referrals),
        _figures("CIN4", referrals.re_referrals, referrals.referrals),
        _figures("CIN6", assessments.completed),
        _figures("CIN8", assessments.within, assessments.judged),
        _figures("CIN13", enquiries.completed),
    ]


def _conferences(inputs: PandasInputs) -> list[pd.DataFrame]:
    icpc = inputs.table("ssd_initial_cp_conference")
    starts = inputs.table("ssd_s47_enquiry")[["council", "s47e_s47_enquiry_id", "s47e_s47_start_date"]]
    icpc = icpc.merge(
        starts,
        left_on=["council", "icpc_s47_enquiry_id"],
        right_on=["council", "s47e_s47_enquiry_id"],
        how="left",
    )
    counted = ~icpc.icpc_icpc_transfer_in.fillna(False).astype(bool) & icpc.s47e_s47_start_date.notna()
    judged, within = within_working_days(icpc.s47e_s47_start_date, icpc.icpc_icpc_date, 15, inputs.holidays)
    month = month_of(icpc.icpc_icpc_date)
    monthly = _monthly(inputs, icpc, month, {"judged": counted & judged, "within": counted & judged & within})
    to_date = _year_to_date(monthly)
    in_window = icpc.assign(month=month)[month.between(inputs.spine_start, inputs.last_month)]
    grid = _grid(inputs)
    children = in_window.groupby(["council", "month"]).icpc_person_id.nunique().reindex(grid, fill_value=0)
    meetings = (
        in_window.groupby(["council", "month"]).icpc_icpc_meeting_id.nunique().reindex(grid, fill_value=0)
    )
    return [
        _figures("SG5", to_date.within, to_date.judged),
        _figures("SG6", monthly.within, monthly.judged),
        _figures("SG7", children),
        _figures("SG7", meetings, breakdown_value="meetings"),
    ]


# Open at the month end ------------------------------------------------------------------


def open_months(
    inputs: PandasInputs,
    frame: pd.DataFrame,
    key: str,
    start: pd.Series,
    end: pd.Series,
    shift: int = 0,
    extend: int = 0,
) -> pd.DataFrame:
    """(council, key, month) for every month end in the reporting months at which a row is open.

    Open at month end m ⇔ start month + shift ≤ m < end month + extend (no end: still open). A row
    whose end month is not after its (shifted) start month is never open.
    """
    first = month_of(start) + shift
    stop = month_of(end) + extend
    valid = first.notna() & (stop.isna() | (stop > first))
    lo = first[valid].clip(lower=inputs.spine_start).to_numpy(dtype="int64")
    hi = stop[valid].fillna(inputs.last_month + 1).clip(upper=inputs.last_month + 1).to_numpy(dtype="int64")
    lengths = np.maximum(hi - lo, 0)
    rows = np.repeat(np.flatnonzero(valid.to_numpy()), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return pd.DataFrame(
        {
            "council": frame.council.to_numpy()[rows],
            "key": frame[key].to_numpy()[rows],
            "month": np.repeat(lo, lengths) + offsets,
        }
    )


def _count_by_month(inputs: PandasInputs, keys: pd.DataFrame) -> pd.Series:
    """Distinct keys per council and month, every council and month."""
    distinct = keys.drop_duplicates(["council", "key", "month"])
    return distinct.groupby(["council", "month"]).size().reindex(_grid(inputs), fill_value=0)


def _open_by_month(
    inputs: PandasInputs, frame: pd.DataFrame, key: str, start: pd.Series, end: pd.Series
) -> pd.Series:
    return _count_by_month(inputs, open_months(inputs, frame, key, start, end))


def _open_children(inputs: PandasInputs) -> list[pd.DataFrame]:
    cin = inputs.table("ssd_cin_episodes")
    open_cin = _open_by_month(inputs, cin, "cine_person_id", cin.cine_referral_date, cin.cine_close_date)
    plans = inputs.table("ssd_cp_plans")
    plans = plans[~plans.cppl_cp_plan_ola.fillna(False).astype(bool)]
    start, end = plans.cppl_cp_plan_start_date, plans.cppl_cp_plan_end_date
    on_plan = _open_by_month(inputs, plans, "cppl_person_id", start, end)
    # "18 months or more": from the month end of the 18-month anniversary (on or before it) on.
    over_18 = _count_by_month(inputs, open_months(inputs, plans, "cppl_person_id", start, end, shift=18))
    over_24 = _count_by_month(inputs, open_months(inputs, plans, "cppl_person_id", start, end, shift=24))
    return [
        _figures("WF1", open_cin),
        _rate(inputs, "WF2", open_cin),
        _figures("CIN18", on_plan),
        _rate(inputs, "CIN19", on_plan),
        _figures("SG13", over_18, on_plan),
        _figures("SG14", over_24, on_plan),
    ]


def _care(inputs: PandasInputs) -> list[pd.DataFrame]:
    episodes = inputs.table("ssd_cla_episodes")
    in_care = open_months(
        inputs,
        episodes,
        "clae_person_id",
        episodes.clae_cla_episode_start_date,
        episodes.clae_cla_episode_ceased_date,
    ).drop_duplicates()
    legal = inputs.table("ssd_legal_status")
    spells = legal[legal.lega_legal_status.str.strip().str.upper().isin(SHORT_BREAKS)]
    short_breaks = open_months(
        inputs,
        spells,
        "lega_person_id",
        spells.lega_legal_status_start_date,
        spells.lega_legal_status_end_date,
    ).drop_duplicates()
    # In care and not on short breaks at the month end.
    in_care = in_care.merge(short_breaks, how="left", indicator=True)
    in_care = in_care[in_care._merge == "left_only"].drop(columns="_merge")

    placements = _placements(inputs, spells)
    foster = placements[placements.placement_type.isin(FOSTER)]
    fostered = open_months(
        inputs,
        foster,
        "clap_person_id",
        foster.clap_cla_placement_start_date,
        foster.clap_cla_placement_end_date,
    ).drop_duplicates()
    counted = placements[placements.counts_as_placement]
    # Held during the 12 months to month end m: start month ≤ m ≤ end month + 11.
    held = open_months(
        inputs,
        counted,
        "clap_person_id",
        counted.clap_cla_placement_start_date,
        counted.clap_cla_placement_end_date,
        extend=12,
    )
    placements_held = held.groupby(["council", "key", "month"]).size()
    many = placements_held[placements_held >= 3].reset_index()[["council", "key", "month"]]
    cared = _count_by_month(inputs, in_care)
    return [
        _figures("CF1", cared),
        _rate(inputs, "CF2", cared),
        _figures("CF4", _count_by_month(inputs, in_care.merge(many)), cared),
        _figures("CF9", _count_by_month(inputs, in_care.merge(fostered)), cared),
    ]


def _placements(inputs: PandasInputs, short_breaks: pd.DataFrame) -> pd.DataFrame:
    """Placements with `counts_as_placement` (CF4): not an adoption with the current carer, not a change
    of status only (PLACE), not under 24 hours, and not started during a short-breaks legal status."""
    p = inputs.table("ssd_cla_placement").copy()
    p["placement_type"] = p.clap_cla_placement_type.str.strip().str.upper()
    reason = p.clap_cla_placement_change_reason.str.strip().str.upper()
    start, end = p.clap_cla_placement_start_date, p.clap_cla_placement_end_date
    p["counts_as_placement"] = (
        ~p.placement_type.isin(ADOPTION_WITH_CURRENT_CARER)
        & (reason != "PLACE")
        & (end.isna() | (end > start))
    )
    spells = short_breaks[
        ["council", "lega_person_id", "lega_legal_status_start_date", "lega_legal_status_end_date"]
    ]
    pairs = p[["council", "clap_person_id", "clap_cla_placement_id", "clap_cla_placement_start_date"]].merge(
        spells, left_on=["council", "clap_person_id"], right_on=["council", "lega_person_id"]
    )
    during = (pairs.lega_legal_status_start_date <= pairs.clap_cla_placement_start_date) & (
        pairs.lega_legal_status_end_date.isna()
        | (pairs.lega_legal_status_end_date > pairs.clap_cla_placement_start_date)
    )
    on_break = pairs.loc[during, ["council", "clap_cla_placement_id"]].drop_duplicates()
    keys = pd.MultiIndex.from_frame(p[["council", "clap_cla_placement_id"]])
    started_on_break = keys.isin(pd.MultiIndex.from_frame(on_break))
    p["counts_as_placement"] &= ~started_on_break
    return p


def _caseloads(inputs: PandasInputs) -> list[pd.DataFrame]:
    v = inputs.table("ssd_involvements")
    v = v[v.invo_professional_id.notna()]
    if inputs.allocated_worker_roles and "invo_professional_role_id" in v:
        v = v[v.invo_professional_role_id.str.strip().isin(inputs.allocated_worker_roles)]
    # One key per worker and child: a child allocated twice to one worker counts once for that worker.
    pairs = pd.MultiIndex.from_arrays([v.invo_professional_id, v.invo_person_id.fillna("")])
    pair, _ = pd.factorize(pairs)
    worker, _ = pd.factorize(v.invo_professional_id)
    worker_of_pair = np.zeros(pair.max() + 1 if len(pair) else 0, dtype="int64")
    worker_of_pair[pair] = worker
    v = v.assign(pair=pair)
    allocated = open_months(inputs, v, "pair", v.invo_involvement_start_date, v.invo_involvement_end_date)
    allocated = allocated.drop_duplicates()
    allocated["worker"] = worker_of_pair[allocated.key.to_numpy(dtype="int64")]
    per_worker = allocated.groupby(["council", "worker", "month"]).size()
    per_month = (
        per_worker.groupby(["council", "month"])
        .agg(["sum", "size", "max"])
        .reindex(_grid(inputs), fill_value=0)
    )
    return [
        _figures("WF6", per_month["sum"], per_month["size"]),
        _figures("WF8", per_month["max"], per_month["size"]),
    ]
