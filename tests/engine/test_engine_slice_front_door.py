"""Worked examples: FD1, FD2, FD7 (contacts) and EH1, EH2, EH3 (early help). Every number by hand."""

from __future__ import annotations

import pytest
from builders import make_dataset
from engine_helpers import figures, run

CONTACTS = [
    # K1: first moment of January (boundary) - counted in January, referred to CSC
    {
        "cont_contact_id": "K1",
        "cont_person_id": "C1",
        "cont_contact_date": "2023-01-01T00:00",
        "cont_contact_outcome_new_referral_flag": True,
    },
    # K2: last minute of January (boundary) - counted in January, not referred
    {
        "cont_contact_id": "K2",
        "cont_person_id": "C2",
        "cont_contact_date": "2023-01-31T23:59",
        "cont_contact_outcome_new_referral_flag": False,
    },
    # K3: first moment of February - excluded from January
    {
        "cont_contact_id": "K3",
        "cont_person_id": "C3",
        "cont_contact_date": "2023-02-01T00:00",
        "cont_contact_outcome_new_referral_flag": True,
    },
    # K4: last minute of December 2022 - excluded from January, inside the rolling 12 months
    {
        "cont_contact_id": "K4",
        "cont_person_id": "C4",
        "cont_contact_date": "2022-12-31T23:59",
        "cont_contact_outcome_new_referral_flag": True,
    },
    # K5: March 2022 - inside the rolling 12 months to January 2023 (February 2022 to January 2023)
    {"cont_contact_id": "K5", "cont_person_id": "C5", "cont_contact_date": "2022-03-15T10:00"},
    # K6: January 2022 - just outside that rolling window
    {"cont_contact_id": "K6", "cont_person_id": "C6", "cont_contact_date": "2022-01-31T09:00"},
]

SCREENINGS = [
    # S1: 2 Jan 09:00 to 4 Jan 21:00 = 2.5 days, early help
    {
        "scrn_id": "S1",
        "scrn_start_dttm": "2023-01-02T09:00",
        "scrn_completed_dttm": "2023-01-04T21:00",
        "scrn_outcome": "EARLY_HELP",
        "scrn_is_rfi": False,
    },
    # S2: completed on the last day of January (boundary): 1.0 day, early help
    {
        "scrn_id": "S2",
        "scrn_start_dttm": "2023-01-30T12:00",
        "scrn_completed_dttm": "2023-01-31T12:00",
        "scrn_outcome": "EARLY_HELP",
        "scrn_is_rfi": False,
    },
    # S3: outcome information and advice - excluded
    {
        "scrn_id": "S3",
        "scrn_start_dttm": "2023-01-10T09:00",
        "scrn_completed_dttm": "2023-01-11T09:00",
        "scrn_outcome": "INFO_ADVICE",
        "scrn_is_rfi": False,
    },
    # S4: a request for information - excluded
    {
        "scrn_id": "S4",
        "scrn_start_dttm": "2023-01-05T09:00",
        "scrn_completed_dttm": "2023-01-20T09:00",
        "scrn_outcome": "EARLY_HELP",
        "scrn_is_rfi": True,
    },
    # S5: completed 1 February - excluded from January
    {
        "scrn_id": "S5",
        "scrn_start_dttm": "2023-01-31T10:00",
        "scrn_completed_dttm": "2023-02-01T10:00",
        "scrn_outcome": "EARLY_HELP",
        "scrn_is_rfi": False,
    },
]

EARLY_HELP = [
    {"earl_episode_id": "E1", "earl_person_id": "C1", "earl_episode_start_date": "2022-12-01"},  # open
    # E2 starts on the month end (boundary): open at it
    {"earl_episode_id": "E2", "earl_person_id": "C2", "earl_episode_start_date": "2023-01-31"},
    # E3 ends on the month end (boundary): not open at it
    {
        "earl_episode_id": "E3",
        "earl_person_id": "C3",
        "earl_episode_start_date": "2022-11-01",
        "earl_episode_end_date": "2023-01-31",
    },
    # E4 starts and ends on one day: never open at a month end - excluded
    {
        "earl_episode_id": "E4",
        "earl_person_id": "C4",
        "earl_episode_start_date": "2023-01-10",
        "earl_episode_end_date": "2023-01-10",
    },
    # E5 ends after the month end: open at it
    {
        "earl_episode_id": "E5",
        "earl_person_id": "C5",
        "earl_episode_start_date": "2023-01-05",
        "earl_episode_end_date": "2023-02-01",
    },
]


