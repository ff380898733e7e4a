"""`csc-scorecard bench`: how fast and how lean the engine is, against the cost of reading the inputs and
against pandas (see docs/engines-and-bench.md).

    from csc_scorecard.bench import BenchRequest, run_bench
    report = run_bench(BenchRequest(Path("/tmp/bench"), councils=3, months=24))
    report.ratios["engine_over_scan"]
"""

from __future__ import annotations

from csc_scorecard.bench.runner import STAGE_ORDER, BenchReport, BenchRequest, StageResult, run_bench

__all__ = ["STAGE_ORDER", "BenchReport", "BenchRequest", "StageResult", "run_bench"]
