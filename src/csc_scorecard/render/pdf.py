"""The PDF: the HTML report printed by headless Chromium, Chrome or Edge, whichever is installed.

    from csc_scorecard.render.pdf import print_pdf, start_pdf
    outcome = print_pdf(Path("out/scorecard.html"), Path("out/scorecard.pdf"))
    if not outcome.written:
        print(outcome.message)        # says how to print it by hand; the other outputs are unaffected

    with start_pdf(html, pdf) as printing:   # the browser prints in the background...
        write_other_outputs()                # ...while this runs (if it raises, the browser is stopped)
        outcome = printing.finish()          # the same outcome as print_pdf's

Page size, page breaks and the footer (protective marking, data-as-at, "Page x of y") come from the
report's own print stylesheet: CSS @page margin boxes, which Chromium supports from version 131, so
the browser's own header and footer are switched off (--no-pdf-header-footer).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Looked for on PATH, in this order.
BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
)
PRINT_TIMEOUT_SECONDS = 120
BROWSER_ENV = "CSC_SCORECARD_BROWSER"  # a path to a browser, to use that one


@dataclass(frozen=True, slots=True)
class PdfOutcome:
    written: bool
    path: Path
    browser: str = ""
    message: str = ""


def _windows_candidates() -> list[Path]:
    roots = [os.environ.get(name) for name in ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA")]
    tails = [
        Path("Microsoft/Edge/Application/msedge.exe"),
        Path("Google/Chrome/Application/chrome.exe"),
        Path("Chromium/Application/chrome.exe"),
    ]
    return [Path(root) / tail for root in roots if root for tail in tails]


def _mac_candidates() -> list[Path]:
    return [
        Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
        Path("/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"),
        Path("/Applications/Chromium.app/Contents/MacOS/Chromium"),
    ]


def find_browser() -> Path | None:
    """The first Chromium-family browser found: $CSC_SCORECARD_BROWSER, then PATH, then the usual
    install folders on Windows (Edge, Chrome) and macOS."""
    chosen = os.environ.get(BROWSER_ENV)
    if chosen and Path(chosen).is_file():
        return Path(chosen)
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    candidates = _windows_candidates() if sys.platform == "win32" else _mac_candidates()
    return next((path for path in candidates if path.is_file()), None)


def how_to_print(html_path: Path) -> str:
    return (
        f"No Chromium, Chrome or Edge was found, so no PDF was made. To make one, open {html_path} in a "
        "browser, choose Print, then Save as PDF (A4, landscape, background graphics on). Or install "
        f"Chromium or Chrome, or set {BROWSER_ENV} to a browser's path, and run again."
    )


def print_command(browser: Path, html_path: Path, pdf_path: Path, profile: Path) -> list[str]:
    return [
        str(browser),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf_path}",
        "--no-pdf-header-footer",
        html_path.resolve().as_uri(),
    ]


def print_pdf(html_path: Path, pdf_path: Path, browser: Path | None = None) -> PdfOutcome:
    """Print `html_path` to `pdf_path` and wait for it. Never raises for a missing or failing browser:
    the outcome says what happened, so the caller can still write every other output and exit 0."""
    with start_pdf(html_path, pdf_path, browser) as printing:
        return printing.finish()


def start_pdf(html_path: Path, pdf_path: Path, browser: Path | None = None) -> PdfPrint:
    """Start printing `html_path` to `pdf_path` and return at once, so the caller can write its other
    outputs while the browser works; `finish()` then waits for it and gives what `print_pdf` gives.

    Use it as a context manager (or call `cancel()` in a `finally`): leaving without `finish()`, say
    because another output raised, stops the browser rather than leaving it running."""
    browser = browser or find_browser()
    if browser is None:
        return PdfPrint(html_path, pdf_path, PdfOutcome(False, pdf_path, message=how_to_print(html_path)))
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    if pdf_path.exists():
        pdf_path.unlink()  # a PDF open in a viewer on Windows raises PermissionError here, which the CLI explains
    # A fresh profile each time: a browser already open on the desktop must not share (or lock) it.
    profile = tempfile.TemporaryDirectory(prefix="csc-scorecard-browser-")
    command = print_command(browser, html_path, pdf_path, Path(profile.name))
    # The browser's messages go to a file, not a pipe: a pipe nobody reads while the other outputs
    # are written could fill up and stall the browser.
    log = tempfile.TemporaryFile()  # noqa: SIM115 -- closed by PdfPrint, once the browser has exited
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=os.name == "posix",  # its own process group: stopped with its renderers
        )
    except OSError as error:
        log.close()
        profile.cleanup()
        return PdfPrint(html_path, pdf_path, _could_not_print(browser, html_path, pdf_path, error))
    return PdfPrint(
        html_path, pdf_path, running=_Running(browser, process, command, profile, log, time.monotonic())
    )


@dataclass
class _Running:
    browser: Path
    process: subprocess.Popen[bytes]
    command: list[str]
    profile: tempfile.TemporaryDirectory[str]
    log: IO[bytes]
    started: float  # time.monotonic()

    def stop(self) -> None:
        """Kill the browser if it is still running (on POSIX with its renderer processes)."""
        if self.process.poll() is None:
            if os.name == "posix":
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.kill()
            self.process.wait()

    def messages(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", errors="replace")

    def close(self) -> None:
        self.log.close()
        self.profile.cleanup()


@dataclass
class PdfPrint:
    """A PDF printing in the background (see `start_pdf`). `finish()` waits for the browser, at most
    PRINT_TIMEOUT_SECONDS from its start, and returns the PdfOutcome; `cancel()` stops the browser if
    it is still running. Without a browser, or when it could not start, the outcome is known at once."""

    html_path: Path
    pdf_path: Path
    outcome: PdfOutcome | None = None
    running: _Running | None = None

    def __enter__(self) -> PdfPrint:
        return self

    def __exit__(self, *_: object) -> None:
        self.cancel()

    def finish(self) -> PdfOutcome:
        """Wait for the browser and say what happened; never raises for a failing or slow browser."""
        if self.outcome is not None:
            return self.outcome
        running, self.running = self.running, None
        assert running is not None, "start_pdf gives either an outcome or a running browser"
        browser = running.browser
        try:
            returncode: int | None = running.process.wait(
                timeout=max(0.0, PRINT_TIMEOUT_SECONDS - (time.monotonic() - running.started))
            )
            stderr = running.messages()
        except subprocess.TimeoutExpired:
            returncode, stderr = None, ""
        finally:
            running.stop()  # still running only past the timeout, or when the wait was interrupted
            running.close()
        if returncode is None:
            # Worded as subprocess.run(timeout=PRINT_TIMEOUT_SECONDS) words it.
            error = subprocess.TimeoutExpired(running.command, PRINT_TIMEOUT_SECONDS)
            self.outcome = _could_not_print(browser, self.html_path, self.pdf_path, error)
            return self.outcome
        pdf_path = self.pdf_path
        if returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
            detail = stderr.strip().splitlines()[-1:] or [f"exit code {returncode}"]
            self.outcome = PdfOutcome(
                False,
                pdf_path,
                str(browser),
                f"{browser} did not write the PDF ({detail[0]}). " + _by_hand(self.html_path),
            )
        else:
            self.outcome = PdfOutcome(True, pdf_path, str(browser))
        return self.outcome

    def cancel(self) -> None:
        """Give up on the PDF: stop the browser if it is still running and remove its profile. Does
        nothing after `finish()`, or when called again."""
        running, self.running = self.running, None
        if running is None:
            return
        try:
            running.stop()
        finally:
            running.close()
        if self.outcome is None:
            self.outcome = PdfOutcome(
                False,
                self.pdf_path,
                str(running.browser),
                f"Printing the PDF with {running.browser} was cancelled. " + _by_hand(self.html_path),
            )


def _by_hand(html_path: Path) -> str:
    """How to print by hand: `how_to_print` without its first sentence (no browser was found)."""
    return how_to_print(html_path).split(". ", 1)[1]


def _could_not_print(browser: Path, html_path: Path, pdf_path: Path, error: Exception) -> PdfOutcome:
    return PdfOutcome(
        False, pdf_path, str(browser), f"{browser} could not print the PDF ({error}). " + _by_hand(html_path)
    )