@pytest.fixture(scope="module")
def results():
    dataset = make_dataset(
        {"ssd_contacts": CONTACTS, "ext_screening": SCREENINGS, "ssd_early_help_episodes": EARLY_HELP},
        extract_date="2023-02-10",
    )
    return run(dataset, refs=("FD1", "FD2", "FD7", "EH1", "EH2", "EH3"))


def test_fd1_contacts_in_the_month(results):
    # January: K1 (1 Jan 00:00) + K2 (31 Jan 23:59) = 2; K3 (Feb) and K4 (Dec) are outside
    assert figures(results, "FD1", "2023-01-31") == (2, 2, None, "ok")
    # December: K4 = 1
    assert figures(results, "FD1", "2022-12-31")[:2] == (1, 1)


def test_fd2_rolling_rate_per_10k(results):
    # Feb 2022 - Jan 2023: K1, K2, K4, K5 = 4 (K6 is Jan 2022, K3 Feb 2023); 4 / 40,000 × 10,000 = 1.0
    assert figures(results, "FD2", "2023-01-31") == (1.0, 4, 40_000, "ok")


def test_fd7_share_referred_to_csc(results):
    # January: K1 referred, K2 not: 1 / 2 = 0.5
    assert figures(results, "FD7", "2023-01-31") == (0.5, 1, 2, "ok")
    # December: K4 referred: 1 / 1
    assert figures(results, "FD7", "2022-12-31") == (1.0, 1, 1, "ok")


def test_eh1_mean_days_to_decision(results):
    # S1 2.5 days + S2 1.0 day = 3.5 days over 2 screenings = 1.75 (S3 other outcome, S4 RFI, S5 February)
    assert figures(results, "EH1", "2023-01-31") == (1.75, 3.5, 2, "ok")


def test_eh2_episodes_open_at_month_end(results):
    # 31 Jan: E1, E2 (started on it), E5 = 3; E3 ended on it, E4 same-day
    assert figures(results, "EH2", "2023-01-31") == (3, 3, None, "ok")
    # 31 Dec: E1 (from 1 Dec), E3 = 2
    assert figures(results, "EH2", "2022-12-31")[:2] == (2, 2)


def test_eh3_rate_per_10k(results):
    # 3 / 40,000 × 10,000 = 0.75
    assert figures(results, "EH3", "2023-01-31") == (0.75, 3, 40_000, "ok")


def test_eh1_adds_whole_seconds_so_the_sum_does_not_depend_on_the_order():
    # 2 h 24 min = 8,640 s = 0.1 day and 4 h 48 min = 17,280 s = 0.2 day. As seconds: 25,920 s /
    # 86,400 = 0.3 exactly. Added as fractions of days, 0.1 + 0.2 is 0.30000000000000004 in floating
    # point, and other orders give other last bits: the engine adds seconds and divides once.
    screenings = [
        {
            "scrn_id": sid,
            "scrn_start_dttm": start,
            "scrn_completed_dttm": end,
            "scrn_outcome": "EARLY_HELP",
            "scrn_is_rfi": False,
        }
        for sid, start, end in (
            ("T1", "2023-01-09T09:00", "2023-01-09T11:24"),
            ("T2", "2023-01-10T09:00", "2023-01-10T13:48"),
        )
    ]
    dataset = make_dataset({"ext_screening": screenings}, extract_date="2023-02-10")
    value, numerator, denominator, status = figures(run(dataset, refs=("EH1",)), "EH1", "2023-01-31")
    assert (numerator, denominator, status) == (0.3, 2, "ok")
    assert value == 0.15
