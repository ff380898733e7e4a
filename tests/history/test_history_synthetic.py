"""The monthly cycle on the synthetic reference council: two extracts a month apart.

Slow (about 40 seconds): it generates two extracts and computes three runs.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from csc_scorecard.cli import app
from csc_scorecard.engine.results import RESULTS_SCHEMA, Results
from csc_scorecard.history import Cause, HistoryStore, format_value, reconcile, revisions
from csc_scorecard.history.published import published_rows_from_records

pytestmark = pytest.mark.slow

PERIOD = "2023-01"
EXTRACTS = {"feb": "2023-02-06", "mar": "2023-03-06"}


def _invoke(*args: object) -> None:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def _read(path: Path) -> Results:
    return Results(pq.read_table(path).select(RESULTS_SCHEMA.names).cast(RESULTS_SCHEMA))


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """Extracts of 6 Feb and 6 Mar 2023; February computed with the council's settings (A) and with
    every involvement counted as allocated (B, which changes WF6 only); March with A."""
    root = tmp_path_factory.mktemp("synthetic")
    for name, as_at in EXTRACTS.items():
        _invoke("generate", root / name, "--seed", 7, "--start", "2021-04", "--end", PERIOD, "--as-at", as_at)
    config_a = root / "feb" / "council.toml"
    text = config_a.read_text(encoding="utf-8")
    assert 'allocated_social_worker = ["ALLOCATED_SW"]' in text
    config_b = root / "council-b.toml"
    config_b.write_text(text.replace('["ALLOCATED_SW"]', "[]"), encoding="utf-8")
    runs = {"feb_a": ("feb", config_a), "feb_b": ("feb", config_b), "mar_a": ("mar", config_a)}
    for run, (extract, config) in runs.items():
        _invoke(
            "compute",
            root / extract,
            "--config",
            config,
            "--period",
            PERIOD,
            "--months",
            3,
            "--out",
            root / f"{run}.parquet",
        )
    return {run: _read(root / f"{run}.parquet") for run in runs} | {"root": root}


def _january(results: Results) -> dict[str, dict]:
    end = max(results.table.column("period_end").to_pylist())
    return {
        r["ref"]: r
        for r in results.table.to_pylist()
        if r["period_end"] == end and r["breakdown_value"] == "all"
    }


def test_reconcile_names_data_revisions_and_the_definition_setting(cycle, tmp_path):
    feb_a, feb_b, mar_a = _january(cycle["feb_a"]), _january(cycle["feb_b"]), _january(cycle["mar_a"])
    # The setting changes the workforce caseload refs only (WF6, and WF5 once the engine has it).
    changed_by_setting = {
        ref
        for ref in feb_a
        if format_value(feb_a[ref]["value"], "x") != format_value(feb_b[ref]["value"], "x")
    }
    assert "WF6" in changed_by_setting and all(ref.startswith("WF") for ref in changed_by_setting)
    # "Published": the February extract as printed, with those refs under setting B.
    published = published_rows_from_records(
        [
            {
                "ref": ref,
                "current": format_value((feb_b if ref == "WF6" else feb_a)[ref]["value"], row["unit"]),
            }
            for ref, row in feb_a.items()
        ]
    )
    store = HistoryStore(tmp_path)
    store.append_run(cycle["feb_a"], "settings-a")
    store.append_run(cycle["feb_b"], "settings-b")
    found = {
        r["ref"]: r
        for r in reconcile(published, cycle["mar_a"], store, settings_hash="settings-a").to_pylist()
    }

    printed = {p.ref: p.current for p in published}
    for ref in changed_by_setting:
        if printed[ref].agrees_with(mar_a[ref]["value"], found[ref]["unit"]):
            continue  # the later extract happens to print the same as the other setting did
        assert found[ref]["cause"] == Cause.DEFINITION_SETTING, (ref, found[ref])
        assert found[ref]["explanation"].startswith("extract 2023-02-06 gave")
    for ref, row in found.items():
        if ref in changed_by_setting:
            continue
        status = mar_a[ref]["status"]
        if printed[ref].value is None or status in ("not_available", "not_yet_available"):
            assert row["cause"] in (Cause.NOT_PUBLISHED, Cause.MISSING_TABLE, Cause.NOT_YET_AVAILABLE), (
                ref,
                row,
            )
            continue
        # Every other ref either still rounds to the February figure, or the records changed.
        agrees = printed[ref].agrees_with(mar_a[ref]["value"], row["unit"])
        assert row["cause"] == (Cause.MATCH if agrees else Cause.DATA_REVISION), (ref, row)
        if not agrees:
            assert feb_a[ref]["value"] != mar_a[ref]["value"]
    assert any(r["cause"] == Cause.DATA_REVISION for r in found.values())


def test_a_later_extract_shows_revisions_caused_by_late_recording(cycle, tmp_path):
    store = HistoryStore(tmp_path)
    store.append_run(cycle["feb_a"], "settings-a")
    rows = revisions(store, cycle["mar_a"]).to_pylist()
    revised = [r for r in rows if r["revision_status"] == "revised"]
    # Records entered after 6 February change the months already reported...
    assert revised
    assert all(r["first_reported_extract_date"] == date(2023, 2, 6) for r in rows)
    assert all(" (extract 2023-02-06), now " in r["revision_note"] for r in revised)
    # ...under the same definitions, so nothing is "definition changed" and nothing is new.
    assert {r["revision_status"] for r in rows} <= {"revised", "unchanged"}
    # Late recording is recent: the reporting month is revised at least as often as the earliest.
    months = sorted({r["period_end"] for r in rows})
    per_month = Counter(r["period_end"] for r in revised)
    assert per_month[months[-1]] >= per_month[months[0]]
    # The raw extracts agree: the later one has rows the earlier did not (recorded in between).
    root = cycle["root"]
    earlier = pq.read_table(root / "feb" / "ssd_cin_episodes.parquet").num_rows
    later = pq.read_table(root / "mar" / "ssd_cin_episodes.parquet").num_rows
    assert later >= earlier
