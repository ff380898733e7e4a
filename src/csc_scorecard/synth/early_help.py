"""Early help: episodes from screenings that end in early help and from step-downs, early help assessments
(the council's and partners'), and Supporting Families attachments and outcomes."""

from __future__ import annotations

import numpy as np

from csc_scorecard.synth.context import Context
from csc_scorecard.synth.frame import Ids, Rows, or_null, pick
from csc_scorecard.synth.front_door import EARLY_HELP, Contacts
from csc_scorecard.synth.journeys import MONTH_DAYS, Journeys, People
from csc_scorecard.synth.profiles import DEFAULT_LAG
from csc_scorecard.synth.timeline import DAY, Ints, days, record_dates, uniform_dates, unit
from csc_scorecard.synth.workforce import Workforce

END_REASONS = (
    "Outcomes met",
    "Step down to universal services",
    "Family disengaged",
    "Moved out of area",
    "Step up to children's social care",
)
END_REASON_OUTCOMES = np.array(["OUTCOMES_MET", "STEP_DOWN", "DISENGAGED", "OTHER", "STEP_UP_CSC"])
END_REASON_WEIGHTS = (0.55, 0.18, 0.14, 0.07, 0.06)
LEAD_ORGS = ("SCHOOL", "EARLY_YEARS", "HEALTH", "VCS", "OTHER")
LEAD_ORG_WEIGHTS = (0.57, 0.10, 0.09, 0.10, 0.14)
LEAD_ORG_NAMES = np.array(
    [
        "Synthetic Primary School",
        "Synthetic Nursery",
        "Synthetic Health Visiting Team",
        "Synthetic Family Charity",
        "Synthetic Youth Service",
    ]
)


