"""Worked examples: the age_band breakdown of CF8 (children in foster placements) and CIN16 (children
on child in need plans), at 31 December 2022 and 31 January 2023.

DfE's children looked after age bands at the month end: under 1, 1 to 4, 5 to 9, 10 to 15, 16 and
over. A birthday counts from the end of its month, so a birthday on the month end moves the child up
at that month end. Every expected number is worked out by hand.
"""

from __future__ import annotations

import pytest
from builders import NO_SHORT_BREAKS, make_dataset
from engine_helpers import figures, run

BANDS = ("under_1", "1_to_4", "5_to_9", "10_to_15", "16_and_over")

# (child, date of birth or None, last day of care or plan or None, fostered)
CHILDREN = [
    ("A1", "2022-02-15", None, True),  # under 1 at both month ends
    ("A2", "2022-01-31", None, True),  # first birthday on 31 Jan 2023 (boundary): 1 to 4 from then
    ("A3", "2018-01-31", None, True),  # fifth birthday on 31 Jan 2023 (boundary): 5 to 9 from then
    ("A4", "2013-02-01", None, True),  # tenth birthday on 1 Feb 2023: still 5 to 9 at 31 Jan
    ("A5", "2007-01-01", None, True),  # 16 on 1 Jan 2023: 10 to 15 at 31 Dec, 16 and over at 31 Jan
    ("A6", "2012-06-01", None, True),  # 10 to 15
    ("A7", None, None, True),  # no date of birth: in the total, in no band
    ("A8", "2015-01-01", "2023-01-31", True),  # left on 31 Jan: counted at 31 Dec (aged 7) only
    ("A9", "2020-01-01", None, False),  # in care but not fostered: not in CF8; no CIN plan
]
PEOPLE = [{"pers_person_id": c, "pers_dob": dob} for c, dob, _, _ in CHILDREN if dob]
EPISODES = [
    {
        "clae_cla_episode_id": f"E{c}",
        "clae_person_id": c,
        "clae_cla_episode_start_date": "2022-03-01",
        "clae_cla_episode_ceased_date": end,
    }
    for c, _, end, _ in CHILDREN
]
PLACEMENTS = [
    {
        "clap_cla_placement_id": f"P{c}",
        "clap_person_id": c,
        "clap_cla_placement_start_date": "2022-03-01",
        "clap_cla_placement_end_date": end,
        "clap_cla_placement_type": "U4" if fostered else "K2",
    }
    for c, _, end, fostered in CHILDREN
]
PLANS = [
    {
        "cinp_cin_plan_id": f"CP{c}",
        "cinp_person_id": c,
        "cinp_cin_plan_start_date": "2022-03-01",
        "cinp_cin_plan_end_date": end,
    }
    for c, _, end, fostered in CHILDREN
    if fostered
]

# Both refs count the same children: A1-A8 at 31 Dec, A1-A7 at 31 Jan.
EXPECTED = {
    # 31 Dec: under 1 A1, A2; 1-4 A3; 5-9 A4, A8; 10-15 A5, A6; none 16 or over (A7: no band) = 8
    "2022-12-31": {"all": 8, "under_1": 2, "1_to_4": 1, "5_to_9": 2, "10_to_15": 2, "16_and_over": 0},
    # 31 Jan: under 1 A1; 1-4 A2; 5-9 A3, A4; 10-15 A6; 16 and over A5 (A7: no band; A8 left) = 7
    "2023-01-31": {"all": 7, "under_1": 1, "1_to_4": 1, "5_to_9": 2, "10_to_15": 1, "16_and_over": 1},
}


def tables(with_people: bool = True) -> dict[str, list[dict]]:
    out = {
        "ssd_cla_episodes": EPISODES,
        "ssd_cla_placement": PLACEMENTS,
        "ssd_cin_plans": PLANS,
        "ssd_legal_status": NO_SHORT_BREAKS,
    }
    if with_people:
        out["ssd_person"] = PEOPLE
    return out


@pytest.fixture(scope="module")
def results():
    return run(make_dataset(tables()), months=2, refs=("CF8", "CIN16"))


@pytest.mark.parametrize("ref", ["CF8", "CIN16"])
@pytest.mark.parametrize("period_end", sorted(EXPECTED))
def test_age_bands_at_the_month_end(results, ref, period_end):
    for band, count in EXPECTED[period_end].items():
        assert figures(results, ref, period_end, breakdown_value=band) == (count, count, None, "ok"), band


def test_without_dates_of_birth_only_the_bands_are_not_available():
    results = run(make_dataset(tables(with_people=False)), months=1, refs=("CF8", "CIN16"))
    frame = results.to_pandas()
    for ref in ("CF8", "CIN16"):
        assert figures(results, ref, "2023-01-31") == (7, 7, None, "ok")
        bands = frame[(frame.ref == ref) & (frame.breakdown == "age_band")]
        assert sorted(bands.breakdown_value) == sorted(BANDS)
        assert set(bands.status) == {"not_available"}
        assert all("ssd_person" in note for note in bands.note)


def test_each_period_lists_the_figure_then_its_bands_youngest_first(results):
    # Report order: the catalogue's refs (CIN16 is in the CIN section, before CF8), then periods,
    # then the main figure and its bands as the catalogue lists them, not alphabetically
    # ("10_to_15" would sort before "1_to_4" and "5_to_9"). CIN16's team groups are left out here.
    frame = results.to_pandas()
    frame = frame[frame.breakdown.isin(["all", "age_band"])]
    bands = ["all", "under_1", "1_to_4", "5_to_9", "10_to_15", "16_and_over"]
    expected = [
        (ref, period_end, band)
        for ref in ("CIN16", "CF8")
        for period_end in sorted(EXPECTED)
        for band in bands
    ]
    listed = [(r.ref, str(r.period_end), r.breakdown_value) for r in frame.itertuples()]
    assert listed == expected
