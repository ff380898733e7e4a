from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from csc_scorecard.render import pdf
from csc_scorecard.render.html import write_html
from csc_scorecard.render.model_types import ReportModel
from csc_scorecard.render.outputs import render_report

BROWSER = pdf.find_browser()
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
needs_browser = pytest.mark.skipif(
    BROWSER is None or not POPPLER,
    reason="needs Chromium, Chrome or Edge and poppler-utils (apt-get install chromium poppler-utils)",
)


@pytest.fixture(scope="module")
def printed(model: ReportModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    html = write_html(model, folder / "scorecard.html")
    outcome = pdf.print_pdf(html, folder / "scorecard.pdf")
    assert outcome.written, outcome.message
    return outcome.path


def _pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@needs_browser
@pytest.mark.slow
def test_a4_landscape(printed: Path) -> None:
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    assert "A4" in size
    width, height = (float(n) for n in size.split(":")[1].split("pts")[0].split(" x "))
    assert width > height


@needs_browser
@pytest.mark.slow
def test_each_section_starts_a_page_and_every_page_has_the_footer(printed: Path, model: ReportModel) -> None:
    pages = [p for p in _pages(printed) if p.strip()]
    tops = ["\n".join(p.strip().splitlines()[:3]) for p in pages]
    for section in model.sections:
        title = section.title.split("<")[0].strip()
        assert any(title in top for top in tops), f"{section.code} does not start a page"
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "OFFICIAL-SENSITIVE" in page and "data as at 7 February 2023" in page


def test_without_a_browser_the_other_outputs_are_written(
    model: ReportModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_browser", lambda: None)
    outcome = render_report(model, tmp_path, ("html", "pdf", "xlsx"))
    assert {p.name for p in outcome.written} == {"scorecard.html", "scorecard.xlsx"}
    assert not (tmp_path / "scorecard.pdf").exists()
    assert "open" in outcome.messages[0] and "Save as PDF" in outcome.messages[0]


def test_a_failing_browser_is_reported_not_raised(model: ReportModel, tmp_path: Path) -> None:
    html = write_html(model, tmp_path / "scorecard.html")
    fake = tmp_path / "not-a-browser"
    fake.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    outcome = pdf.print_pdf(html, tmp_path / "scorecard.pdf", browser=fake)
    assert not outcome.written and "did not write the PDF" in outcome.message


def test_print_command_uses_the_agreed_flags(tmp_path: Path) -> None:
    command = pdf.print_command(Path("chromium"), tmp_path / "a.html", tmp_path / "a.pdf", tmp_path / "p")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run"):
        assert flag in command
    assert command[-1].startswith("file://")
