"""Worked examples: CF1, CF2, CF4, CF9 (children in care at 31 January 2023). Every number by hand.

The CF4 window for 31 Jan 2023 starts at 31 Jan 2022: a placement counts when it started on or
before 31 Jan 2023 and had not ended on or before 31 Jan 2022.
"""

from __future__ import annotations

import pytest
from builders import make_dataset
from engine_helpers import figures, run


def episode(eid, person, start, end=None):
    return {
        "clae_cla_episode_id": eid,
        "clae_person_id": person,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": end,
    }


def placement(pid, person, start, end, kind, reason=None):
    return {
        "clap_cla_placement_id": pid,
        "clap_person_id": person,
        "clap_cla_placement_start_date": start,
        "clap_cla_placement_end_date": end,
        "clap_cla_placement_type": kind,
        "clap_cla_placement_change_reason": reason,
    }


EPISODES = [
    episode("E1", "C1", "2021-05-01"),  # in care
    episode("E2", "C2", "2022-06-01"),  # in care, but on short breaks (V3): excluded
    episode("E3", "C3", "2022-03-01", "2023-01-31"),  # ceased on the month end: not in care at it
    episode("E4", "C4", "2023-01-31"),  # started on the month end (boundary): in care
    episode("E5", "C5", "2022-01-01", "2022-08-01"),  # C5: two back-to-back episodes, counted once
    episode("E6", "C5", "2022-08-01"),
    episode("E7", "C6", "2021-01-01"),  # in care; a V4 spell in March 2022 has ended
]

LEGAL_STATUS = [
    {
        "lega_legal_status_id": "L1",
        "lega_person_id": "C2",
        "lega_legal_status": "V3",
        "lega_legal_status_start_date": "2022-06-01",
    },
    {
        "lega_legal_status_id": "L2",
        "lega_person_id": "C6",
        "lega_legal_status": "V4",
        "lega_legal_status_start_date": "2022-03-01",
        "lega_legal_status_end_date": "2022-04-01",
    },
    {
        "lega_legal_status_id": "L3",
        "lega_person_id": "C6",
        "lega_legal_status": "C2",
        "lega_legal_status_start_date": "2022-04-01",
    },
]

PLACEMENTS = [
    # C1: 3 placements held in the window, counting PL1, open at its start; PL4 is an adoptive
    # placement with the current foster carer (A5): not a new placement
    placement("PL1", "C1", "2021-05-01", "2022-02-01", "U4"),
    placement("PL2", "C1", "2022-02-01", "2022-06-01", "K2"),
    placement("PL3", "C1", "2022-06-01", "2022-09-01", "U6"),
    placement("PL4", "C1", "2022-09-01", None, "A5"),
    # C4: fostered from the month end (boundary)
    placement("PL5", "C4", "2023-01-31", None, "U1"),
    # C5: PL6 ended on 31 Jan 2022, the window's start (boundary): not held in the window;
    # PL8 lasted under a day; PL10 is a change of status only (PLACE): 2 placements (PL7, PL9)
    placement("PL6", "C5", "2022-01-01", "2022-01-31", "U4"),
    placement("PL7", "C5", "2022-01-31", "2022-05-01", "U4"),
    placement("PL8", "C5", "2022-05-01", "2022-05-01", "R1"),
    placement("PL9", "C5", "2022-05-01", "2022-07-01", "U5"),
    placement("PL10", "C5", "2022-07-01", None, "U5", "PLACE"),
    # C2: fostered, but on short breaks: out of the cohort
    placement("PL11", "C2", "2022-06-01", None, "U4"),
    # C6: PL15 started during the V4 spell: a short break, not a placement; 2 placements (PL14, PL16)
    placement("PL14", "C6", "2021-01-01", "2022-03-01", "U4"),
    placement("PL15", "C6", "2022-03-10", "2022-03-20", "U4"),
    placement("PL16", "C6", "2022-04-01", None, "U6"),
]


@pytest.fixture(scope="module")
def results():
    dataset = make_dataset(
        {"ssd_cla_episodes": EPISODES, "ssd_legal_status": LEGAL_STATUS, "ssd_cla_placement": PLACEMENTS},
        extract_date="2023-02-10",
    )
    return run(dataset, months=2, refs=("CF1", "CF2", "CF4", "CF9"))


def test_cf1_children_in_care(results):
    # C1, C4, C5 (once), C6 = 4; C2 on short breaks, C3 ceased on the month end
    assert figures(results, "CF1", "2023-01-31") == (4, 4, None, "ok")
    # 31 Dec: C1, C3, C5, C6 = 4 (C4 not yet in care)
    assert figures(results, "CF1", "2022-12-31")[:2] == (4, 4)


def test_cf2_rate(results):
    # 4 × 10,000 / 40,000 = 1.0
    assert figures(results, "CF2", "2023-01-31") == (1.0, 4, 40_000, "ok")


def test_cf4_three_or_more_placements(results):
    # C1 has 3 (PL1, PL2, PL3); C4 has 1, C5 2, C6 2: 1 / 4
    assert figures(results, "CF4", "2023-01-31") == (0.25, 1, 4, "ok")


def test_cf9_fostered(results):
    # C4 (U1), C5 (U5), C6 (U6) of 4; C1 is placed for adoption (A5): 3 / 4
    assert figures(results, "CF9", "2023-01-31") == (0.75, 3, 4, "ok")
