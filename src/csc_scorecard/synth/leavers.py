"""Missing episodes with return interviews, and care leavers with their birthday contacts."""

from __future__ import annotations

import numpy as np

from csc_scorecard.synth.care import CarePeriods
from csc_scorecard.synth.cin_cp import Cases
from csc_scorecard.synth.context import Context
from csc_scorecard.synth.frame import Ids, Rows, or_null, padded, pick
from csc_scorecard.synth.journeys import MONTH_DAYS, Journeys
from csc_scorecard.synth.profiles import DEFAULT_LAG
from csc_scorecard.synth.timeline import (
    DAY,
    NAT,
    Dates,
    add_years,
    days,
    record_dates,
    repeat_ranges,
    uniform_dates,
    unit,
)

EET = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")
NEET = ("G4", "G5", "G6")
ACCOMMODATION = ("B", "D", "E", "K", "U", "Z", "C", "S")
ACCOMMODATION_WEIGHTS = (12, 25, 10, 5, 30, 10, 5, 3)


def missing_tables(
    ctx: Context, journeys: Journeys, cases: Cases, care: CarePeriods, dob_of: Dates
) -> list[Rows]:
    """Missing episodes of missing-prone teenagers while in care or open to children's social care."""
    rng = ctx.rng("missing")
    code, p = ctx.council.code, ctx.profile
    j = journeys
    window_start, limit = ctx.timeline.window_start, ctx.timeline.sim_end
    open_cases = np.flatnonzero(cases.kept & ~j["care"])
    person = np.concatenate([care.person, j["person"][open_cases]])
    first = np.concatenate([care.start, j["referral"][open_cases]])
    last = np.concatenate([care.end, j["close"][open_cases]])
    prone_share = np.concatenate(
        [
            np.full(care.person.shape[0], p.missing_prone_share_care),
            np.full(open_cases.shape[0], p.missing_prone_share_open),
        ]
    )
    recorded = np.concatenate([care.recorded, cases.recorded[open_cases]])
    dob = dob_of[person]
    first = np.maximum(np.maximum(first, add_years(dob, 11)), window_start)
    last = np.minimum(np.minimum(last, add_years(dob, 18)), limit)
    span = (last - first).astype(np.int64)
    prone = (unit(rng, person.shape[0]) < prone_share) & (span > 0)
    counts = np.where(prone, rng.poisson(p.missing_episodes_per_month * np.maximum(span, 0) / MONTH_DAYS), 0)
    owner, _ = repeat_ranges(counts)
    went = uniform_dates(rng, first[owner], last[owner] - DAY).astype("datetime64[s]") + rng.integers(
        0, 86400, owner.shape[0]
    ).astype("timedelta64[s]")
    order = np.argsort(went, kind="stable")
    owner, went = owner[order], went[order]
    back = went + (np.asarray(rng.exponential(20 * 3600, int(owner.shape[0]))) + 3600).astype(
        np.int64
    ).astype("timedelta64[s]")
    m = owner.shape[0]
    offered = unit(rng, m) < p.rhi_offered_share
    within = offered & (unit(rng, m) < p.rhi_within_72h_share / max(p.rhi_offered_share, 1e-9))
    accepted = np.where(offered, np.where(within | (unit(rng, m) < 0.3), "Y", "N"), "NA")
    ids = Ids(f"MS{code}-", np.arange(m), 8)
    row_recorded = record_dates(
        rng, went.astype("datetime64[D]"), p.recording_lags.get("ssd_missing", DEFAULT_LAG), recorded[owner]
    )
    missing = Rows(
        "ssd_missing",
        {
            "miss_table_id": ids,
            "miss_person_id": Ids(f"SYN-P-{code}-", person[owner]),
            "miss_missing_episode_start_date": went,
            "miss_missing_episode_end_date": back,
            "miss_missing_episode_type": np.where(unit(rng, m) < 0.85, "M", "A"),
            "miss_missing_rhi_offered": np.where(offered, "Y", "N"),
            "miss_missing_rhi_accepted": accepted,
        },
        row_recorded,
    )
    missing.ends["miss_missing_episode_end_date"] = (
        record_dates(rng, back.astype("datetime64[D]"), DEFAULT_LAG),
        (),
    )
    offered_at = np.where(
        offered, back + rng.integers(3600, 24 * 3600, m).astype("timedelta64[s]"), np.datetime64("NaT", "s")
    )
    completed_at = np.where(
        within,
        back + rng.integers(6 * 3600, 71 * 3600, m).astype("timedelta64[s]"),
        np.where(
            accepted == "Y",
            back + rng.integers(73 * 3600, 240 * 3600, m).astype("timedelta64[s]"),
            np.datetime64("NaT", "s"),
        ),
    )
    rhi = Rows(
        "ext_missing_rhi",
        {
            "miss_table_id": ids,
            "rhi_offered_dttm": offered_at,
            "rhi_completed_dttm": completed_at,
            "rhi_outcome": np.where(
                ~offered, "NOT_OFFERED", np.where(np.isnat(completed_at), "DECLINED", "COMPLETED")
            ),
            "rhi_provider": or_null(offered, "Synthetic Return Interview Service"),
        },
        row_recorded,
    )
    # An interview offered or held after the extract date is not on the system yet.
    rhi.ends["rhi_offered_dttm"] = (offered_at.astype("datetime64[D]"), ())
    rhi.ends["rhi_completed_dttm"] = (completed_at.astype("datetime64[D]"), ())
    return [missing, rhi]


