"""Case audits (the control series), complex safeguarding referrals, children missing education and
electively home educated, and the reference tables (population, working calendar, postcodes)."""

from __future__ import annotations

import numpy as np

from csc_scorecard.synth.cin_cp import Cases
from csc_scorecard.synth.context import Context
from csc_scorecard.synth.frame import Ids, Rows, padded, pick
from csc_scorecard.synth.journeys import MONTH_DAYS, Journeys, People
from csc_scorecard.synth.profiles import DEFAULT_LAG
from csc_scorecard.synth.timeline import DAY, NAT, Dates, Ints, days, record_dates, uniform_dates, unit
from csc_scorecard.synth.workforce import TEAM_INDEX, Workforce

GRADES = ("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE")


def window_months(ctx: Context) -> np.ndarray:
    return np.arange(
        ctx.timeline.window_start.astype("datetime64[M]"), ctx.timeline.window_end.astype("datetime64[M]") + 1
    )


def _open_cases_on(
    rng: np.random.Generator,
    journeys: Journeys,
    kept: np.ndarray,
    dates: Dates,
    months: np.ndarray,
    events_month: np.ndarray,
) -> Ints:
    """A random referral open on each date (-1 where none): a loop over months, vectorised within."""
    chosen = np.full(dates.shape[0], -1, dtype=np.int64)
    for m in months:
        rows = np.flatnonzero(events_month == m)
        if rows.shape[0] == 0:
            continue
        day = m.astype("datetime64[D]") + 14 * DAY
        open_now = np.flatnonzero(kept & (journeys["referral"] <= day) & (journeys["close"] > day))
        if open_now.shape[0]:
            chosen[rows] = open_now[rng.integers(0, open_now.shape[0], rows.shape[0])]
    return chosen


def quality_tables(
    ctx: Context, journeys: Journeys, cases: Cases, people: People, workforce: Workforce
) -> tuple[list[Rows], Ints]:
    rng = ctx.rng("quality")
    code, p = ctx.council.code, ctx.profile
    months = window_months(ctx)
    # The control series: audits completed each month, Poisson with a constant mean (no season, no trend).
    counts = rng.poisson(p.audits_per_month * ctx.scale, months.shape[0])
    audit_month = np.repeat(months, counts)
    completed = uniform_dates(
        rng, audit_month.astype("datetime64[D]"), (audit_month + 1).astype("datetime64[D]") - DAY
    )
    case = _open_cases_on(rng, journeys, cases.kept, completed, months, audit_month)
    ok = case >= 0
    case, completed = case[ok], completed[ok]
    n = case.shape[0]
    worker, _ = workforce.holder(rng, "CSW", completed)
    grade_index = rng.choice(4, n, p=np.asarray(p.audit_grade_weights) / sum(p.audit_grade_weights))
    moved = np.clip(grade_index + rng.choice([-1, 1], n), 0, 3)
    audits = Rows(
        "ext_case_audit",
        {
            "audt_id": Ids(f"AU{code}-", np.arange(n), 7),
            "audt_person_id": Ids(f"SYN-P-{code}-", journeys["person"][case]),
            "audt_type": pick(
                rng, ("SINGLE_AGENCY", "MULTI_AGENCY", "THEMATIC", "DEEP_DIVE"), (6, 2, 1, 1), n
            ),
            "audt_completed_date": completed,
            "audt_team_id": Ids(f"T{code}-", np.full(n, TEAM_INDEX["CSW"]), 3),
            "audt_worker_id": Ids(f"SYN-W-{code}-", worker, 5),
            "audt_grade": np.asarray(GRADES)[grade_index],
            "audt_moderated_grade": np.asarray(GRADES)[np.where(unit(rng, n) < 0.85, grade_index, moved)],
        },
        record_dates(rng, completed, p.recording_lags.get("ext_case_audit", DEFAULT_LAG)),
    )

    # Referrals into the complex safeguarding team: teenagers open to children's social care.
    t_counts = rng.poisson(10.0 * ctx.scale, months.shape[0])
    t_month = np.repeat(months, t_counts)
    referred = uniform_dates(
        rng, t_month.astype("datetime64[D]"), (t_month + 1).astype("datetime64[D]") - DAY
    )
    t_case = _open_cases_on(rng, journeys, cases.kept, referred, months, t_month)
    ok = t_case >= 0
    t_case, referred = t_case[ok], referred[ok]
    m = t_case.shape[0]
    decided = referred + days(rng.integers(1, 15, m))
    accepted = unit(rng, m) < 0.42
    opened = np.where(accepted, decided, NAT)
    closed = np.where(accepted, opened + days(rng.exponential(4 * MONTH_DAYS, m) + 14), NAT)
    team_referrals = Rows(
        "ext_team_referral",
        {
            "tref_id": Ids(f"TR{code}-", np.arange(m), 7),
            "tref_person_id": Ids(f"SYN-P-{code}-", journeys["person"][t_case]),
            "tref_team_id": Ids(f"T{code}-", np.full(m, TEAM_INDEX["COMPLEX_SAFEGUARDING"]), 3),
            "tref_referral_date": referred,
            "tref_decision_date": decided,
            "tref_decision": np.where(accepted, "ACCEPTED", "NFA"),
            "tref_open_date": opened,
            "tref_close_date": closed,
        },
        record_dates(rng, referred, DEFAULT_LAG),
    )
    team_referrals.ends["tref_decision_date"] = (record_dates(rng, decided, DEFAULT_LAG), ("tref_decision",))
    team_referrals.ends["tref_close_date"] = (record_dates(rng, closed, DEFAULT_LAG), ())
    team_referrals.ends["tref_open_date"] = (team_referrals.ends["tref_decision_date"][0], ())
    return [audits, team_referrals, _education(ctx, rng, journeys, cases, people)], worker


