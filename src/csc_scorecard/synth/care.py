"""Children in care: periods of care split into SSDA903 episodes by placement and legal-status changes,
with reviews, visits, health and dental checks, permanence, personal education plans and UASC status."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csc_scorecard.schema import CODE_LISTS
from csc_scorecard.synth.cin_cp import Cases, _grid
from csc_scorecard.synth.context import Context
from csc_scorecard.synth.frame import Ids, Rows, or_null, padded, pick
from csc_scorecard.synth.journeys import Journeys
from csc_scorecard.synth.profiles import DEFAULT_LAG
from csc_scorecard.synth.timeline import (
    DAY,
    NAT,
    Dates,
    Ints,
    add_months,
    add_years,
    days,
    record_dates,
    repeat_ranges,
    unit,
)

# A placement code no longer valid on a placement's start date becomes its successor (SSDA903 §5.3).
PLACEMENT_SUCCESSORS = (("P2", "H5"), ("H5", "K3"), ("Z1", "Z11"))
CHANGE_REASONS = ("CARPL", "CREQB", "CREQO", "CHILD", "STAND", "CLOSE", "LAREQ", "ALLEG", "OTHER")
CHANGE_REASON_WEIGHTS = (40, 15, 10, 8, 5, 5, 8, 3, 6)
RNE_BY_CHANGE = np.array(["S", "P", "L", "B"])  # bit 1 = placement changed, bit 2 = legal status changed


@dataclass
class CarePeriods:
    """Periods of care written (one per referral that led to care), for the tables that follow."""

    referral: Ints
    person: Ints
    start: Dates
    end: Dates
    dob: Dates
    exit_reason: np.ndarray
    recorded: Dates
    placement_owner: Ints  # period of each placement
    placement_start: Dates
    placement_type: np.ndarray


def care_tables(
    ctx: Context, journeys: Journeys, cases: Cases, dob_of: Dates
) -> tuple[list[Rows], CarePeriods]:
    rng = ctx.rng("care")
    code, p = ctx.council.code, ctx.profile
    j = journeys
    periods = np.flatnonzero(j["care"] & cases.kept)
    start, end = j["care_start"][periods], j["care_end"][periods]
    dob = dob_of[j["person"][periods]]
    exit_reason = j["care_exit"][periods]
    n = periods.shape[0]
    recorded = record_dates(rng, start, DEFAULT_LAG, cases.recorded[periods])
    end_recorded = record_dates(rng, end, DEFAULT_LAG)
    length = (end - start).astype(np.int64)

    # Placements: the first at entry, then changes at random times through the period.
    changes = np.minimum(rng.poisson(p.placement_changes_per_year * length / 365.25), 12)
    adopted = np.isin(exit_reason, ("E11", "E12"))
    changes = np.where(adopted & (changes == 0) & (length > 120), 1, changes)
    owner, position = repeat_ranges(changes + 1)
    fraction = np.where(position == 0, 0.0, unit(rng, owner.shape[0]))
    p_start = start[owner] + days(fraction * length[owner])
    order = np.lexsort((p_start, owner))
    owner, p_start = owner[order], p_start[order]
    last = np.r_[owner[1:] != owner[:-1], True]
    first = np.r_[True, owner[1:] != owner[:-1]]
    p_end = np.where(last, end[owner], np.r_[p_start[1:], NAT])
    age = (p_start - dob[owner]).astype(np.int64) / 365.25
    mix = p.placement_mix
    ptype = pick(rng, tuple(mix), tuple(mix.values()), owner.shape[0])
    u = unit(rng, owner.shape[0])
    ptype = np.where((age >= 16) & (u < 0.45), np.where(u < 0.3, "H5", "P2"), ptype)
    ptype = np.where((age < 12) & np.isin(ptype, ("H5", "P2", "K1", "R5")), "U6", ptype)
    ptype = np.where((age >= 12) & (ptype == "A6"), "U4", ptype)
    ptype = np.where(last & adopted[owner], "A6", ptype)
    ptype = _valid_on(ptype, p_start)
    placement_id = Ids(f"PL{code}-", np.arange(owner.shape[0]), 8)
    provider = np.select(
        [np.char.startswith(ptype, "U"), ptype == "P1", np.char.startswith(ptype, "A")],
        [np.where(unit(rng, owner.shape[0]) < 0.6, "PR1", "PR4"), "PR0", "PR1"],
        "PR4",
    )
    in_area = unit(rng, owner.shape[0]) < 0.6
    postcode_number = np.where(
        in_area, rng.integers(0, 60, owner.shape[0]), rng.integers(60, 100, owner.shape[0])
    )
    postcode = np.char.add(f"ZZ{code}", padded(postcode_number, 2))
    period_ids = Ids(f"CLA{code}-", periods, 8)
    person = Ids(f"SYN-P-{code}-", j["person"][periods])
    tables: list[Rows] = []
    placements = Rows(
        "ssd_cla_placement",
        {
            "clap_cla_placement_id": placement_id,
            "clap_cla_id": period_ids.take(owner),
            "clap_person_id": person.take(owner),
            "clap_cla_placement_start_date": p_start,
            "clap_cla_placement_end_date": p_end,
            "clap_cla_placement_type": ptype,
            "clap_cla_placement_urn": or_null(
                np.isin(ptype, ("K1", "K2", "R1")), np.char.add("SC", padded(owner, 6))
            ),
            "clap_cla_placement_distance": np.round(rng.gamma(1.2, 8.0, owner.shape[0]), 1),
            "clap_cla_placement_provider": provider,
            "clap_cla_placement_postcode": postcode,
            "clap_cla_placement_change_reason": or_null(
                ~first, pick(rng, CHANGE_REASONS, CHANGE_REASON_WEIGHTS, owner.shape[0])
            ),
            "clap_cla_placement_la": or_null(in_area, code),
        },
        np.maximum(recorded[owner], record_dates(rng, p_start, DEFAULT_LAG)),
    )
    placements.ends["clap_cla_placement_end_date"] = (
        np.where(last, end_recorded[owner], record_dates(rng, p_end, DEFAULT_LAG)),
        (),
    )
    tables.append(placements)
    tables.append(
        Rows(
            "ext_placement_flag",
            {
                "clap_cla_placement_id": placement_id,
                "is_s38_6_assessment": ptype == "R3",
                "is_unregistered_setting": (ptype == "Z1") & (u < 0.3),
                "is_permanent_placement": np.isin(ptype, ("U1", "U4")),
                "is_in_house": provider == "PR1",
            },
            placements.recorded,
        )
    )

    # Legal status: an interim order then a full order, or section 20 throughout; a placement order before
    # adoption.
    order_path = (unit(rng, n) < 0.6) | adopted
    full_from = np.where(order_path & (length > 120), start + days(rng.uniform(90, 270, n)), NAT)
    full_from = np.where(full_from < end, full_from, NAT)
    placement_order = np.where(
        adopted & (length > 400), np.maximum(end - days(rng.uniform(200, 380, n)), start + 100 * DAY), NAT
    )
    placement_order = np.where(
        ~np.isnat(full_from) & (placement_order <= full_from), full_from + 30 * DAY, placement_order
    )
    placement_order = np.where(placement_order < end, placement_order, NAT)
    first_status = np.where(order_path, "C1", np.where(unit(rng, n) < 0.03, "J1", "V2"))
    spell_owner = np.concatenate(
        [np.arange(n), np.flatnonzero(~np.isnat(full_from)), np.flatnonzero(~np.isnat(placement_order))]
    )
    spell_start = np.concatenate(
        [start, full_from[~np.isnat(full_from)], placement_order[~np.isnat(placement_order)]]
    )
    spell_status = np.concatenate(
        [
            first_status,
            np.full(int((~np.isnat(full_from)).sum()), "C2"),
            np.full(int((~np.isnat(placement_order)).sum()), "E1"),
        ]
    )
    order = np.lexsort((spell_start, spell_owner))
    spell_owner, spell_start, spell_status = spell_owner[order], spell_start[order], spell_status[order]
    spell_last = np.r_[spell_owner[1:] != spell_owner[:-1], True]
    spell_end = np.where(spell_last, end[spell_owner], np.r_[spell_start[1:], NAT])
    legal = Rows(
        "ssd_legal_status",
        {
            "lega_legal_status_id": Ids(f"LS{code}-", np.arange(spell_owner.shape[0]), 8),
            "lega_person_id": person.take(spell_owner),
            "lega_legal_status": spell_status,
            "lega_legal_status_start_date": spell_start,
            "lega_legal_status_end_date": spell_end,
        },
        np.maximum(recorded[spell_owner], record_dates(rng, spell_start, DEFAULT_LAG)),
    )
    legal.ends["lega_legal_status_end_date"] = (
        np.where(spell_last, end_recorded[spell_owner], record_dates(rng, spell_end, DEFAULT_LAG)),
        (),
    )
    tables.append(legal)

    # Episodes: a new one whenever the placement or the legal status changes (RNE P, L or B).
    e_owner = np.concatenate([owner, spell_owner])
    e_start = np.concatenate([p_start, spell_start])
    e_bits = np.concatenate(
        [np.where(first, 0, 1), np.where(np.r_[True, spell_owner[1:] != spell_owner[:-1]], 0, 2)]
    )
    day_key = e_owner * 100_000 + (e_start - start[e_owner]).astype(np.int64)
    unique_key, group = np.unique(day_key, return_inverse=True)
    bits = np.zeros(unique_key.shape[0], dtype=np.int64)
    np.bitwise_or.at(bits, group, e_bits)
    ep_owner = unique_key // 100_000
    ep_start = start[ep_owner] + (unique_key % 100_000).astype("timedelta64[D]")
    ep_last = np.r_[ep_owner[1:] != ep_owner[:-1], True]
    ep_end = np.where(ep_last, end[ep_owner], np.r_[ep_start[1:], NAT])
    ep_placement = (
        np.searchsorted(owner * 100_000 + (p_start - start[owner]).astype(np.int64), unique_key, side="right")
        - 1
    )
    episodes = Rows(
        "ssd_cla_episodes",
        {
            "clae_cla_episode_id": Ids(f"EP{code}-", np.arange(ep_owner.shape[0]), 8),
            "clae_person_id": person.take(ep_owner),
            "clae_cla_placement_id": placement_id.take(ep_placement),
            "clae_cla_episode_start_date": ep_start,
            "clae_cla_episode_start_reason": RNE_BY_CHANGE[bits],
            "clae_cla_primary_need_code": cases.primary_need[periods][ep_owner],
            "clae_cla_episode_ceased_date": ep_end,
            "clae_cla_episode_ceased_reason": np.where(ep_last, exit_reason[ep_owner], "X1"),
            "clae_cla_id": period_ids.take(ep_owner),
            "clae_referral_id": Ids(f"R{code}-", periods[ep_owner], 8),
            "clae_cla_last_iro_contact_date": np.full(ep_owner.shape[0], NAT),
            "clae_entered_care_date": start[ep_owner],
        },
        np.maximum(
            np.maximum(recorded[ep_owner], placements.recorded[ep_placement]),
            record_dates(rng, ep_start, DEFAULT_LAG),
        ),
    )
    episodes.ends["clae_cla_episode_ceased_date"] = (
        np.where(ep_last, end_recorded[ep_owner], record_dates(rng, ep_end, DEFAULT_LAG)),
        ("clae_cla_episode_ceased_reason",),
    )
    tables.append(episodes)
    care = CarePeriods(
        periods, j["person"][periods], start, end, dob, exit_reason, recorded, owner, p_start, ptype
    )
    tables += _reviews_and_visits(ctx, rng, care, placements.recorded, p_end)
    tables += _health(ctx, rng, care)
    tables += _permanence_pep_uasc(ctx, rng, care, placement_order)
    tables += _short_breaks(ctx, journeys, cases)
    return tables, care


SHORT_BREAK_IDS = 40_000_000  # short-break rows are numbered after every other episode and placement


def _short_breaks(ctx: Context, j: Journeys, cases: Cases) -> list[Rows]:
    """Disabled children with a short break of two or three nights about once a month: each break is a
    period of care under legal status V3, which the count of children looked after leaves out."""
    rng = ctx.rng("short_breaks")
    code = ctx.council.code
    child = np.flatnonzero(
        cases.kept
        & (cases.primary_need == "N2")
        & ~j["care"]
        & (unit(rng, len(j)) < ctx.profile.short_break_share)
    )
    first = j["referral"][child] + 30 * DAY
    owner, start = _grid(
        first, j["close"][child], 0, 31, ctx.timeline.sim_end, rng, 5, since=ctx.timeline.window_start
    )
    end = start + days(rng.integers(2, 4, owner.shape[0]))
    keep = end < j["close"][child][owner]
    owner, start, end = owner[keep], start[keep], end[keep]
    n = owner.shape[0]
    number = SHORT_BREAK_IDS + np.arange(n)
    person = Ids(f"SYN-P-{code}-", j["person"][child][owner])
    recorded = record_dates(rng, start, DEFAULT_LAG, cases.recorded[child][owner])
    end_recorded = record_dates(rng, end, DEFAULT_LAG, recorded)
    ptype = np.where(unit(rng, n) < 0.6, "K2", "U6")
    placement_id = Ids(f"PL{code}-", number, 8)
    placements = Rows(
        "ssd_cla_placement",
        {
            "clap_cla_placement_id": placement_id,
            "clap_cla_id": Ids(f"CLA{code}-", number, 8),
            "clap_person_id": person,
            "clap_cla_placement_start_date": start,
            "clap_cla_placement_end_date": end,
            "clap_cla_placement_type": ptype,
            "clap_cla_placement_urn": or_null(ptype == "K2", np.char.add("SC", padded(owner % 20, 6))),
            "clap_cla_placement_distance": np.round(np.asarray(rng.gamma(1.2, 4.0, n)), 1),
            "clap_cla_placement_provider": np.full(n, "PR1"),
            "clap_cla_placement_postcode": np.full(n, f"ZZ{code}01"),
            "clap_cla_placement_change_reason": or_null(np.zeros(n, dtype=np.bool_), ""),
            "clap_cla_placement_la": np.full(n, code),
        },
        recorded,
    )
    placements.ends["clap_cla_placement_end_date"] = (end_recorded, ())
    flags = Rows(
        "ext_placement_flag",
        {
            "clap_cla_placement_id": placement_id,
            "is_s38_6_assessment": np.zeros(n, dtype=np.bool_),
            "is_unregistered_setting": np.zeros(n, dtype=np.bool_),
            "is_permanent_placement": np.zeros(n, dtype=np.bool_),
            "is_in_house": np.ones(n, dtype=np.bool_),
        },
        recorded,
    )
    legal = Rows(
        "ssd_legal_status",
        {
            "lega_legal_status_id": Ids(f"LS{code}-", number, 8),
            "lega_person_id": person,
            "lega_legal_status": np.full(n, "V3"),
            "lega_legal_status_start_date": start,
            "lega_legal_status_end_date": end,
        },
        recorded,
    )
    legal.ends["lega_legal_status_end_date"] = (end_recorded, ())
    episodes = Rows(
        "ssd_cla_episodes",
        {
            "clae_cla_episode_id": Ids(f"EP{code}-", number, 8),
            "clae_person_id": person,
            "clae_cla_placement_id": placement_id,
            "clae_cla_episode_start_date": start,
            "clae_cla_episode_start_reason": np.full(n, "S"),
            "clae_cla_primary_need_code": np.full(n, "N2"),
            "clae_cla_episode_ceased_date": end,
            "clae_cla_episode_ceased_reason": np.full(n, "E8"),
            "clae_cla_id": Ids(f"CLA{code}-", number, 8),
            "clae_referral_id": Ids(f"R{code}-", child[owner], 8),
            "clae_cla_last_iro_contact_date": np.full(n, NAT),
            "clae_entered_care_date": start,
        },
        recorded,
    )
    episodes.ends["clae_cla_episode_ceased_date"] = (end_recorded, ("clae_cla_episode_ceased_reason",))
    return [placements, flags, legal, episodes]


def _valid_on(codes: np.ndarray, starts: Dates) -> np.ndarray:
    """Replace placement codes not valid on the placement's start date by their successors."""
    codes = codes.astype(object)
    for old, new in PLACEMENT_SUCCESSORS:
        item = CODE_LISTS["placement_type"].get(old)
        if item is None or item.valid_to is None:
            continue
        replace = (codes == old) & (starts > np.datetime64(item.valid_to, "D"))
        codes[replace] = new
    return codes.astype(str)


