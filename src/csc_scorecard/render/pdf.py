"""The PDF: the HTML report printed by headless Chromium, Chrome or Edge, whichever is installed.

    from csc_scorecard.render.pdf import print_pdf
    outcome = print_pdf(Path("out/scorecard.html"), Path("out/scorecard.pdf"))
    if not outcome.written:
        print(outcome.message)        # says how to print it by hand; the other outputs are unaffected

Page size, page breaks and the footer (protective marking, data-as-at, "Page x of y") come from the
report's own print stylesheet: CSS @page margin boxes, which Chromium supports from version 131, so
the browser's own header and footer are switched off (--no-pdf-header-footer).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

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
    """Print `html_path` to `pdf_path`. Never raises for a missing or failing browser: the outcome says
    what happened, so the caller can still write every other output and exit 0."""
    browser = browser or find_browser()
    if browser is None:
        return PdfOutcome(False, pdf_path, message=how_to_print(html_path))
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    if pdf_path.exists():
        pdf_path.unlink()  # a PDF open in a viewer on Windows raises PermissionError here, which the CLI explains
    # A fresh profile each time: a browser already open on the desktop must not share (or lock) it.
    with tempfile.TemporaryDirectory(prefix="csc-scorecard-browser-") as profile:
        command = print_command(browser, html_path, pdf_path, Path(profile))
        try:
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return PdfOutcome(
                False,
                pdf_path,
                str(browser),
                f"{browser} could not print the PDF ({error}). " + how_to_print(html_path).split(". ", 1)[1],
            )
    if completed.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        detail = (completed.stderr or "").strip().splitlines()[-1:] or [f"exit code {completed.returncode}"]
        return PdfOutcome(
            False,
            pdf_path,
            str(browser),
            f"{browser} did not write the PDF ({detail[0]}). " + how_to_print(html_path).split(". ", 1)[1],
        )
    return PdfOutcome(True, pdf_path, str(browser))
