"""Contacts and screenings: the first two stages of the funnel, for every simulated month at once.

Monthly volumes come from the profile's curves × seasonality (Poisson noise); each contact is routed
to a receiving service, screened at the MASH or the early help hub (or not screened at all), and given
an outcome. Contacts whose screening ends in a referral to children's social care become the referrals
of `journeys.py`, which also decides which child each contact is about.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csc_scorecard.synth.context import Context
from csc_scorecard.synth.frame import Ids, Rows, json_outcomes, or_null
from csc_scorecard.synth.profiles import DEFAULT_LAG
from csc_scorecard.synth.timeline import (
    DAY,
    Bools,
    Dates,
    Ints,
    record_dates,
    times_of_day,
    uniform_dates,
    unit,
)
from csc_scorecard.synth.workforce import TEAM_INDEX, Workforce

# Receiving streams (index into STREAMS).
FRONT_DOOR, OUT_OF_HOURS, DOMESTIC_ABUSE, EARLY_HELP_HUB, NEIGHBOURHOOD = range(5)
SERVICE_CODES = np.array(["FRONT_DOOR", "OUT_OF_HOURS", "FRONT_DOOR", "EARLY_HELP_HUB", "NEIGHBOURHOOD"])
SOURCE_SYSTEMS = np.array(["LCS", "LCS", "LCS", "EHM", "EHM"])
# Outcomes (index into OUTCOME_CODES).
CSC_REFERRAL, EARLY_HELP, INFO_ADVICE, OTHER_AGENCY, NFA = range(5)
OUTCOME_CODES = np.array(["CSC_REFERRAL", "EARLY_HELP", "INFO_ADVICE", "OTHER_AGENCY", "NFA"])
# Contact sources (CIN census codes) by stream: police notify domestic abuse; schools lead early help.
SOURCE_CODES = (
    "1A",
    "1C",
    "1D",
    "2A",
    "2B",
    "3A",
    "3B",
    "3E",
    "3F",
    "4",
    "5A",
    "5B",
    "5D",
    "6",
    "7",
    "8",
    "9",
)
SOURCE_WEIGHTS_CSC = (6, 3, 2, 16, 3, 3, 4, 3, 4, 3, 5, 3, 3, 26, 4, 6, 2)
SOURCE_WEIGHTS_EH = (8, 4, 2, 38, 6, 3, 8, 1, 4, 3, 2, 4, 9, 2, 0, 5, 1)
# Requests for information (code lists rfi_requester and rfi_nature): the police ask most, then other
# councils, health and the courts; what is asked depends on who asks (a court wants a report for
# proceedings, another council its own child protection enquiry, a school where a child has gone).
RFI_REQUESTERS = ("POLICE", "HEALTH", "SCHOOL", "OTHER_LA", "SOLICITOR_COURT", "OTHER")
RFI_REQUESTER_WEIGHTS = (34, 14, 10, 18, 14, 10)
RFI_NATURES = (
    "SAFEGUARDING_CHECK",
    "CHILD_PROTECTION_ENQUIRY",
    "POLICE_INVESTIGATION",
    "COURT_PROCEEDINGS",
    "WHEREABOUTS",
    "OTHER",
)
RFI_NATURE_WEIGHTS = np.array(  # one row per requester, in RFI_REQUESTERS order; columns as RFI_NATURES
    [
        [35, 5, 45, 3, 8, 4],
        [60, 15, 0, 2, 13, 10],
        [45, 5, 0, 2, 38, 10],
        [30, 50, 0, 5, 10, 5],
        [10, 5, 0, 80, 0, 5],
        [40, 5, 2, 5, 18, 30],
    ],
    dtype=np.float64,
)
RFI_NOT_RECORDED = 0.03  # requests whose requester (or, separately, nature) was left blank


@dataclass
class Contacts:
    """One row per contact (child-level), in order of receipt."""

    month: Ints  # index into timeline.months
    received: Dates  # datetime64[s]
    stream: Ints
    source_code: np.ndarray
    rfi: Bools
    consultation: Bools
    screened: Bools
    screening_service: np.ndarray  # FRONT_DOOR / EARLY_HELP_HUB / ""
    priority: np.ndarray
    completed: Dates  # datetime64[s] decision (screening completed, or decision on an unscreened contact)
    outcome: Ints
    person: Ints  # filled in by journeys.py

    def __len__(self) -> int:
        return int(self.month.shape[0])

    @property
    def is_referral(self) -> Bools:
        return np.asarray(self.screened & ~self.rfi & (self.outcome == CSC_REFERRAL))


def generate_contacts(ctx: Context) -> Contacts:
    rng = ctx.rng("front_door")
    profile, timeline = ctx.profile, ctx.timeline
    months = timeline.months
    season = np.asarray(profile.seasonality)[(months.astype(np.int64) % 12)]
    expected = (
        np.stack(
            [
                ctx.volume("front_door_contacts") * (1 - profile.out_of_hours_share),
                ctx.volume("front_door_contacts") * profile.out_of_hours_share,
                ctx.volume("domestic_abuse_notifications"),
                ctx.volume("early_help_contacts") * profile.ehap_screened_share,
                ctx.volume("early_help_contacts") * (1 - profile.ehap_screened_share),
            ]
        )
        * season
    )
    counts = rng.poisson(np.maximum(expected, 0.0))  # streams × months
    stream_of = np.repeat(np.tile(np.arange(5), months.shape[0]), counts.T.ravel())
    month_of = np.repeat(np.repeat(np.arange(months.shape[0]), 5), counts.T.ravel())
    n = stream_of.shape[0]

    first_day = months.astype("datetime64[D]")[month_of]
    last_day = (months + 1).astype("datetime64[D]")[month_of] - DAY
    day = uniform_dates(rng, first_day, last_day)
    # Out-of-hours contacts arrive in the evening and at night; the rest mostly in office hours.
    received = np.where(stream_of == OUT_OF_HOURS, times_of_day(rng, day, 18, 24), times_of_day(rng, day))

    eh_stream = stream_of >= EARLY_HELP_HUB
    source = np.where(
        eh_stream,
        np.asarray(SOURCE_CODES)[rng.choice(len(SOURCE_CODES), n, p=_norm(SOURCE_WEIGHTS_EH))],
        np.asarray(SOURCE_CODES)[rng.choice(len(SOURCE_CODES), n, p=_norm(SOURCE_WEIGHTS_CSC))],
    )
    source = np.where(stream_of == DOMESTIC_ABUSE, "6", source)

    screened = (stream_of == FRONT_DOOR) | (stream_of == EARLY_HELP_HUB)
    mash = stream_of == FRONT_DOOR
    rfi = mash & (unit(rng, n) < profile.mash_rfi_share)
    consultation = (stream_of == NEIGHBOURHOOD) & (unit(rng, n) < 0.15)
    screening_service = np.where(
        mash, "FRONT_DOOR", np.where(stream_of == EARLY_HELP_HUB, "EARLY_HELP_HUB", "")
    )
    u = unit(rng, n)
    priority = np.where(
        mash,
        np.where(
            u < profile.red_share,
            "RED",
            np.where(u < profile.red_share + profile.amber_share, "AMBER", "GREEN"),
        ),
        np.where(screened, "GREEN", ""),
    )
    outcome = _outcomes(ctx, rng, stream_of, month_of, rfi)
    completed = _decision_times(ctx, rng, received, stream_of, month_of, priority)
    return Contacts(
        month_of,
        received,
        stream_of,
        source,
        rfi,
        consultation,
        screened,
        screening_service,
        priority,
        completed,
        outcome,
        np.full(n, -1, dtype=np.int64),
    )


def _outcomes(ctx: Context, rng: np.random.Generator, stream_of: Ints, month_of: Ints, rfi: Bools) -> Ints:
    profile = ctx.profile
    n = stream_of.shape[0]
    u = unit(rng, n)
    # MASH: referral share varies by month (the profile's trend); early help and advice shares are fixed.
    p_ref = ctx.share("mash_referral_share")[month_of]
    p_eh = profile.mash_early_help_share
    p_ia = profile.mash_info_advice_share
    rest = np.maximum(1 - p_ref - p_eh - p_ia, 0)
    mash = np.select(
        [u < p_ref, u < p_ref + p_eh, u < p_ref + p_eh + p_ia, u < p_ref + p_eh + p_ia + rest * 0.6],
        [CSC_REFERRAL, EARLY_HELP, INFO_ADVICE, OTHER_AGENCY],
        NFA,
    )
    mash = np.where(rfi, INFO_ADVICE, mash)
    ehap = np.searchsorted(np.cumsum(profile.ehap_outcome_shares) / sum(profile.ehap_outcome_shares), u)
    unscreened_csc = np.select([u < 0.55, u < 0.8], [INFO_ADVICE, NFA], OTHER_AGENCY)
    neighbourhood = np.select([u < 0.10, u < 0.75], [EARLY_HELP, INFO_ADVICE], OTHER_AGENCY)
    return np.select(
        [stream_of == FRONT_DOOR, stream_of == EARLY_HELP_HUB, stream_of == NEIGHBOURHOOD],
        [mash, np.minimum(ehap, OTHER_AGENCY), neighbourhood],
        unscreened_csc,
    ).astype(np.int64)


def _decision_times(
    ctx: Context,
    rng: np.random.Generator,
    received: Dates,
    stream_of: Ints,
    month_of: Ints,
    priority: np.ndarray,
) -> Dates:
    """Screening completion: timely ones within 2 working days (inside 72 working hours however they are
    counted), late ones 4-10 working days; early help hub within 5 working days or 6-15."""
    n = received.shape[0]
    on_time_mash = unit(rng, n) < ctx.share("mash_within_72h_share")[month_of]
    on_time_mash |= priority == "RED"
    on_time_ehap = unit(rng, n) < ctx.profile.ehap_within_5wd_share
    offset = np.select(
        [stream_of == 0, stream_of == 3],
        [
            np.where(on_time_mash, rng.integers(0, 3, n), rng.integers(4, 11, n)),
            np.where(on_time_ehap, rng.integers(0, 6, n), rng.integers(6, 16, n)),
        ],
        rng.integers(0, 2, n),
    )
    offset = np.where(priority == "RED", 0, offset)
    day = ctx.working_days.add(received.astype("datetime64[D]"), offset)
    same_day = day == received.astype("datetime64[D]")
    later = times_of_day(rng, day, 9, 18)
    soon = received + rng.integers(1800, 4 * 3600, n).astype("timedelta64[s]")
    return np.where(same_day | (later <= received), soon, later)


def _rfi_details(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Requester and nature codes for n requests for information (None where left blank)."""
    who = rng.choice(len(RFI_REQUESTERS), n, p=_norm(RFI_REQUESTER_WEIGHTS))
    shares = RFI_NATURE_WEIGHTS / RFI_NATURE_WEIGHTS.sum(axis=1, keepdims=True)
    # Inverse CDF per row: the nature is the first column whose cumulative share exceeds a uniform draw.
    what = (unit(rng, n)[:, None] >= np.cumsum(shares[who], axis=1)).sum(axis=1)
    what = np.minimum(what, len(RFI_NATURES) - 1)  # a draw within rounding of 1
    requester = or_null(unit(rng, n) >= RFI_NOT_RECORDED, np.asarray(RFI_REQUESTERS)[who])
    nature = or_null(unit(rng, n) >= RFI_NOT_RECORDED, np.asarray(RFI_NATURES)[what])
    return requester, nature


