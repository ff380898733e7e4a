"""Referrals and each child's journey through children's social care, stage by stage.

Months are processed in order (a loop over months, never over children): each month's referrals are
given a child — one referred in the last 12 months (a re-referral), one known from longer ago, a sibling
of a known child, or a new child — and then every stage of their journeys is drawn for the whole month
at once: assessment → strategy discussion → section 47 → initial conference → child protection plan →
care, a child in need plan or other support → closure. The closure date of each journey is what makes a
child available for re-referral in later months.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from csc_scorecard.synth.context import Context
from csc_scorecard.synth.front_door import Contacts
from csc_scorecard.synth.timeline import (
    DAY,
    NAT,
    Bools,
    Dates,
    Floats,
    Ints,
    add_years,
    days,
    unit,
)

MONTH_DAYS = 30.44
# Journey outcomes of care, as SSDA903 reasons episode ceased, by path.
EXIT_AGED_OUT = ("E17", "E5", "E6", "E8")
EXIT_AGED_OUT_WEIGHTS = (0.30, 0.45, 0.15, 0.10)
EXIT_YOUNG_LONG = ("E11", "E12", "E45", "E47", "E48", "E4A", "E41")
EXIT_YOUNG_LONG_WEIGHTS = (0.30, 0.12, 0.08, 0.14, 0.04, 0.27, 0.05)
EXIT_OTHER = ("E4A", "E4B", "E13", "E41", "E45", "E47", "E8", "E3", "E16", "E15", "E9", "E14", "E7", "E2")
EXIT_OTHER_WEIGHTS = (0.55, 0.08, 0.06, 0.05, 0.04, 0.08, 0.06, 0.03, 0.005, 0.01, 0.01, 0.02, 0.004, 0.001)


@dataclass
class People:
    """Every child the generator has created: referred, contacted, or a dormant sibling not yet known."""

    dob: Dates
    family: Ints
    last_close: Dates  # when the child's latest referral closed (NaT: never referred)
    last_referral: Dates
    used: Bools
    count: int = 0
    families: int = 0

    @classmethod
    def empty(cls, capacity: int) -> People:
        return cls(
            np.full(capacity, NAT),
            np.full(capacity, -1, dtype=np.int64),
            np.full(capacity, NAT),
            np.full(capacity, NAT),
            np.zeros(capacity, dtype=np.bool_),
        )

    def add(self, dobs: Dates, family: Ints) -> Ints:
        n = dobs.shape[0]
        if self.count + n > self.dob.shape[0]:
            grow = max(self.dob.shape[0], n)
            self.dob = np.concatenate([self.dob, np.full(grow, NAT)])
            self.family = np.concatenate([self.family, np.full(grow, -1, dtype=np.int64)])
            self.last_close = np.concatenate([self.last_close, np.full(grow, NAT)])
            self.last_referral = np.concatenate([self.last_referral, np.full(grow, NAT)])
            self.used = np.concatenate([self.used, np.zeros(grow, dtype=np.bool_)])
        index = np.arange(self.count, self.count + n)
        self.dob[index], self.family[index] = dobs, family
        self.count += n
        return index

    def new_families(self, rng: np.random.Generator, dobs: Dates, sibling_mean: float) -> Ints:
        """New children, each with a new family and some dormant siblings (born 1-4 years apart)."""
        family = self.families + np.arange(dobs.shape[0])
        self.families += dobs.shape[0]
        children = self.add(dobs, family)
        siblings = rng.poisson(sibling_mean * 2, dobs.shape[0])
        owner = np.repeat(np.arange(dobs.shape[0]), siblings)
        gap = rng.integers(365, 4 * 365, owner.shape[0]) * np.where(unit(rng, owner.shape[0]) < 0.5, -1, 1)
        sibling_dob = dobs[owner] + gap.astype("timedelta64[D]")
        self.add(sibling_dob, family[owner])
        return children


@dataclass
class Journeys:
    """One entry per referral (NaT / False where the stage did not happen)."""

    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    def __len__(self) -> int:
        return int(self.arrays["referral"].shape[0])


def generate_journeys(ctx: Context, contacts: Contacts) -> tuple[Journeys, People]:
    rng = ctx.rng("journeys")
    profile, timeline = ctx.profile, ctx.timeline
    referral_rows = np.flatnonzero(contacts.is_referral)
    referral_rows = referral_rows[np.argsort(contacts.completed[referral_rows], kind="stable")]
    ref_month = contacts.completed[referral_rows].astype("datetime64[M]")
    month_bounds = np.searchsorted(ref_month, timeline.months, side="left")
    month_bounds = np.append(month_bounds, referral_rows.shape[0])
    people = People.empty(int(referral_rows.shape[0] * 2 + 1000))
    age_p = np.asarray(profile.referral_age_weights, dtype=np.float64)
    age_p /= age_p.sum()
    parts: list[dict[str, np.ndarray]] = []
    for m, first_day in enumerate(timeline.months.astype("datetime64[D]")):
        rows = referral_rows[month_bounds[m] : month_bounds[m + 1]]
        if rows.shape[0] == 0:
            continue
        dates = contacts.completed[rows].astype("datetime64[D]")
        # Births are placed before the contact was received (the referral follows its screening).
        received = contacts.received[rows].astype("datetime64[D]")
        person = _choose_children(
            rng,
            people,
            first_day,
            received,
            profile.re_referral_share,
            profile.known_child_share,
            age_p,
            profile.sibling_group_mean,
        )
        journey = _draw(ctx, rng, dates, people.dob[person], m)
        journey["person"] = person
        journey["contact"] = rows
        people.last_close[person] = journey["close"]
        people.last_referral[person] = dates
        people.used[person] = True
        parts.append(journey)
    merged = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    contacts.person[merged["contact"]] = merged["person"]
    return Journeys(merged), people


def _choose_children(
    rng: np.random.Generator,
    people: People,
    first_day: np.datetime64,
    dates: Dates,
    re_share: float,
    known_share: float,
    age_p: Floats,
    sibling_mean: float,
) -> Ints:
    n = dates.shape[0]
    live = slice(0, people.count)
    age_ok = people.dob[live] > first_day - 17 * 365 * DAY
    closed = ~np.isnat(people.last_close[live]) & (people.last_close[live] < first_day)
    # A re-referral is a referral within 12 months of the child's previous *referral* (not its closure).
    recent = closed & (people.last_referral[live] >= first_day - 335 * DAY) & age_ok
    older = closed & (people.last_referral[live] < first_day - 365 * DAY) & age_ok
    dormant = ~people.used[live] & (people.dob[live] < first_day) & age_ok
    wanted_re = min(int(rng.binomial(n, re_share)), int(recent.sum()))
    wanted_known = min(int(rng.binomial(n - wanted_re, known_share)), int(older.sum()))
    wanted_sibling = min(int(rng.binomial(n - wanted_re - wanted_known, 0.25)), int(dormant.sum()))
    chosen = np.concatenate(
        [
            rng.choice(np.flatnonzero(recent), wanted_re, replace=False),
            rng.choice(np.flatnonzero(older), wanted_known, replace=False),
            rng.choice(np.flatnonzero(dormant), wanted_sibling, replace=False),
        ]
    ).astype(np.int64)
    n_new = n - chosen.shape[0]
    ages = rng.choice(age_p.shape[0], n_new, p=age_p)
    new_dates = dates[rng.permutation(n)[:n_new]]
    dobs = new_dates - days(ages * 365.25 + unit(rng, n_new) * 364 + 1)
    new = people.new_families(rng, dobs, sibling_mean)
    person = np.concatenate([chosen, new])
    # Returning children go to random referrals of the month; the new children's ages were drawn for
    # particular referral dates, so dates are re-paired to keep every birth before its referral.
    order = rng.permutation(n)
    person = person[order]
    bad = people.dob[person] >= dates
    if bad.any():
        person[bad] = people.new_families(
            rng, dates[bad] - days(unit(rng, int(bad.sum())) * 3000 + 1), sibling_mean
        )
    return person


def _draw(
    ctx: Context, rng: np.random.Generator, referral: Dates, dob: Dates, m: int
) -> dict[str, np.ndarray]:
    """Every stage of the month's journeys, drawn together."""
    p, wd = ctx.profile, ctx.working_days
    n = referral.shape[0]
    months_count = ctx.timeline.months.shape[0]
    age_years = (referral - dob).astype(np.int64) / 365.25
    eighteenth = add_years(dob, 18)

    assessed = unit(rng, n) < p.assessment_share
    asmt_start = np.where(assessed, wd.add(referral, rng.integers(0, 3, n)), NAT)
    # Timeliness is set by the month the assessment is likely to be finished in (a month after referral).
    on_time = unit(rng, n) < ctx.share("assessment_within_45wd_share")[min(m + 1, months_count - 1)]
    duration = np.where(on_time, np.clip(rng.gamma(3.0, 8.0, n), 3, 45), 46 + rng.gamma(2.0, 10.0, n))
    asmt_auth = np.where(assessed, wd.add(asmt_start, duration.astype(np.int64)), NAT)
    asmt_nfa = assessed & (unit(rng, n) < p.assessment_nfa_share)

    strategy = unit(rng, n) < ctx.share("strategy_share")[m]
    strategy_date = np.where(strategy, referral + days(rng.exponential(3.0, n)), NAT)
    u = unit(rng, n)
    strategy_outcome = np.select(
        [u < p.strategy_s47_share, u < p.strategy_s47_share + p.strategy_nfa_share, u < 0.985],
        ["S47", "NFA", "CIN_ASSESSMENT"],
        "OTHER",
    )
    strategy_outcome = np.where(strategy, strategy_outcome, "")
    s47 = strategy_outcome == "S47"
    s47_start = np.where(s47, strategy_date, NAT)
    s47_end = np.where(s47, wd.add(s47_start, np.clip(rng.gamma(2.0, 6.0, n), 1, 40).astype(np.int64)), NAT)
    icpc = s47 & (unit(rng, n) < p.s47_icpc_share)
    icpc_on_time = unit(rng, n) < p.icpc_within_15wd_share
    icpc_date = np.where(
        icpc, wd.add(s47_start, np.where(icpc_on_time, rng.integers(8, 16, n), rng.integers(16, 31, n))), NAT
    )
    s47_end = np.where(icpc & (s47_end > icpc_date), icpc_date, s47_end)
    cp = icpc & (unit(rng, n) < p.icpc_plan_share)
    long_plan = unit(rng, n) < p.cp_long_plan_share
    cp_months = np.where(
        long_plan,
        rng.uniform(18, 36, n),
        rng.gamma(p.cp_plan_months_shape, p.cp_plan_months_mean / p.cp_plan_months_shape, n),
    )
    cp_start = np.where(cp, icpc_date, NAT)
    cp_end = np.where(cp, cp_start + days(np.maximum(cp_months, 0.5) * MONTH_DAYS), NAT)

    # Care: from a plan (partway through it, ending the plan), or straight after assessment.
    age_weight = np.select([age_years < 1, age_years < 5, age_years < 13], [2.5, 0.8, 0.6], 1.1)
    care_from_cp = cp & (unit(rng, n) < p.care_from_cp_share * age_weight)
    care_direct = (
        assessed & ~cp & ~asmt_nfa & (unit(rng, n) < p.care_direct_share * age_weight) & (age_years < 17.5)
    )
    care_from_cp &= age_years < 17.5
    care_start = np.select(
        [care_from_cp, care_direct],
        [
            cp_start + days((cp_end - cp_start).astype(np.int64) * rng.uniform(0.05, 0.9, n)),
            asmt_start + days(rng.integers(0, 20, n)),
        ],
        NAT,
    )
    cp_end = np.where(care_from_cp, care_start, cp_end)
    in_care = care_from_cp | care_direct
    care_months = rng.lognormal(np.log(p.care_months_median), p.care_months_sigma, n)
    planned_end = care_start + days(np.maximum(care_months, 0.1) * MONTH_DAYS)
    aged_out = in_care & (planned_end >= eighteenth)
    care_end = np.where(in_care, np.where(aged_out, eighteenth, planned_end), NAT)
    care_start = np.where(in_care & (care_start >= care_end), NAT, care_start)
    in_care &= ~np.isnat(care_start)
    care_end = np.where(in_care, care_end, NAT)
    exit_age = (care_end - dob).astype(np.int64) / 365.25
    care_length = (care_end - care_start).astype(np.int64)
    exit_reason = np.select(
        [aged_out, (exit_age < 6) & (care_length > 300)],
        [
            _choose(rng, EXIT_AGED_OUT, EXIT_AGED_OUT_WEIGHTS, n),
            _choose(rng, EXIT_YOUNG_LONG, EXIT_YOUNG_LONG_WEIGHTS, n),
        ],
        _choose(rng, EXIT_OTHER, EXIT_OTHER_WEIGHTS, n),
    )
    exit_reason = np.where(in_care, exit_reason, "")

    plan_eligible = assessed & ~asmt_nfa & ~cp & ~in_care
    cin_plan = plan_eligible & (unit(rng, n) < p.cin_plan_share)
    cin_after_cp = cp & ~in_care & (unit(rng, n) < p.cin_plan_after_cp_share)
    cin_start = np.select([cin_plan, cin_after_cp], [asmt_auth, cp_end], NAT)
    cin_end = cin_start + days(rng.gamma(2.0, p.cin_plan_months_mean / 2.0, n) * MONTH_DAYS + 28)
    support = plan_eligible & ~cin_plan & (unit(rng, n) < p.other_support_share)
    support_end = np.where(
        support, asmt_auth + days(rng.exponential(p.other_support_months_mean, n) * MONTH_DAYS), NAT
    )
    last_activity = _latest(
        [referral, asmt_auth, s47_end, cp_end, care_end, cin_end, support_end, strategy_date]
    )
    close = np.where(in_care, care_end, last_activity + days(rng.exponential(p.closure_lag_days_mean, n)))
    close = np.where(in_care | (close < eighteenth), close, np.maximum(last_activity, referral))
    close_reason = np.select(
        [
            in_care & np.isin(exit_reason, ("E11", "E12")),
            in_care & np.isin(exit_reason, ("E45", "E46", "E47", "E48")),
            in_care & (exit_reason == "E41"),
            in_care & (exit_reason == "E3"),
            asmt_nfa & ~strategy,
        ],
        ["RC1", "RC4", "RC3", "RC5", "RC8"],
        "RC7",
    )
    step_down = ~in_care & (close_reason != "RC8") & (unit(rng, n) < 0.10)
    close_reason = np.where(step_down | (asmt_nfa & ~strategy & (unit(rng, n) < 0.25)), "RC9", close_reason)
    return {
        "referral": referral,
        "close": close,
        "close_reason": close_reason,
        "referral_nfa": ~assessed & ~strategy,
        "assessed": assessed,
        "asmt_start": asmt_start,
        "asmt_auth": asmt_auth,
        "asmt_nfa": asmt_nfa,
        "strategy": strategy,
        "strategy_date": strategy_date,
        "strategy_outcome": strategy_outcome,
        "s47": s47,
        "s47_start": s47_start,
        "s47_end": s47_end,
        "icpc": icpc,
        "icpc_date": icpc_date,
        "cp": cp,
        "cp_start": cp_start,
        "cp_end": cp_end,
        "care": in_care,
        "care_start": care_start,
        "care_end": care_end,
        "care_exit": exit_reason,
        "aged_out": aged_out & in_care,
        "cin_plan": cin_plan | cin_after_cp,
        "cin_start": cin_start,
        "cin_end": np.where(cin_plan | cin_after_cp, cin_end, NAT),
        "step_down": close_reason == "RC9",
    }


def _latest(columns: list[Dates]) -> Dates:
    stacked = np.stack(columns)
    filled = np.where(np.isnat(stacked), np.datetime64("1900-01-01", "D"), stacked)
    return np.asarray(filled.max(axis=0))


def _choose(
    rng: np.random.Generator, options: tuple[str, ...], weights: tuple[float, ...], n: int
) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    return np.asarray(options)[rng.choice(len(options), n, p=w / w.sum())]
