from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from csc_scorecard.render import excel, pdf
from csc_scorecard.render.html import write_html
from csc_scorecard.render.model_types import ReportModel
from csc_scorecard.render.outputs import render_report

BROWSER = pdf.find_browser()
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
needs_browser = pytest.mark.skipif(
    BROWSER is None or not POPPLER,
    reason="needs Chromium, Chrome or Edge and poppler-utils (apt-get install chromium poppler-utils)",
)
# The fake browsers below are shell scripts, and whether a process is still running is read from /proc.
needs_linux = pytest.mark.skipif(sys.platform != "linux", reason="fake browsers are sh scripts; reads /proc")


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


def _fake_browser(folder: Path, body: str) -> Path:
    """A shell script standing in for Chromium; `$pdf` is the path given as --print-to-pdf=."""
    script = folder / "fake-browser"
    script.write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do case "$a" in --print-to-pdf=*) pdf="${a#--print-to-pdf=}";; esac; done\n' + body,
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def _wait_for(path: Path, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not (path.is_file() and path.read_text(encoding="utf-8").strip()):
        assert time.monotonic() < deadline, f"{path} was not written"
        time.sleep(0.02)


def _running(pid: int) -> bool:
    """Still running: /proc has it and it is not a zombie (a zombie has exited, unreaped by its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@needs_linux
def test_the_browser_prints_while_the_other_outputs_are_written(
    model: ReportModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = tmp_path / "workbook-started"
    # Writes the PDF only once the workbook has been started (so printing first and writing the
    # workbook after it would time out here) and gives up after 10 seconds.
    fake = _fake_browser(
        tmp_path,
        f'for i in $(seq 100); do [ -f "{started}" ] && printf "%%PDF-1.4" > "$pdf" && exit 0; sleep 0.1; done\n'
        "exit 5\n",
    )
    monkeypatch.setattr(pdf, "find_browser", lambda: fake)
    real_write_xlsx = excel.write_xlsx

    def write_xlsx(*args: object, **kwargs: object) -> Path:
        started.write_text("yes", encoding="utf-8")
        return real_write_xlsx(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(excel, "write_xlsx", write_xlsx)
    outcome = render_report(model, tmp_path / "out", ("html", "pdf", "xlsx"))
    assert not outcome.messages
    assert [p.name for p in outcome.written] == ["scorecard.html", "scorecard.pdf", "scorecard.xlsx"]


@needs_linux
def test_a_browser_still_printing_is_stopped_when_another_output_raises(
    model: ReportModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids, child_pids = tmp_path / "browser.pid", tmp_path / "renderer.pid"
    # A browser that never finishes, with a child process of its own (as Chromium has renderers).
    fake = _fake_browser(tmp_path, f'echo $$ > "{pids}"\nsleep 60 &\necho $! > "{child_pids}"\nwait\n')
    monkeypatch.setattr(pdf, "find_browser", lambda: fake)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where the browser's profile goes

    def workbook_held_open(*_: object, **__: object) -> Path:
        _wait_for(child_pids)  # the browser is running
        raise PermissionError(13, "Permission denied", "scorecard.xlsx")

    monkeypatch.setattr(excel, "write_xlsx", workbook_held_open)
    began = time.monotonic()
    with pytest.raises(PermissionError):
        render_report(model, tmp_path / "out", ("html", "pdf", "xlsx"))
    assert time.monotonic() - began < 30, "render_report waited for the browser instead of stopping it"
    browser, renderer = (int(p.read_text(encoding="utf-8")) for p in (pids, child_pids))
    deadline = time.monotonic() + 5  # the renderer, orphaned, is reaped by init in its own time
    while (_running(browser) or _running(renderer)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _running(browser) and not _running(renderer)
    assert list(temp.iterdir()) == []  # the browser's profile is removed


@pytest.fixture
def html(model: ReportModel, tmp_path: Path) -> Path:
    return write_html(model, tmp_path / "scorecard.html")


@needs_linux
def test_start_then_finish_gives_the_print_pdf_outcomes(
    html: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "scorecard.pdf"
    by_hand = pdf.how_to_print(html).split(". ", 1)[1]

    monkeypatch.setattr(pdf, "find_browser", lambda: None)
    missing = pdf.start_pdf(html, target).finish()
    assert (
        missing
        == pdf.print_pdf(html, target)
        == pdf.PdfOutcome(False, target, message=pdf.how_to_print(html))
    )

    failing = _fake_browser(tmp_path, 'echo "starting" >&2\necho "cannot open display" >&2\nexit 1\n')
    outcome = pdf.start_pdf(html, target, browser=failing).finish()
    assert outcome == pdf.print_pdf(html, target, browser=failing)
    assert outcome == pdf.PdfOutcome(
        False, target, str(failing), f"{failing} did not write the PDF (cannot open display). {by_hand}"
    )

    silent = _fake_browser(tmp_path, "exit 3\n")
    assert pdf.print_pdf(html, target, browser=silent).message == (
        f"{silent} did not write the PDF (exit code 3). {by_hand}"
    )

    writing = _fake_browser(tmp_path, 'printf "%%PDF-1.4" > "$pdf"\n')
    assert pdf.print_pdf(html, target, browser=writing) == pdf.PdfOutcome(True, target, str(writing))


@needs_linux
def test_a_browser_past_the_timeout_is_stopped_and_reported(
    html: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "browser.pid"
    slow = _fake_browser(tmp_path, f'echo $$ > "{pids}"\nexec sleep 60\n')
    monkeypatch.setattr(pdf, "PRINT_TIMEOUT_SECONDS", 0.5)
    outcome = pdf.print_pdf(html, tmp_path / "scorecard.pdf", browser=slow)
    assert not outcome.written
    assert outcome.message.startswith(f"{slow} could not print the PDF (Command '[")
    assert "timed out after 0.5 seconds). To make one, open" in outcome.message
    assert not _running(int(pids.read_text(encoding="utf-8")))


@needs_linux
def test_cancel_stops_the_browser_and_finish_then_says_so(html: Path, tmp_path: Path) -> None:
    pids = tmp_path / "browser.pid"
    slow = _fake_browser(tmp_path, f'echo $$ > "{pids}"\nexec sleep 60\n')
    with pdf.start_pdf(html, tmp_path / "scorecard.pdf", browser=slow) as printing:
        _wait_for(pids)
        printing.cancel()
        assert not _running(int(pids.read_text(encoding="utf-8")))
        printing.cancel()  # a second call does nothing
    outcome = printing.finish()
    assert not outcome.written
    assert outcome.message.startswith(f"Printing the PDF with {slow} was cancelled. To make one, open")
