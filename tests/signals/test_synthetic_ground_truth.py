"""Signals against known truth: the synthetic councils' recorded change points are flagged, and their
control series (no trend, seasonality or step) is rarely flagged.

The generator writes `ground_truth.json` (ref, month and size of each change point; the control
series). The change-point series are computed by the engine exactly as the report computes them; the
control series (audits completed per month, SG16) is counted straight from the generated table.

"Flagged within 3 months" is read as a council would meet it: in one of the monthly reports from the
month of the change to three months after it, the chart (the 24 months ending that month) marks a
point since the change as special cause in the direction of the step. Judging six years at once
would hide a 2019 step under the trend that follows it; no council reads its data that way.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest

from csc_scorecard.config import load_config
from csc_scorecard.engine.compute import compute
from csc_scorecard.engine.settings import from_config
from csc_scorecard.pipeline import catalogue_for, load_for
from csc_scorecard.signals import change_point_flagged, choose_chart, spc_series, special_cause_share
from csc_scorecard.synth.generate import Request, generate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reference_council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("truth") / "357"
    generate(Request(out_dir=folder, seed=1, start="2017-04", end="2023-03"))
    return folder


def test_every_recorded_change_point_is_flagged_within_three_months(reference_council: Path):
    truth = json.loads((reference_council / "ground_truth.json").read_text(encoding="utf-8"))
    points = truth["change_points"]
    assert len(points) >= 2
    config = load_config(reference_council / "council.toml")
    catalogue, _ = catalogue_for(config)
    catalogue = catalogue.select(tuple(p["ref"] for p in points))
    dataset = load_for(config, reference_council)
    results = compute(dataset, catalogue, from_config(config, "2023-03", months=72)).to_pandas()
    for point in points:
        series = results[
            (results.ref == point["ref"]) & (results.breakdown_value == "all") & (results.status == "ok")
        ].sort_values("period_end")
        indicator = catalogue[point["ref"]]
        choice = choose_chart(
            unit=str(indicator.unit),
            period_basis=str(indicator.period_basis),
            spc_allowed=indicator.spc,
            has_denominators=bool(series.denominator.notna().all()),
        )
        months = [date(d.year, d.month, 1) for d in series.period_end]
        values = series.value.to_numpy(dtype=float)
        denominators = series.denominator.to_numpy(dtype=float)
        change = months.index(date.fromisoformat(point["month"] + "-01"))
        flagged_in = []
        for report in range(change, change + 4):  # the month of the change and the next three
            window = slice(max(0, report - 23), report + 1)
            check = change_point_flagged(
                months[window],
                values[window],
                point["month"],
                within_months=3,
                step_direction=int(np.sign(point["size"])),
                chart=choice.chart,
                denominators=denominators[window] if choice.chart.value == "p" else None,
            )
            if check.flagged:
                flagged_in.append(months[report])
        assert flagged_in, f"{point['ref']} step in {point['month']} not flagged within 3 months"


def test_the_control_series_is_rarely_flagged_over_twenty_seeds(tmp_path: Path):
    shares = []
    for seed in range(1, 21):
        folder = tmp_path / f"seed{seed}"
        generate(Request(out_dir=folder, seed=seed, start="2017-04", end="2023-03"))
        truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
        assert truth["control"]["ref"] == "SG16"  # audits completed in the month
        counts = duckdb.sql(
            "SELECT date_trunc('month', audt_completed_date) AS month, count(*) AS audits "
            f"FROM read_parquet('{(folder / 'ext_case_audit.parquet').as_posix()}') "
            "WHERE audt_completed_date BETWEEN DATE '2017-04-01' AND DATE '2023-03-31' "
            "GROUP BY month ORDER BY month"
        ).fetchall()
        assert len(counts) == 72
        result = spc_series([float(n) for _, n in counts], polarity="neutral")
        shares.append(special_cause_share(result))
    # Each series is judged on its own; the issue's bound is on the share of all points flagged.
    assert float(np.mean(shares)) < 0.10, shares
