"""Children: who each contact is about, and the person-level tables (person, family, address, disability,
special educational needs) for every child any written row refers to."""

from __future__ import annotations

import numpy as np

from csc_scorecard.synth.cin_cp import Cases
from csc_scorecard.synth.context import Context
from csc_scorecard.synth.frame import Ids, Rows, or_null, padded, pick
from csc_scorecard.synth.front_door import Contacts
from csc_scorecard.synth.journeys import Journeys, People
from csc_scorecard.synth.timeline import DAY, NAT, Ints, add_years, days, unit

ETHNICITIES = (
    "WBRI",
    "WOTH",
    "WIRI",
    "MWBC",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "BAFR",
    "BCRB",
    "CHNE",
    "OOTH",
    "NOBT",
    "REFU",
)
ETHNICITY_WEIGHTS = (76, 3, 0.5, 2, 1.5, 2, 1.5, 4, 2, 2, 1, 0.5, 1.5, 1.5, 0.5)
DISABILITIES = ("LD", "AUT", "COMM", "BEH", "MOB", "HAND", "VIS", "HEAR", "PC", "CON")
DISABILITY_WEIGHTS = (25, 30, 15, 10, 8, 2, 3, 3, 3, 1)


def assign_contact_children(ctx: Context, contacts: Contacts, journeys: Journeys, people: People) -> None:
    """Contacts that did not become referrals: a third about a child already known, the rest new children."""
    rng = ctx.rng("contact_children")
    todo = np.flatnonzero(contacts.person < 0)
    dates = contacts.received[todo].astype("datetime64[D]")
    order = np.argsort(journeys["referral"], kind="stable")
    referral_dates = journeys["referral"][order]
    earlier = np.searchsorted(referral_dates, dates, side="left")
    known = (unit(rng, todo.shape[0]) < 0.35) & (earlier > 0)
    pick_index = (unit(rng, todo.shape[0]) * np.maximum(earlier, 1)).astype(np.int64)
    candidate = journeys["person"][order][np.minimum(pick_index, order.shape[0] - 1)]
    known &= people.dob[candidate] > add_years(dates, -18) + DAY
    known &= people.dob[candidate] < dates
    age_p = np.asarray(ctx.profile.referral_age_weights, dtype=np.float64)
    new = ~known
    ages = rng.choice(age_p.shape[0], int(new.sum()), p=age_p / age_p.sum())
    dobs = dates[new] - days(ages * 365.25 + unit(rng, ages.shape[0]) * 364 + 1)
    contacts.person[todo[known]] = candidate[known]
    contacts.person[todo[new]] = people.new_families(rng, dobs, 0.0)


def person_tables(
    ctx: Context, people: People, referenced: Ints, journeys: Journeys, cases: Cases
) -> list[Rows]:
    """Every referenced child once, with family, address, disability and special educational needs rows."""
    rng = ctx.rng("people")
    code = ctx.council.code
    extract = ctx.timeline.extract_date
    person = np.unique(referenced)
    n = person.shape[0]
    ids = Ids(f"SYN-P-{code}-", person)
    dob = people.dob[person]
    always = np.full(n, ctx.timeline.sim_start - 3650 * DAY)
    sex = np.where(unit(rng, n) < 0.5, "M", "F")
    age = (extract - dob).astype(np.int64) / 365.25
    # Needs: disabled children (primary need N2) have a disability row; some children have an EHCP.
    disabled_people = np.unique(journeys["person"][cases.kept & (cases.primary_need == "N2")])
    disabled = np.isin(person, disabled_people)
    ehcp = disabled | (unit(rng, n) < 0.12)
    ehcp_start = dob + days(rng.uniform(3, 9, n) * 365.25)
    ehcp &= ehcp_start < extract - DAY
    upn = np.char.add(f"SYNUPN{code}", padded(person, 7))
    persons = Rows(
        "ssd_person",
        {
            "pers_person_id": ids,
            "pers_sex": sex,
            "pers_gender": np.where(sex == "M", "1", "2"),
            "pers_ethnicity": pick(rng, ETHNICITIES, ETHNICITY_WEIGHTS, n),
            "pers_dob": dob,
            "pers_expected_dob": np.full(n, NAT),
            "pers_death_date": np.full(n, NAT),
            "pers_upn": or_null(age >= 4, upn),
            "pers_send_flag": ehcp,
            "pers_is_mother": (sex == "F") & (age >= 15) & (unit(rng, n) < 0.02),
        },
        always,
    )
    family = Rows(
        "ssd_family",
        {
            "fami_table_id": Ids(f"FT{code}-", person, 8),
            "fami_family_id": Ids(f"FAM{code}-", people.family[person], 7),
            "fami_person_id": ids,
        },
        always,
    )
    address = Rows(
        "ssd_address",
        {
            "addr_table_id": Ids(f"AD{code}-", person, 8),
            "addr_person_id": ids,
            "addr_address_type": np.full(n, "Home"),
            "addr_address_start_date": dob,
            "addr_address_end_date": np.full(n, NAT),
            "addr_address_postcode": np.char.add(f"ZZ{code}", padded(np.asarray(rng.integers(0, 60, n)), 2)),
        },
        always,
    )
    d = np.flatnonzero(disabled)
    disability = Rows(
        "ssd_disability",
        {
            "disa_table_id": Ids(f"DS{code}-", person[d], 8),
            "disa_person_id": ids.take(d),
            "disa_disability_code": pick(rng, DISABILITIES, DISABILITY_WEIGHTS, d.shape[0]),
        },
        always[d],
    )
    e = np.flatnonzero(ehcp)
    send = Rows(
        "ssd_send",
        {
            "send_table_id": Ids(f"SE{code}-", person[e], 8),
            "send_person_id": ids.take(e),
            "send_upn": upn[e],
        },
        always[e],
    )
    ceased = np.where(unit(rng, e.shape[0]) < 0.1, add_years(dob[e], 19), NAT)
    ehcp_rows = Rows(
        "ssd_ehcp_named_plan",
        {
            "ehcn_named_plan_id": Ids(f"EC{code}-", person[e], 8),
            "ehcn_person_id": ids.take(e),
            "ehcn_named_plan_start_date": ehcp_start[e],
            "ehcn_named_plan_ceased_date": ceased,
            "ehcn_named_plan_ceased_reason": or_null(~np.isnat(ceased), "Reached the end of education"),
        },
        always[e],
    )
    ehcp_rows.ends["ehcn_named_plan_ceased_date"] = (ceased, ("ehcn_named_plan_ceased_reason",))
    return [persons, family, address, disability, send, ehcp_rows]
