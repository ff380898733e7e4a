"""The engine gives the same results on Spark as on DuckDB: every catalogue indicator, every council;
and `csc-scorecard compute --engine spark` writes the same results file as the default engine.

Numerators and denominators must be identical for every ref, whatever order each engine adds its
rows in: counts; EH1's mean duration, whole seconds added as integers and divided by 86,400 once, in
Python; WF3 and WF4's FTE, added as decimals to 6 places. Values, which are divisions, are equal to 1e-9.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from builders import make_dataset
from engine_helpers import cin_council_folder
from typer.testing import CliRunner

from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.cli import app
from csc_scorecard.engine import ComputeSettings, compute
from csc_scorecard.engine.settings import default_population_lookup
from csc_scorecard.ingest import LoadSettings, load_dataset

pytestmark = pytest.mark.spark

KEY = ["council", "ref", "period_end", "breakdown", "breakdown_value"]
FIGURES = ["value", "numerator", "denominator"]


def _close(a: float, b: float) -> bool:
    if pd.isna(a) or pd.isna(b):
        return pd.isna(a) and pd.isna(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.fixture(scope="module")
def both_engines(generated_extract: Path, spark_session: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    dataset = load_dataset(generated_extract, LoadSettings())
    catalogue = load_catalogue()
    options = {"months": 24, "population": default_population_lookup()}
    on_duckdb = compute(dataset, catalogue, ComputeSettings.for_period("2023-03", **options))
    on_spark = compute(dataset, catalogue, ComputeSettings.for_period("2023-03", engine="spark", **options))
    return on_duckdb.to_pandas(), on_spark.to_pandas()


def test_every_indicator_is_computed_on_both_engines(both_engines):
    duck, spark = both_engines
    refs = set(load_catalogue().refs)
    assert set(duck.ref) == refs
    assert set(spark.ref) == refs
    assert len(duck) == len(spark)
    assert not duck.duplicated(KEY).any()
    # The data exercise the figures: most rows are computed.
    assert (duck.status == "ok").mean() > 0.5


def test_numerators_denominators_values_and_statuses_match(both_engines):
    duck, spark = both_engines
    joined = duck.merge(spark, on=KEY, how="outer", suffixes=("_duckdb", "_spark"), indicator=True)
    assert (joined["_merge"] == "both").all(), joined[joined["_merge"] != "both"][KEY]
    problems = []
    for row in joined.itertuples(index=False):
        got: dict[str, Any] = row._asdict()
        for figure in FIGURES:
            a, b = got[f"{figure}_duckdb"], got[f"{figure}_spark"]
            same = _close(a, b) if figure == "value" else (pd.isna(a) and pd.isna(b)) or a == b
            if not same:
                problems.append((got["ref"], got["council"], got["period_end"], figure, a, b))
        for text in ("status", "note"):
            if got[f"{text}_duckdb"] != got[f"{text}_spark"]:
                problems.append(
                    (
                        got["ref"],
                        got["council"],
                        got["period_end"],
                        text,
                        got[f"{text}_duckdb"],
                        got[f"{text}_spark"],
                    )
                )
    by_ref = Counter(problem[0] for problem in problems)
    assert not problems, (by_ref, problems[:20])


def test_the_exact_comparison_covers_fractions(both_engines):
    """EH1's numerators (days) and WF3/WF4's FTE include fractions, so comparing them exactly tests that
    the engines add them exactly, not merely that counts agree."""
    duck, _ = both_engines
    for ref, figure in (("EH1", "numerator"), ("WF3", "denominator"), ("WF4", "denominator")):
        figures = duck.loc[(duck.ref == ref) & duck[figure].notna(), figure]
        assert (figures % 1 != 0).any(), ref


def test_local_date_times_do_not_shift_on_spark(spark_session):
    """A contact at 23:30 on 31 January is a January contact on both engines (no time-zone shift)."""
    dataset = make_dataset(
        {
            "ssd_contacts": [
                {"cont_contact_id": "K1", "cont_person_id": "C1", "cont_contact_date": "2023-01-31T23:30:00"},
                {"cont_contact_id": "K2", "cont_person_id": "C2", "cont_contact_date": "2023-02-01T00:15:00"},
            ]
        },
        extract_date="2023-02-10",
    )
    catalogue = load_catalogue().select(("FD1",))
    for engine in ("duckdb", "spark"):
        settings = ComputeSettings.for_period("2023-02", months=2, engine=engine)
        results = compute(dataset, catalogue, settings)
        # FD1 January: K1 only (23:30 on the 31st); February: K2 only.
        assert results.get("FD1", date(2023, 1, 31), "999")["numerator"] == 1, engine
        assert results.get("FD1", date(2023, 2, 28), "999")["numerator"] == 1, engine


# Three indicators keep this Spark run short; the tests above cover the whole catalogue.
CONFIG = (
    '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n'
    '[indicators]\ninclude = ["CIN1", "CIN2", "WF1"]\n'
)


def test_compute_on_spark_matches_duckdb(tmp_path: Path, spark_session: Any) -> None:
    config = tmp_path / "council.toml"
    config.write_text(CONFIG, encoding="utf-8")
    folder = cin_council_folder(tmp_path)
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
