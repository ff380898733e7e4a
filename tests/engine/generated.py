"""Seeded random case-level tables for differential tests and timing (not realistic, just varied)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np

FIRST, LAST = date(2019, 1, 1), date(2023, 3, 31)
SPAN = (LAST - FIRST).days


def _day(rng: np.random.Generator) -> date:
    return FIRST + timedelta(days=int(rng.integers(0, SPAN)))


def _end(rng: np.random.Generator, start: date, open_share: float = 0.3, max_days: int = 900) -> date | None:
    if rng.random() < open_share:
        return None
    # some same-day episodes, some ending on a month end
    end = start + timedelta(days=int(rng.integers(0, max_days)))
    return end if end <= LAST else None


def generate(
    councils: tuple[str, ...] = ("101", "202", "303"), children: int = 60, seed: int = 7
) -> dict[str, list[dict]]:
    rng = np.random.default_rng(seed)
    tables: dict[str, list[dict]] = {
        name: []
        for name in (
            "ssd_cin_episodes",
            "ssd_cin_assessments",
            "ssd_cp_plans",
            "ssd_contacts",
            "ssd_involvements",
            "ssd_s47_enquiry",
            "ssd_initial_cp_conference",
        )
    }
    n = 0
    for council in councils:
        for c in range(children):
            person = f"C{c}"
            for _ in range(int(rng.integers(1, 4))):
                n += 1
                start = _day(rng)
                tables["ssd_cin_episodes"].append(
                    {
                        "council": council,
                        "cine_referral_id": f"R{n}",
                        "cine_person_id": person,
                        "cine_referral_date": start,
                        "cine_close_date": _end(rng, start),
                    }
                )
                auth = start + timedelta(days=int(rng.integers(0, 90))) if rng.random() < 0.9 else None
                tables["ssd_cin_assessments"].append(
                    {
                        "council": council,
                        "cina_assessment_id": f"A{n}",
                        "cina_person_id": person,
                        "cina_assessment_start_date": start,
                        "cina_assessment_auth_date": auth if auth and auth <= LAST else None,
                    }
                )
                tables["ssd_contacts"].append(
                    {
                        "council": council,
                        "cont_contact_id": f"K{n}",
                        "cont_person_id": person,
                        "cont_contact_date": datetime.combine(start, datetime.min.time())
                        + timedelta(hours=int(rng.integers(0, 24))),
                        "cont_contact_outcome_new_referral_flag": bool(rng.random() < 0.3),
                    }
                )
                if rng.random() < 0.4:
                    plan_start = _day(rng)
                    tables["ssd_cp_plans"].append(
                        {
                            "council": council,
                            "cppl_cp_plan_id": f"P{n}",
                            "cppl_person_id": person,
                            "cppl_cp_plan_start_date": plan_start,
                            "cppl_cp_plan_end_date": _end(rng, plan_start, 0.4, 1200),
                            "cppl_cp_plan_ola": bool(rng.random() < 0.05),
                        }
                    )
                if rng.random() < 0.3:
                    s47_start = _day(rng)
                    conference = s47_start + timedelta(days=int(rng.integers(0, 35)))
                    tables["ssd_s47_enquiry"].append(
                        {
                            "council": council,
                            "s47e_s47_enquiry_id": f"S{n}",
                            "s47e_person_id": person,
                            "s47e_s47_start_date": s47_start,
                            "s47e_s47_end_date": conference,
                        }
                    )
                    if conference <= LAST:
                        tables["ssd_initial_cp_conference"].append(
                            {
                                "council": council,
                                "icpc_icpc_id": f"I{n}",
                                "icpc_person_id": person,
                                "icpc_icpc_meeting_id": f"M{n // 2}",
                                "icpc_s47_enquiry_id": f"S{n}",
                                "icpc_icpc_date": conference,
                                "icpc_icpc_transfer_in": bool(rng.random() < 0.1),
                            }
                        )
                alloc = _day(rng)
                tables["ssd_involvements"].append(
                    {
                        "council": council,
                        "invo_involvements_id": f"V{n}",
                        "invo_professional_id": f"W{int(rng.integers(0, 8))}",
                        "invo_person_id": person,
                        "invo_involvement_start_date": alloc,
                        "invo_involvement_end_date": _end(rng, alloc),
                        "invo_professional_role_id": "SW" if rng.random() < 0.9 else "TM",
                    }
                )
    return tables
