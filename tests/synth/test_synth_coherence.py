"""Dates, keys, links and codes hang together, whatever the seed (small profile, short window)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synth_contract import problems

from csc_scorecard.synth.generate import Request, generate


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_small_council_is_coherent_for_any_seed(seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        generate(Request(Path(folder), seed=seed, start="2022-04", end="2023-03", profile="small_shire"))
        assert problems(Path(folder)) == []


def test_reference_council_is_coherent(reference_extract: Path) -> None:
    assert problems(reference_extract) == []


def test_children_age_leave_return_and_are_re_referred(reference_extract: Path) -> None:
    con = duckdb.connect()
    path = reference_extract
    referrals = con.execute(f"""
        SELECT count(*) FILTER (WHERE n > 1), max(age) FROM (
          SELECT cine_person_id, count(*) AS n, max(date_diff('year', pers_dob, cine_referral_date)) AS age
          FROM read_parquet('{path}/ssd_cin_episodes.parquet')
          JOIN read_parquet('{path}/ssd_person.parquet') ON pers_person_id = cine_person_id GROUP BY 1)""").fetchone()
    assert referrals is not None and referrals[0] > 500 and referrals[1] <= 18
    periods = con.execute(f"""SELECT count(*) FROM (SELECT clae_person_id FROM
        read_parquet('{path}/ssd_cla_episodes.parquet') GROUP BY 1 HAVING count(DISTINCT clae_cla_id) > 1)""").fetchone()
    assert periods is not None and periods[0] > 0  # some children return to care
    leavers = con.execute(f"SELECT count(*) FROM read_parquet('{path}/ssd_care_leavers.parquet')").fetchone()
    assert leavers is not None and leavers[0] > 50
    siblings = con.execute(f"""SELECT count(*) FROM (SELECT fami_family_id FROM
        read_parquet('{path}/ssd_family.parquet') GROUP BY 1 HAVING count(*) > 1)""").fetchone()
    assert siblings is not None and siblings[0] > 100