def _norm(weights: tuple[int, ...]) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    return np.asarray(w / w.sum())


def front_door_tables(ctx: Context, contacts: Contacts, workforce: Workforce) -> tuple[list[Rows], Ints]:
    """ssd_contacts, ext_contact_detail and ext_screening for contacts received in the window."""
    rng = ctx.rng("front_door_tables")
    code, lags = ctx.council.code, ctx.profile.recording_lags
    window_start = ctx.timeline.window_start.astype("datetime64[s]")
    rows = np.flatnonzero(contacts.received >= window_start)
    n = rows.shape[0]
    received = contacts.received[rows]
    contact_ids = Ids(f"CT{code}-", rows, 9)
    person = Ids(f"SYN-P-{code}-", contacts.person[rows])
    outcome = contacts.outcome[rows]
    recorded = record_dates(rng, received.astype("datetime64[D]"), lags.get("ssd_contacts", DEFAULT_LAG))
    # SSD outcome flags: NEW_REFERRAL, ADVICE, NFA, or OTHER_OUTCOMES_EXIST (index into CONTACT_KEYS).
    flag_index = np.select([outcome == CSC_REFERRAL, outcome == INFO_ADVICE, outcome == NFA], [0, 6, 3], 9)
    contact_type = np.where(
        contacts.stream[rows] == DOMESTIC_ABUSE,
        "DA_NOTIFICATION",
        np.where(
            contacts.rfi[rows],
            "REQUEST_FOR_INFORMATION",
            np.where(contacts.consultation[rows], "CONSULTATION", "STANDARD"),
        ),
    )
    tables = [
        Rows(
            "ssd_contacts",
            {
                "cont_contact_id": contact_ids,
                "cont_person_id": person,
                "cont_contact_date": received,
                "cont_contact_source_code": contacts.source_code[rows],
                "cont_contact_source_desc": np.full(n, "Synthetic contact source"),
                "cont_contact_outcome_json": json_outcomes(CONTACT_KEYS, flag_index),
            },
            recorded,
        ),
        Rows(
            "ext_contact_detail",
            {
                "cont_contact_id": contact_ids,
                "cont_person_id": person,
                "cont_received_dttm": received,
                "cont_source_system": SOURCE_SYSTEMS[contacts.stream[rows]],
                "cont_receiving_service": SERVICE_CODES[contacts.stream[rows]],
                "cont_contact_type": contact_type,
                "cont_decision_dttm": contacts.completed[rows],
                "cont_outcome_code": OUTCOME_CODES[outcome],
            },
            recorded,
        ),
    ]
    tables[1].ends["cont_decision_dttm"] = (
        record_dates(rng, contacts.completed[rows].astype("datetime64[D]"), DEFAULT_LAG, recorded),
        ("cont_outcome_code",),
    )
    s = np.flatnonzero(contacts.screened[rows])
    service = contacts.screening_service[rows][s]
    team = np.where(service == "FRONT_DOOR", TEAM_INDEX["MASH"], TEAM_INDEX["EHAP"])
    worker, _ = workforce.holder(rng, team, received[s].astype("datetime64[D]"))
    rfi = contacts.rfi[rows][s]
    requester, nature = _rfi_details(ctx.rng("front_door_rfi"), s.shape[0])
    screening = Rows(
        "ext_screening",
        {
            "scrn_id": Ids(f"SC{code}-", rows[s], 9),
            "scrn_contact_id": contact_ids.take(s),
            "scrn_person_id": person.take(s),
            "scrn_service": service,
            "scrn_priority": contacts.priority[rows][s],
            "scrn_is_rfi": rfi,
            "scrn_start_dttm": received[s],
            "scrn_completed_dttm": contacts.completed[rows][s],
            "scrn_outcome": OUTCOME_CODES[outcome[s]],
            "scrn_rfi_requester": or_null(rfi, requester),
            "scrn_rfi_nature": or_null(rfi, nature),
            "scrn_team_id": Ids(f"T{code}-", team, 3),
            "scrn_worker_id": Ids(f"SYN-W-{code}-", worker, 5),
        },
        record_dates(
            rng, received[s].astype("datetime64[D]"), lags.get("ext_screening", DEFAULT_LAG), recorded[s]
        ),
    )
    screening.ends["scrn_completed_dttm"] = (
        record_dates(
            rng, contacts.completed[rows][s].astype("datetime64[D]"), DEFAULT_LAG, screening.recorded
        ),
        ("scrn_outcome",),
    )
    tables.append(screening)
    return tables, worker


CONTACT_KEYS = (
    "NEW_REFERRAL_FLAG",
    "EXISTING_REFERRAL_FLAG",
    "CP_ENQUIRY_FLAG",
    "NFA_FLAG",
    "NON_AGENCY_ADOPTION_FLAG",
    "PRIVATE_FOSTERING_FLAG",
    "ADVICE_FLAG",
    "MISSING_FLAG",
    "OLA_CP_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
)
