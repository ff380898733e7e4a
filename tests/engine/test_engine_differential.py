"""Each kind against a naive pandas reference (a loop over month ends) on generated data for three councils."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from builders import make_dataset
from engine_helpers import run
from generated import generate

from csc_scorecard.engine.calendar import england_bank_holidays

PERIOD, MONTHS = "2023-03", 24
MONTH_ENDS = pd.date_range("2021-04-30", "2023-03-31", freq="ME")
HOLIDAYS = np.array(
    sorted(england_bank_holidays(date(2018, 1, 1), date(2024, 12, 31))), dtype="datetime64[D]"
)


@pytest.fixture(scope="module")
def data():
    return {name: pd.DataFrame(rows) for name, rows in generate().items()}


@pytest.fixture(scope="module")
def engine(data):
    tables = {name: frame.to_dict("records") for name, frame in data.items()}
    for rows in tables.values():
        for row in rows:
            for key, value in row.items():
                if value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
                    row[key] = None
    dataset = make_dataset(tables, extract_date="2023-04-20", councils=("101", "202", "303"))
    frame = run(
        dataset, PERIOD, MONTHS, population=lambda c, y: 10_000, allocated_worker_roles=("SW",)
    ).to_pandas()
    frame["period_end"] = pd.to_datetime(frame.period_end)
    return frame[frame.breakdown_value == "all"].set_index(["ref", "council", "period_end"])


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series)


def _check(
    engine: pd.DataFrame, ref: str, expected: dict[tuple[str, pd.Timestamp], tuple[float, float | None]]
):
    for (council, month_end), (numerator, denominator) in expected.items():
        row = engine.loc[(ref, council, month_end)]
        if row.status == "not_yet_available":  # the council's data for this table stop before the month
            assert pd.isna(row.numerator)
            continue
        assert row.numerator == numerator, (ref, council, month_end)
        if denominator is not None:
            assert row.denominator == denominator, (ref, council, month_end)


def _months(frame: pd.DataFrame, column: str) -> pd.Series:
    return _dates(frame[column]).dt.to_period("M")


def test_count_and_rolling_and_proportion(data, engine):
    referrals = data["ssd_cin_episodes"].assign(month=lambda f: _months(f, "cine_referral_date"))
    contacts = data["ssd_contacts"].assign(month=lambda f: _months(f, "cont_contact_date"))
    for council in ("101", "202", "303"):
        mine = referrals[referrals.council == council]
        contact = contacts[contacts.council == council]
        for end in MONTH_ENDS:
            month = end.to_period("M")
            in_month = mine[mine.month == month]
            window = mine[(mine.month > month - 12) & (mine.month <= month)]
            _check(engine, "CIN1", {(council, end): (len(in_month), None)})
            _check(engine, "CIN2", {(council, end): (len(window), 10_000)})
            c = contact[contact.month == month]
            _check(engine, "FD7", {(council, end): (c.cont_contact_outcome_new_referral_flag.sum(), len(c))})


def test_re_referrals(data, engine):
    referrals = data["ssd_cin_episodes"].assign(day=lambda f: _dates(f.cine_referral_date))
    for council in ("101", "202", "303"):
        mine = referrals[referrals.council == council]
        for end in MONTH_ENDS:
            month = mine[mine.day.dt.to_period("M") == end.to_period("M")]
            re = 0
            for _, r in month.iterrows():
                earlier = mine[(mine.cine_person_id == r.cine_person_id) & (mine.day < r.day)]
                re += bool((earlier.day >= r.day - pd.DateOffset(months=12)).any())
            _check(engine, "CIN4", {(council, end): (re, len(month))})


def test_open_children_and_anniversaries(data, engine):
    episodes = data["ssd_cin_episodes"]
    plans = data["ssd_cp_plans"]
    plans = plans[~plans.cppl_cp_plan_ola.astype(bool)]
    for council in ("101", "202", "303"):
        e = episodes[episodes.council == council]
        p = plans[plans.council == council]
        for end in MONTH_ENDS:
            start, stop = _dates(e.cine_referral_date), _dates(e.cine_close_date)
            open_children = e[(start <= end) & (stop.isna() | (stop > end))].cine_person_id.nunique()
            _check(engine, "WF1", {(council, end): (open_children, None)})
            ps, pe = _dates(p.cppl_cp_plan_start_date), _dates(p.cppl_cp_plan_end_date)
            on = p[(ps <= end) & (pe.isna() | (pe > end))]
            long = on[_dates(on.cppl_cp_plan_start_date) + pd.DateOffset(months=18) <= end]
            _check(
                engine, "SG13", {(council, end): (long.cppl_person_id.nunique(), on.cppl_person_id.nunique())}
            )


def _within(start: pd.Series, end: pd.Series, n: int) -> pd.Series:
    """numpy's business-day calendar: day 0 rolls forward to a working day; the target is n working days on."""
    s = start.to_numpy(dtype="datetime64[D]")
    e = end.to_numpy(dtype="datetime64[D]")
    day0 = np.busday_offset(s, 0, roll="forward", holidays=HOLIDAYS)
    target = np.busday_offset(day0, n, roll="forward", holidays=HOLIDAYS)
    return pd.Series(e <= target, index=start.index)


def test_within_working_days_month_and_year_to_date(data, engine):
    a = data["ssd_cin_assessments"].dropna(subset=["cina_assessment_auth_date"])
    a = a.assign(met=_within(_dates(a.cina_assessment_start_date), _dates(a.cina_assessment_auth_date), 45))
    icpc = data["ssd_initial_cp_conference"].merge(
        data["ssd_s47_enquiry"][["council", "s47e_s47_enquiry_id", "s47e_s47_start_date"]],
        left_on=["council", "icpc_s47_enquiry_id"],
        right_on=["council", "s47e_s47_enquiry_id"],
    )
    icpc = icpc[~icpc.icpc_icpc_transfer_in.astype(bool)]
    icpc = icpc.assign(met=_within(_dates(icpc.s47e_s47_start_date), _dates(icpc.icpc_icpc_date), 15))
    for council in ("101", "202", "303"):
        mine = a[a.council == council]
        conferences = icpc[icpc.council == council]
        for end in MONTH_ENDS:
            month = mine[_dates(mine.cina_assessment_auth_date).dt.to_period("M") == end.to_period("M")]
            _check(engine, "CIN8", {(council, end): (month.met.sum(), len(month))})
            year_start = pd.Timestamp(end.year if end.month >= 4 else end.year - 1, 4, 1)
            days = _dates(conferences.icpc_icpc_date)
            ytd = conferences[(days >= year_start) & (days <= end)]
            _check(engine, "SG5", {(council, end): (ytd.met.sum(), len(ytd))})


def test_caseloads(data, engine):
    v = data["ssd_involvements"]
    v = v[v.invo_professional_role_id == "SW"]
    for council in ("101", "202", "303"):
        mine = v[v.council == council]
        for end in MONTH_ENDS:
            start, stop = _dates(mine.invo_involvement_start_date), _dates(mine.invo_involvement_end_date)
            held = mine[(start <= end) & (stop.isna() | (stop > end))]
            loads = held.groupby("invo_professional_id").invo_person_id.nunique()
            _check(engine, "WF6", {(council, end): (loads.sum(), len(loads))})
            _check(engine, "WF8", {(council, end): (loads.max() if len(loads) else 0, len(loads))})
