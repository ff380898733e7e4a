"""The demo end to end on a short window: it writes every output, and no output names a child or worker."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from csc_scorecard.cli import app
from csc_scorecard.demo import DEMO_MARKER, DemoRequest, run_demo
from csc_scorecard.errors import ScorecardError

PERSON_ID = re.compile(r"SYN-P-\d")


@pytest.fixture(scope="module")
def demo_outputs(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("demo")
    return run_demo(DemoRequest(out_dir=out, start="2020-04", period="2022-03", months=12))


@pytest.mark.slow
def test_demo_writes_results_and_page(demo_outputs):
    names = {p.name for p in demo_outputs.files}
    assert {"results.csv", "results.parquet", "scorecard.html", "scorecard.xlsx"} <= names
    table = pq.read_table(next(p for p in demo_outputs.files if p.name == "results.parquet"))
    assert table.num_rows == demo_outputs.rows > 0
    assert set(table.column("ref").to_pylist()) >= {"FD1", "CIN1", "CF1", "WF1"}
    page = next(p for p in demo_outputs.files if p.suffix == ".html").read_text(encoding="utf-8")
    assert "March 2022" in page and "<caption" in page


@pytest.mark.slow
def test_no_aggregate_output_carries_a_child_or_worker_identifier(demo_outputs):
    data = demo_outputs.data_dir
    # The inputs do hold identifiers (so the check below could fail) ...
    people = pq.read_table(data / "ssd_person.parquet").column("pers_person_id").to_pylist()
    assert people and all(PERSON_ID.match(p) for p in people[:10])
    workers = pq.read_table(data / "ssd_professionals.parquet")
    names = {n for n in workers.column("prof_professional_name").to_pylist() if n}
    assert names
    # ... and no output does.
    for path in demo_outputs.files:
        text = _text_of(path)
        assert text, path
        assert not PERSON_ID.search(text), path
        assert not any(name in text for name in names), path


def _text_of(path: Path) -> str:
    """Everything a reader could see in an output, as text."""
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pandas().to_csv()
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    if path.suffix == ".pdf":
        import shutil
        import subprocess

        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext (poppler-utils) is not installed")
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return path.read_text(encoding="utf-8")


def test_demo_will_not_overwrite_a_folder_it_did_not_make(tmp_path: Path):
    (tmp_path / "my-work.xlsx").write_text("precious", encoding="utf-8")
    with pytest.raises(ScorecardError, match="already holds files that the demo did not write"):
        run_demo(DemoRequest(out_dir=tmp_path))
    assert not (tmp_path / DEMO_MARKER).exists()


def test_demo_command_help_and_plain_error(tmp_path: Path):
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert isinstance(result.exception, ScorecardError)
