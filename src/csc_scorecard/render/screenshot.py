"""A PNG of the HTML report taken by the same headless browser that prints the PDF (for docs and tests).

from csc_scorecard.render.screenshot import screenshot
screenshot(Path("out/scorecard.html"), Path("docs/images/scorecard.png"), width=1440, height=2000)
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from csc_scorecard.render.pdf import PRINT_TIMEOUT_SECONDS, find_browser


def screenshot(html_path: Path, png_path: Path, width: int = 1440, height: int = 2000) -> bool:
    """Save a width × height screenshot of the page's top; False when no browser is found or it fails."""
    browser = find_browser()
    if browser is None:
        return False
    png_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="csc-scorecard-browser-") as profile:
        command = [
            str(browser),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--screenshot={png_path.resolve()}",
            html_path.resolve().as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return False
    return png_path.is_file() and png_path.stat().st_size > 0
