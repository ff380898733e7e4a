"""The bench's derived figures: the CPU-time ratio, and the grouping of each input table by child."""

from __future__ import annotations

from pathlib import Path

import duckdb

from csc_scorecard.bench.runner import BenchReport, StageResult
from csc_scorecard.bench.stages import _group_by_child, child_columns


def _report(stages: dict[str, StageResult]) -> BenchReport:
    return BenchReport(1, 12, 100, "2022-04", "2023-03", 0.0, stages, {})


def test_cpu_ratio_divides_pandas_cpu_time_by_the_engine_slices():
    report = _report(
        {
            # The engine's slice: 2 s on the clock, 3.5 CPU-seconds on two CPUs.
            "engine_slice": StageResult("engine_slice", 2.0, 500.0, cpu_seconds=3.5),
            # pandas: 14 s on the clock, 14.7 CPU-seconds (mostly one CPU).
            "pandas": StageResult("pandas", 14.0, 900.0, cpu_seconds=14.7),
        }
    )
    ratios = report.ratios
    assert ratios["pandas_over_engine_slice"] == 7.0  # 14 / 2, wall time
    assert ratios["pandas_over_engine_slice_cpu"] == 4.2  # 14.7 / 3.5, CPU time


def test_cpu_ratio_is_absent_when_a_stage_failed_or_has_no_cpu_time():
    failed = _report(
        {
            "engine_slice": StageResult("engine_slice", None, None, error="exit 1: out of memory"),
            "pandas": StageResult("pandas", 14.0, 900.0, cpu_seconds=14.7),
        }
    )
    assert failed.ratios["pandas_over_engine_slice_cpu"] is None
    unmeasured = _report(
        {
            "engine_slice": StageResult("engine_slice", 2.0, 500.0),
            "pandas": StageResult("pandas", 14.0, 900.0, cpu_seconds=14.7),
        }
    )
    assert unmeasured.ratios["pandas_over_engine_slice_cpu"] is None


def test_child_columns_take_each_tables_person_id_and_skip_tables_without_one():
    inputs = {
        "ssd_cin_episodes": ["council", "cine_referral_id", "cine_person_id", "cine_referral_date"],
        "ssd_involvements": ["council", "invo_professional_id", "invo_person_id"],
        "ssd_cla_reviews": ["council", "clar_cla_review_id", "clar_cla_person_id"],
        "ext_conference_attendance": ["council", "conf_meeting_id"],
    }
    assert child_columns(inputs) == {
        "ssd_cin_episodes": "cine_person_id",
        "ssd_involvements": "invo_person_id",
        "ssd_cla_reviews": "clar_cla_person_id",
    }


def test_grouping_by_child_counts_each_council_and_child_once(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "b.duckdb"))
    con.execute("CREATE TABLE episodes (council VARCHAR, cine_person_id VARCHAR)")
    # Council A: child 1 twice, child 2 once -> 2 groups. Council B: child 1 once -> 1 group
    # (the same id in another council is another child). 3 groups in all.
    con.execute("INSERT INTO episodes VALUES ('A', '1'), ('A', '1'), ('A', '2'), ('B', '1')")
    con.execute("CREATE TABLE plans (council VARCHAR, cppl_person_id VARCHAR)")
    # Council A: child 3 twice -> 1 group. 4 groups over both tables.
    con.execute("INSERT INTO plans VALUES ('A', '3'), ('A', '3')")
    assert _group_by_child(con, {"episodes": "cine_person_id", "plans": "cppl_person_id"}) == 4