def _education(
    ctx: Context, rng: np.random.Generator, journeys: Journeys, cases: Cases, people: People
) -> Rows:
    """Children missing education and electively home educated: spells whose stock matches the profile."""
    code, p = ctx.council.code, ctx.profile
    months = ctx.timeline.months[
        ctx.timeline.months >= ctx.timeline.window_start.astype("datetime64[M]") - 36
    ]
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for label, stock, mean_months in (("CME", p.cme_open, 5.0), ("EHE", p.ehe_open, 20.0)):
        counts = rng.poisson(stock * ctx.scale / mean_months, months.shape[0])
        month = np.repeat(months, counts)
        start = uniform_dates(rng, month.astype("datetime64[D]"), (month + 1).astype("datetime64[D]") - DAY)
        end = start + days(rng.exponential(mean_months * MONTH_DAYS, start.shape[0]) + 7)
        parts.append((np.full(start.shape[0], label), start, end))
    status = np.concatenate([s for s, _, _ in parts])
    start = np.concatenate([s for _, s, _ in parts])
    end = np.concatenate([e for _, _, e in parts])
    keep = (end >= ctx.timeline.window_start) & (start <= ctx.timeline.extract_date)
    status, start, end = status[keep], start[keep], end[keep]
    n = status.shape[0]
    # A few are children known to children's social care (aged 5-15 when the spell starts).
    candidate = journeys["person"][cases.kept][rng.integers(0, max(int(cases.kept.sum()), 1), n)]
    age = (start - people.dob[candidate]).astype(np.int64) / 365.25
    known = (unit(rng, n) < 0.04) & (age >= 5) & (age < 16)
    person = np.where(known, candidate, -1)
    rows = Rows(
        "ext_education_status",
        {
            "edus_id": Ids(f"ED{code}-", np.arange(n), 7),
            "edus_person_id": Ids(f"SYN-P-{code}-", person),
            "edus_upn": np.char.add(f"SYNUPN{code}E", padded(np.arange(n), 6)),
            "edus_status": status,
            "edus_start_date": start,
            "edus_end_date": end,
        },
        record_dates(rng, start, DEFAULT_LAG),
    )
    rows.ends["edus_end_date"] = (record_dates(rng, end, DEFAULT_LAG), ())
    return rows


def reference_tables(
    ctx: Context, populations: dict[int, int], closure_days: Dates, neighbour: tuple[str, str]
) -> list[Rows]:
    code = ctx.council.code
    years = np.array(sorted(populations), dtype=np.int64)
    long_ago = ctx.timeline.sim_start - 3650 * DAY
    population = Rows(
        "ref_population",
        {
            "la_code": np.full(years.shape[0], code),
            "year": years,
            "population": np.array([populations[y] for y in years.tolist()], dtype=np.int64),
            "source": np.full(years.shape[0], "ONS mid-year estimate, children aged 0-17"),
        },
        np.full(years.shape[0], long_ago),
    )
    calendar = Rows(
        "ref_working_calendar",
        {
            "date": closure_days,
            "is_working_day": np.zeros(closure_days.shape[0], dtype=np.bool_),
            "reason": np.full(closure_days.shape[0], "Council Christmas closure"),
        },
        np.full(closure_days.shape[0], long_ago),
    )
    number = np.arange(100)
    postcodes = Rows(
        "ref_postcode_la",
        {
            "postcode": np.char.add(f"ZZ{code}", padded(number, 2)),
            "la_code": np.where(number < 60, code, neighbour[0]),
            "la_name": np.where(number < 60, ctx.council.name, neighbour[1]),
        },
        np.full(100, long_ago),
    )
    return [population, calendar, postcodes]
