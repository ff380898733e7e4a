"""`csc-scorecard compute --engine spark` writes the same results file as the default engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from csc_scorecard.cli import app

pytestmark = pytest.mark.spark

# Three indicators keep the Spark run short; the equality test covers the whole catalogue.
CONFIG = (
    '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n'
    '[indicators]\ninclude = ["CIN1", "CIN2", "WF1"]\n'
)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "357"
    folder.mkdir()
    (folder / "extract.json").write_text(
        json.dumps({"council": "357", "extract_date": "2023-02-06"}), encoding="utf-8"
    )
    (folder / "ssd_cin_episodes.csv").write_text(
        "cine_referral_id,cine_person_id,cine_referral_date,cine_close_date\n"
        "R1,C1,2023-01-05,\n"
        "R2,C2,2022-12-20,2023-01-10\n"
        "R3,C3,2022-02-01,\n",
        encoding="utf-8",
    )
    return folder


def test_compute_on_spark_matches_duckdb(tmp_path: Path, spark_session: Any) -> None:
    config = tmp_path / "council.toml"
    config.write_text(CONFIG, encoding="utf-8")
    folder = _folder(tmp_path)
    tables = {}
    for engine in ("duckdb", "spark"):
        out = tmp_path / f"{engine}.parquet"
        arguments = ["compute", str(folder), "--config", str(config), "--period", "2023-01"]
        arguments += ["--months", "2", "--out", str(out), "--engine", engine]
        result = CliRunner().invoke(app, arguments)
        assert result.exit_code == 0, result.output
        tables[engine] = pq.read_table(out).to_pandas()
    duck, spark = tables["duckdb"], tables["spark"]
    assert duck.drop(columns=["value"]).equals(spark.drop(columns=["value"]))
    assert ((duck.value - spark.value).abs().fillna(0) <= 1e-9).all()
    assert set(spark.ref) == {"CIN1", "CIN2", "WF1"}
    # WF1 at 31 Jan: C1 and C3 are open (C2 closed on 10 Jan).
    wf1 = spark[(spark.ref == "WF1") & (spark.period_end.astype(str) == "2023-01-31")]
    assert wf1.value.tolist() == [2]
