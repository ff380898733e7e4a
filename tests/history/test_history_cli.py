"""`csc-scorecard signoff`, `reconcile` and `history list|add` as a person runs them."""

from __future__ import annotations

import csv
import sys
from datetime import date

import pytest
from history_helpers import results, row
from typer.testing import CliRunner

from csc_scorecard.cli import app, main
from csc_scorecard.history import HistoryStore, signoff_status

HOME = '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n\n[history]\npath = "store"\n'
JAN = (2023, 1)
EARLIER = results(
    [row("FD1", JAN, 1348.0, extract=date(2023, 2, 6)), row("CIN4", JAN, 0.22, extract=date(2023, 2, 6))]
)
LATER = results(
    [row("FD1", JAN, 1360.0, extract=date(2023, 3, 6)), row("CIN4", JAN, 0.22, extract=date(2023, 3, 6))]
)


@pytest.fixture
def council(tmp_path):
    (tmp_path / "council.toml").write_text(HOME, encoding="utf-8")
    EARLIER.write_parquet(tmp_path / "earlier.parquet")
    LATER.write_parquet(tmp_path / "later.parquet")
    (tmp_path / "published.csv").write_text(
        "ref,section,indicator,current,previous_year,target\n"
        'FD1,Front Door,Contacts,"1,348",1221,\n'
        "CIN4,Child in Need,Re-referrals,22%,20%,20-24%\n"
        "SG16,Safeguarding,Audits completed (No Month),Not Yet Available,15,\n",
        encoding="utf-8",
    )
    return tmp_path


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "250"})


def test_add_list_and_sign_off(council):
    config = council / "council.toml"
    added = _run("history", "add", council / "earlier.parquet", "--config", config)
    assert added.exit_code == 0, added.output
    assert "DRAFT until signed off" in added.output
    listed = _run("history", "list", "--config", config)
    assert listed.exit_code == 0 and "DRAFT" in listed.output
    signed = _run("signoff", "--period", "2023-01", "--by", "A. Manager", "--config", config, "--note", "DMT")
    assert signed.exit_code == 0, signed.output
    assert "Signed off 2023-01 for council 357 by A. Manager" in signed.output
    store = HistoryStore(council / "store")
    assert signoff_status(store, "357", "2023-01").note == "DMT"
    assert "signed off by A. Manager" in _run("history", "list", "--config", config).output


def test_sign_off_without_a_run_is_a_plain_error(council, monkeypatch, capsys):
    config = str(council / "council.toml")
    monkeypatch.setattr(
        sys, "argv", ["csc-scorecard", "signoff", "--period", "2023-01", "--by", "A", "--config", config]
    )
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("Error: there is no run for council 357, 2023-01") and "Traceback" not in error
    bad = _run("signoff", "--period", "January", "--by", "A", "--config", config)
    assert bad.exit_code == 2


def test_reconcile_prints_a_table_writes_a_csv_and_stores_the_published_figures(council):
    config = council / "council.toml"
    _run("history", "add", council / "earlier.parquet", "--config", config)
    out = council / "reports" / "reconcile.csv"
    result = _run(
        "reconcile",
        "--published",
        council / "published.csv",
        "--period",
        "2023-01",
        "--config",
        config,
        "--results",
        council / "later.parquet",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    assert "data revision" in result.output and "not yet available" in result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbfref,")  # UTF-8 with BOM, for Excel
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["ref"]: r for r in csv.DictReader(handle)}
    assert rows["FD1"]["cause"] == "data_revision" and rows["FD1"]["difference"] == "+12"
    assert rows["CIN4"]["cause"] == "match"
    assert rows["SG16"]["cause"] == "not_yet_available"
    store = HistoryStore(council / "store")
    assert [r.source for r in store.runs()] == ["computed", "published"]
    # Run again: the same published table is not stored twice.
    again = _run(
        "reconcile",
        "--published",
        council / "published.csv",
        "--period",
        "2023-01",
        "--config",
        config,
        "--results",
        council / "later.parquet",
    )
    assert again.exit_code == 0 and "already stored" in again.output
    assert len(store.runs()) == 2


def test_reconcile_uses_the_latest_stored_run_when_no_results_are_given(council):
    config = council / "council.toml"
    _run("history", "add", council / "earlier.parquet", "--config", config)
    result = _run(
        "reconcile", "--published", council / "published.csv", "--period", "2023-01", "--config", config
    )
    assert result.exit_code == 0, result.output
    assert "2 match" in result.output