def care_leaver_tables(ctx: Context, care: CarePeriods) -> list[Rows]:
    """Young people who left care at 16 or older after at least 13 weeks: current status and birthday contacts."""
    rng = ctx.rng("care_leavers")
    code, extract = ctx.council.code, ctx.timeline.extract_date
    exit_age = (care.end - care.dob).astype(np.int64) / 365.25
    length = (care.end - care.start).astype(np.int64)
    leaver = (
        (exit_age >= 16)
        & (length >= 91)
        & ~np.isin(care.exit_reason, ("E11", "E12", "E2", "E3"))
        & (care.end <= extract)
        & (add_years(care.dob, 21) >= ctx.timeline.window_start)
    )
    # One row per person: their latest period of care.
    idx = np.flatnonzero(leaver)
    _, last_of_person = np.unique(care.person[idx][::-1], return_index=True)
    idx = np.sort(idx[::-1][last_of_person])
    n = idx.shape[0]
    person = Ids(f"SYN-P-{code}-", care.person[idx])
    aged = (extract - care.dob[idx]).astype(np.int64) / 365.25
    latest = np.maximum(extract - days(rng.exponential(40, n)), care.end[idx])
    in_touch = pick(rng, ("YES", "NO", "REFU", "NREQ"), (0.88, 0.06, 0.03, 0.03), n)
    eet = unit(rng, n) < 0.5
    activity = np.where(eet, pick(rng, EET, (1, 1, 4, 1, 1, 1, 3, 2), n), pick(rng, NEET, (2, 6, 2), n))
    current = Rows(
        "ssd_care_leavers",
        {
            "clea_table_id": Ids(f"CL{code}-", care.referral[idx], 8),
            "clea_person_id": person,
            "clea_care_leaver_eligibility": np.where(aged >= 18, "FORMER_RELEVANT", "RELEVANT"),
            "clea_care_leaver_in_touch": in_touch,
            "clea_care_leaver_latest_contact": latest,
            "clea_care_leaver_accommodation": pick(rng, ACCOMMODATION, ACCOMMODATION_WEIGHTS, n),
            "clea_care_leaver_accom_suitable": np.where(unit(rng, n) < 0.88, "1", "2"),
            "clea_care_leaver_activity": activity,
            "clea_pathway_plan_review_date": np.where(
                unit(rng, n) < 0.88, latest - days(rng.integers(0, 150, n)), NAT
            ),
            "clea_care_leaver_personal_advisor": np.char.add(
                "Synthetic Adviser ", padded(care.referral[idx] % 40, 2)
            ),
            "clea_care_leaver_allocated_team": Ids(f"T{code}-", np.full(n, 7), 3),
            "clea_care_leaver_worker_id": Ids(f"SYN-W-{code}-", np.full(n, -1), 5),
        },
        np.maximum(care.recorded[idx], latest),
    )
    # Birthday contacts for the 17th to 21st birthdays (the 17th only for those in care at 16).
    owner, position = repeat_ranges(np.full(n, 5))
    age = 17 + position
    birthday = add_years(care.dob[idx][owner], age)
    keep = (
        (birthday <= extract - 30 * DAY)
        & (birthday >= ctx.timeline.window_start)
        & ((age > 17) | (care.end[idx][owner] > birthday - 365 * DAY))
    )
    owner, age, birthday = owner[keep], age[keep], birthday[keep]
    m = owner.shape[0]
    contact = np.minimum(birthday + days(rng.integers(0, 60, m)) - 30 * DAY, extract)
    touch = pick(rng, ("YES", "NO", "REFU"), (0.85, 0.1, 0.05), m)
    eet_b = unit(rng, m) < 0.5
    birthdays = Rows(
        "ext_care_leaver_contact",
        {
            "clbc_id": Ids(f"BC{code}-", np.arange(m), 8),
            "clbc_person_id": person.take(owner),
            "clbc_birthday_age": age,
            "clbc_birthday_date": birthday,
            "clbc_contact_date": np.where(touch == "YES", contact, NAT),
            "clbc_in_touch": touch,
            "clbc_activity": np.where(
                eet_b, pick(rng, EET, (1, 1, 4, 1, 1, 1, 3, 2), m), pick(rng, NEET, (2, 6, 2), m)
            ),
            "clbc_accommodation": pick(rng, ACCOMMODATION, ACCOMMODATION_WEIGHTS, m),
            "clbc_accom_suitable": np.where(unit(rng, m) < 0.86, "1", "2"),
        },
        record_dates(
            rng,
            birthday,
            ctx.profile.recording_lags.get("ext_care_leaver_contact", DEFAULT_LAG),
            care.recorded[idx][owner],
        ),
    )
    return [current, birthdays]
