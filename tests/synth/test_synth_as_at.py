"""`--as-at`: what the case system showed on an earlier day, with late recording per table."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from csc_scorecard.schema import TABLES, DateRole
from csc_scorecard.synth.generate import Request, generate

AS_AT = "2023-02-06"


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    early, full = tmp_path_factory.mktemp("as_at"), tmp_path_factory.mktemp("full")
    args = {"seed": 9, "start": "2021-04", "end": "2023-01", "profile": "reference"}
    generate(Request(early, as_at=AS_AT, **args))  # type: ignore[arg-type]
    generate(Request(full, as_at="2023-12-31", **args))  # type: ignore[arg-type]
    return early, full


def test_nothing_after_the_as_at_date(extracts: tuple[Path, Path]) -> None:
    early, _ = extracts
    con = duckdb.connect()
    for path in early.glob("*.parquet"):
        for column in TABLES[path.stem].columns:
            if column.is_date and column.date_role is DateRole.EVENT:
                late = con.execute(
                    f"SELECT count(*) FROM read_parquet('{path}') "
                    f"WHERE CAST({column.name} AS DATE) > DATE '{AS_AT}'"
                ).fetchone()
                assert late == (0,), f"{path.stem}.{column.name}"


def test_a_share_of_reviews_is_not_yet_recorded(extracts: tuple[Path, Path]) -> None:
    early, full = extracts
    sql = (
        "SELECT count(*) FROM read_parquet('{}/ssd_cla_reviews.parquet') WHERE clar_cla_review_date "
        "BETWEEN DATE '2023-01-01' AND DATE '2023-01-31'"
    )
    shown = duckdb.sql(sql.format(early)).fetchall()[0][0]
    held = duckdb.sql(sql.format(full)).fetchall()[0][0]
    assert 0.03 <= 1 - shown / held <= 0.25  # the reference scorecard: 10.6% not yet recorded


def test_episodes_closed_later_on_the_record_are_still_open(extracts: tuple[Path, Path]) -> None:
    early, full = extracts
    still_open = duckdb.sql(f"""
        SELECT count(*) FROM read_parquet('{early}/ssd_cin_episodes.parquet') e
        JOIN read_parquet('{full}/ssd_cin_episodes.parquet') f USING (cine_referral_id)
        WHERE e.cine_close_date IS NULL AND f.cine_close_date <= DATE '{AS_AT}'""").fetchall()
    assert still_open[0][0] > 0
    reasons = duckdb.sql(f"""SELECT count(*) FROM read_parquet('{early}/ssd_cin_episodes.parquet')
        WHERE cine_close_date IS NULL AND cine_close_reason IS NOT NULL""").fetchall()
    assert reasons == [(0,)]
