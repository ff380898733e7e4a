"""Worked examples: CIN17 (child in need plan reviews in timescale) and CIN23 (return home interviews
within 72 hours). FD8, FD9 and CIN3 are in test_local_front_door.py. Every number is worked out by hand."""

from __future__ import annotations

from builders import make_dataset
from engine_helpers import figures, run

REVIEWS = [
    {
        "cinr_id": "V1",
        "cinr_due_date": "2022-04-01",
        "cinr_review_date": "2022-03-30",
    },  # first day of the year
    {
        "cinr_id": "V2",
        "cinr_due_date": "2023-01-31",
        "cinr_review_date": "2023-01-31",
    },  # held on the due date
    {"cinr_id": "V3", "cinr_due_date": "2022-10-10", "cinr_review_date": "2022-10-11"},  # a day late
    {"cinr_id": "V4", "cinr_due_date": "2022-12-05"},  # due, never held: late
    {"cinr_id": "V5", "cinr_due_date": "2022-03-31", "cinr_review_date": "2022-03-31"},  # last year: excluded
    {
        "cinr_id": "V6",
        "cinr_due_date": "2023-02-01",
        "cinr_review_date": "2023-01-20",
    },  # due in February: excluded
]


def test_cin17_reviews_in_timescale_year_to_date():
    results = run(make_dataset({"ext_cin_plan_review": REVIEWS}), refs=("CIN17",))
    # due April 2022 - January 2023: V1, V2, V3, V4 = 4; on time V1, V2 = 2 → 0.5
    assert figures(results, "CIN17", "2023-01-31") == (0.5, 2, 4, "ok")


def episode(mid: str, start: str, end: str | None, type_: str = "M") -> dict[str, str | None]:
    return {
        "miss_table_id": mid,
        "miss_person_id": f"P{mid}",
        "miss_missing_episode_start_date": start,
        "miss_missing_episode_end_date": end,
        "miss_missing_episode_type": type_,
    }


MISSING = [
    episode("M1", "2023-01-01T10:00", "2023-01-02T10:00"),  # first day of January (boundary)
    episode("M2", "2023-01-31T22:00", "2023-02-01T08:00"),  # last day of January (boundary)
    episode("M3", "2023-01-10T08:00", "2023-01-10T12:00"),
    episode("M4", "2023-01-12T08:00", "2023-01-12T12:00", "A"),  # away, not missing: excluded
    episode("M5", "2022-12-31T23:00", "2023-01-01T01:00"),  # December: excluded
    episode("M6", "2023-01-20T08:00", "2023-01-20T12:00"),  # no interview
    episode("M7", "2023-01-21T08:00", None),  # no return recorded: cannot be judged
]
INTERVIEWS = [
    {"miss_table_id": "M1", "rhi_completed_dttm": "2023-01-05T10:00"},  # 72 hours exactly: within
    {"miss_table_id": "M2", "rhi_completed_dttm": "2023-02-02T08:00"},  # 24 hours: within
    {"miss_table_id": "M3", "rhi_completed_dttm": "2023-01-13T13:00"},  # 73 hours: late
    {"miss_table_id": "M4", "rhi_completed_dttm": "2023-01-12T18:00"},
    {"miss_table_id": "M5", "rhi_completed_dttm": "2023-01-01T09:00"},
    {"miss_table_id": "M7", "rhi_completed_dttm": "2023-01-22T08:00"},
]


def test_cin23_return_interviews_within_72_hours():
    results = run(make_dataset({"ssd_missing": MISSING, "ext_missing_rhi": INTERVIEWS}), refs=("CIN23",))
    # M1 (72 h) + M2 (24 h) = 2; M3 late, M4 away, M5 December, M6 no interview, M7 no return
    assert figures(results, "CIN23", "2023-01-31") == (2, 2, None, "ok")