def early_help_tables(
    ctx: Context, contacts: Contacts, journeys: Journeys, people: People, workforce: Workforce
) -> tuple[list[Rows], Ints]:
    rng = ctx.rng("early_help")
    code, p = ctx.council.code, ctx.profile
    window_start, extract = ctx.timeline.window_start, ctx.timeline.extract_date
    from_contact = np.flatnonzero((contacts.outcome == EARLY_HELP) & (contacts.person >= 0))
    step_down = np.flatnonzero(journeys["step_down"])
    person = np.concatenate([contacts.person[from_contact], journeys["person"][step_down]])
    start = np.concatenate(
        [contacts.completed[from_contact].astype("datetime64[D]"), journeys["close"][step_down]]
    ) + days(rng.integers(0, 15, person.shape[0]))
    end = start + days(rng.gamma(2.0, p.early_help_months_mean / 2.0, person.shape[0]) * MONTH_DAYS + 14)
    keep = ((end >= window_start) & (start <= extract)) & (start > people.dob[person])
    person, start, end = person[keep], start[keep], end[keep]
    n = person.shape[0]
    reason = rng.choice(len(END_REASONS), n, p=np.asarray(END_REASON_WEIGHTS) / sum(END_REASON_WEIGHTS))
    worker, _ = workforce.holder(rng, "EHAP", start)
    person_ids = Ids(f"SYN-P-{code}-", person)
    recorded = record_dates(rng, start, DEFAULT_LAG)
    end_recorded = record_dates(rng, end, DEFAULT_LAG)
    episode = Rows(
        "ssd_early_help_episodes",
        {
            "earl_episode_id": Ids(f"EH{code}-", np.arange(n), 8),
            "earl_person_id": person_ids,
            "earl_episode_start_date": start,
            "earl_episode_end_date": end,
            "earl_episode_reason": pick(
                rng,
                (
                    "Parenting support",
                    "School attendance",
                    "Domestic abuse",
                    "Emotional wellbeing",
                    "Behaviour",
                ),
                (3, 2, 2, 2, 1),
                n,
            ),
            "earl_episode_end_reason": np.asarray(END_REASONS)[reason],
            "earl_episode_organisation": np.full(n, "Early Help Team"),
            "earl_episode_worker_id": Ids(f"SYN-W-{code}-", worker, 5),
        },
        recorded,
    )
    episode.ends["earl_episode_end_date"] = (end_recorded, ("earl_episode_end_reason",))

    # Early help assessments: one for each council-led episode, plus partner-led ones.
    months = ctx.timeline.months
    in_window = months >= window_start.astype("datetime64[M]")
    partner_counts = rng.poisson(ctx.volume("partner_eha_per_month")[in_window])
    partner_month = np.repeat(months[in_window], partner_counts)
    partner_start = uniform_dates(
        rng, partner_month.astype("datetime64[D]"), (partner_month + 1).astype("datetime64[D]") - DAY
    )
    ages = np.asarray(rng.integers(0, 16, int(partner_start.shape[0])))
    partner_person = people.new_families(
        rng, partner_start - days(ages * 365.25 + unit(rng, ages.shape[0]) * 360 + 1), 0.0
    )
    eha_person = np.concatenate([person, partner_person])
    eha_start = np.concatenate([start + days(rng.integers(0, 10, n)), partner_start])
    m = eha_person.shape[0]
    partner = np.arange(m) >= n
    completed = eha_start + days(rng.integers(7, 45, m))
    closed = np.where(
        partner, eha_start + days(rng.gamma(2.0, 90.0, m) + 30), end[np.minimum(np.arange(m), n - 1)]
    )
    closed = np.maximum(closed, completed)
    lead = np.where(partner, pick(rng, LEAD_ORGS, LEAD_ORG_WEIGHTS, m), "LA_TEAM")
    outcome = np.where(
        partner,
        pick(rng, tuple(END_REASON_OUTCOMES), END_REASON_WEIGHTS, m),
        END_REASON_OUTCOMES[reason[np.minimum(np.arange(m), n - 1)]],
    )
    eha_recorded = np.where(
        partner,
        record_dates(rng, eha_start, DEFAULT_LAG),
        np.maximum(recorded[np.minimum(np.arange(m), n - 1)], eha_start),
    )
    eha = Rows(
        "ext_early_help_assessment",
        {
            "eha_id": Ids(f"EHA{code}-", np.arange(m), 8),
            "eha_person_id": Ids(f"SYN-P-{code}-", eha_person),
            "eha_family_id": Ids(f"FAM{code}-", people.family[eha_person], 7),
            "eha_source_system": np.where(partner, "PARTNER_PORTAL", "EHM"),
            "eha_start_date": eha_start,
            "eha_completed_date": completed,
            "eha_closed_date": closed,
            "eha_lead_org_type": lead,
            "eha_lead_org_name": np.where(partner, LEAD_ORG_NAMES[rng.integers(0, 5, m)], "Early Help Team"),
            "eha_close_outcome": outcome,
        },
        eha_recorded,
    )
    eha.ends["eha_completed_date"] = (record_dates(rng, completed, DEFAULT_LAG), ())
    eha.ends["eha_closed_date"] = (record_dates(rng, closed, DEFAULT_LAG), ("eha_close_outcome",))

    # Supporting Families: most council-led episodes attach the family; most attached families succeed.
    attach = np.flatnonzero(unit(rng, n) < 0.6)
    success = unit(rng, attach.shape[0]) < 0.7
    outcome_date = np.where(
        success, start[attach] + days(rng.uniform(150, 330, attach.shape[0])), np.datetime64("NaT", "D")
    )
    financial_year = (outcome_date - np.timedelta64(90, "D")).astype("datetime64[Y]").astype(str)
    families = Rows(
        "ext_supporting_families",
        {
            "sfam_id": Ids(f"SF{code}-", attach, 8),
            "sfam_family_id": Ids(f"FAM{code}-", people.family[person[attach]], 7),
            "sfam_person_id": person_ids.take(attach),
            "sfam_attached_date": start[attach],
            "sfam_outcome_date": outcome_date,
            "sfam_outcome_type": or_null(
                success,
                np.where(
                    unit(rng, attach.shape[0]) < 0.85,
                    "SIGNIFICANT_SUSTAINED_PROGRESS",
                    "CONTINUOUS_EMPLOYMENT",
                ),
            ),
            "sfam_claim_period": or_null(success, np.char.add("FY", financial_year)),
            "sfam_target": np.full(attach.shape[0], round(600 * ctx.scale)),
        },
        recorded[attach],
    )
    families.ends["sfam_outcome_date"] = (
        record_dates(rng, outcome_date, DEFAULT_LAG),
        ("sfam_outcome_type", "sfam_claim_period"),
    )
    return [episode, eha, families], worker