def _reviews_and_visits(
    ctx: Context, rng: np.random.Generator, care: CarePeriods, placement_recorded: Dates, placement_end: Dates
) -> list[Rows]:
    code, lags, wd = ctx.council.code, ctx.profile.recording_lags, ctx.working_days
    limit = ctx.timeline.sim_end + DAY
    window_start = ctx.timeline.window_start
    first_due = wd.add(care.start, 20)
    second_due = add_months(first_due, 3)
    span = np.where(np.isnat(care.end), 0, (np.minimum(care.end, limit) - second_due).astype(np.int64))
    counts = np.where(first_due < care.end, 1, 0) + np.where(span > 0, span // 182 + 1, 0)
    owner, position = repeat_ranges(counts)
    due = np.where(
        position == 0, first_due[owner], add_months(second_due[owner], 6 * np.maximum(position - 1, 0))
    )
    on_time = unit(rng, owner.shape[0]) < 0.88
    held = np.where(
        on_time,
        due - days(rng.integers(0, 10, owner.shape[0])),
        due + days(rng.integers(1, 40, owner.shape[0])),
    )
    held = np.maximum(held, care.start[owner])
    keep = (held < care.end[owner]) & (due >= window_start - 200 * DAY)
    owner, due, held = owner[keep], due[keep], held[keep]
    reviews = Rows(
        "ssd_cla_reviews",
        {
            "clar_cla_review_id": Ids(f"LR{code}-", np.arange(owner.shape[0]), 8),
            "clar_cla_id": Ids(f"CLA{code}-", care.referral[owner], 8),
            "clar_cla_person_id": Ids(f"SYN-P-{code}-", care.person[owner]),
            "clar_cla_review_due_date": due,
            "clar_cla_review_date": held,
            "clar_cla_review_cancelled": unit(rng, owner.shape[0]) < 0.01,
            "clar_cla_review_participation": pick(
                rng, ("PN0", "PN1", "PN2", "PN4", "PN5", "PN7"), (4, 4, 1, 1, 1, 1), owner.shape[0]
            ),
        },
        record_dates(rng, held, lags.get("ssd_cla_reviews", DEFAULT_LAG), care.recorded[owner]),
    )
    v_owner, when = _grid(care.placement_start, placement_end, 4, 38, limit, rng, 6, since=window_start)
    keep = (unit(rng, v_owner.shape[0]) < 0.93) & (when >= window_start)
    v_owner, when = v_owner[keep], when[keep]
    period = care.placement_owner[v_owner]
    visits = Rows(
        "ssd_cla_visits",
        {
            "clav_cla_visit_id": Ids(f"LV{code}-", np.arange(v_owner.shape[0]), 9),
            "clav_cla_id": Ids(f"CLA{code}-", care.referral[period], 8),
            "clav_person_id": Ids(f"SYN-P-{code}-", care.person[period]),
            "clav_cla_visit_date": when,
            "clav_cla_visit_seen": unit(rng, v_owner.shape[0]) < 0.96,
            "clav_cla_visit_seen_alone": unit(rng, v_owner.shape[0]) < 0.6,
        },
        record_dates(rng, when, lags.get("ssd_cla_visits", DEFAULT_LAG), placement_recorded[v_owner]),
    )
    return [reviews, visits]


def _health(ctx: Context, rng: np.random.Generator, care: CarePeriods) -> list[Rows]:
    code, p, wd = ctx.council.code, ctx.profile, ctx.working_days
    limit = ctx.timeline.sim_end + DAY
    n = care.start.shape[0]
    iha_on_time = unit(rng, n) < p.iha_within_20wd_share
    iha = wd.add(care.start, np.where(iha_on_time, rng.integers(8, 21, n), rng.integers(21, 70, n)))
    iha_owner = np.flatnonzero(iha < care.end)
    since = ctx.timeline.window_start
    rha_owner, rha = _grid(care.start, care.end, 330, 360, limit, rng, 20, since=since)
    dental_owner, dental = _grid(care.start, care.end, 120, 360, limit, rng, 60, since=since)
    dental_keep = unit(rng, dental_owner.shape[0]) < p.dental_share
    owner = np.concatenate([iha_owner, rha_owner, dental_owner[dental_keep]])
    when = np.concatenate([iha[iha_owner], rha, dental[dental_keep]])
    kind = np.concatenate(
        [
            np.full(iha_owner.shape[0], "IHA"),
            np.full(rha_owner.shape[0], "RHA"),
            np.full(int(dental_keep.sum()), "DENTAL"),
        ]
    )
    keep = when >= ctx.timeline.window_start
    owner, when, kind = owner[keep], when[keep], kind[keep]
    status = np.where(unit(rng, owner.shape[0]) < 0.95, "COMPLETED", "REFUSED")
    return [
        Rows(
            "ssd_cla_health",
            {
                "clah_health_check_id": Ids(f"HC{code}-", np.arange(owner.shape[0]), 8),
                "clah_person_id": Ids(f"SYN-P-{code}-", care.person[owner]),
                "clah_health_check_type": kind,
                "clah_health_check_date": when,
                "clah_health_check_status": status,
            },
            record_dates(
                rng, when, p.recording_lags.get("ssd_cla_health", DEFAULT_LAG), care.recorded[owner]
            ),
        )
    ]


def _permanence_pep_uasc(
    ctx: Context, rng: np.random.Generator, care: CarePeriods, placement_order: Dates
) -> list[Rows]:
    code, limit = ctx.council.code, ctx.timeline.sim_end + DAY
    person = Ids(f"SYN-P-{code}-", care.person)
    adopted = np.isin(care.exit_reason, ("E11", "E12"))
    sgo = np.isin(care.exit_reason, ("E45", "E46", "E47", "E48", "E41"))
    perm = np.flatnonzero(adopted | sgo)
    order_date = np.where(
        ~np.isnat(placement_order[perm]),
        placement_order[perm],
        np.maximum(care.end[perm] - 200 * DAY, care.start[perm] + DAY),
    )
    decision = np.maximum(order_date - days(rng.uniform(30, 120, perm.shape[0])), care.start[perm])
    last_placement = np.searchsorted(care.placement_owner, perm, side="right") - 1
    placed = np.maximum(care.placement_start[last_placement], order_date)
    is_adoption = adopted[perm]
    permanence = Rows(
        "ssd_permanence",
        {
            "perm_table_id": Ids(f"PM{code}-", perm, 8),
            "perm_person_id": person.take(perm),
            "perm_cla_id": Ids(f"CLA{code}-", care.referral[perm], 8),
            "perm_adm_decision_date": np.where(is_adoption, decision, NAT),
            "perm_placement_order_date": np.where(is_adoption, order_date, NAT),
            "perm_matched_date": np.where(is_adoption, np.minimum(placed, care.end[perm]) - 10 * DAY, NAT),
            "perm_placed_for_adoption_date": np.where(is_adoption, np.minimum(placed, care.end[perm]), NAT),
            "perm_adopted_by_carer_flag": unit(rng, perm.shape[0]) < 0.15,
            "perm_permanence_order_date": care.end[perm],
            "perm_permanence_order_type": np.where(
                is_adoption, "Adoption", np.where(care.exit_reason[perm] == "E41", "CAO", "SGO")
            ),
        },
        record_dates(rng, care.end[perm], DEFAULT_LAG, care.recorded[perm]),
    )
    permanence.ends["perm_permanence_order_date"] = (permanence.recorded, ())
    # Personal education plans, termly, for children of school age (3-15).
    owner, when = _grid(care.start, care.end, 20, 121, limit, rng, 15, since=ctx.timeline.window_start)
    age = (when - care.dob[owner]).astype(np.int64) / 365.25
    keep = (age >= 3) & (age < 16) & (when >= ctx.timeline.window_start) & (unit(rng, owner.shape[0]) < 0.97)
    owner, when = owner[keep], when[keep]
    month_of_year = when.astype("datetime64[M]").astype(np.int64) % 12 + 1
    term = np.where(month_of_year >= 9, "AUT", np.where(month_of_year <= 4, "SPR", "SUM"))
    pep = Rows(
        "ext_pep",
        {
            "pep_id": Ids(f"PEP{code}-", np.arange(owner.shape[0]), 8),
            "pep_person_id": person.take(owner),
            "pep_date": when,
            "pep_status": np.where(unit(rng, owner.shape[0]) < 0.7, "COMPLETED", "QA_APPROVED"),
            "pep_term": np.char.add(term, when.astype("datetime64[Y]").astype(str)),
        },
        record_dates(rng, when, DEFAULT_LAG, care.recorded[owner]),
    )
    # Unaccompanied asylum-seeking children: some of the teenagers entering care.
    entry_age = (care.start - care.dob).astype(np.int64) / 365.25
    uasc = np.flatnonzero((entry_age >= 14) & (unit(rng, care.start.shape[0]) < 0.12))
    immigration = Rows(
        "ssd_immigration_status",
        {
            "immi_immigration_status_id": Ids(f"IM{code}-", uasc, 8),
            "immi_person_id": person.take(uasc),
            "immi_immigration_status": np.full(uasc.shape[0], "Unaccompanied Asylum Seeking Child"),
            "immi_immigration_status_start_date": care.start[uasc],
            "immi_immigration_status_end_date": add_years(care.dob[uasc], 18),
        },
        care.recorded[uasc],
    )
    immigration.ends["immi_immigration_status_end_date"] = (add_years(care.dob[uasc], 18) + 5 * DAY, ())
    return [permanence, pep, immigration]
