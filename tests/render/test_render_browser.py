"""The HTML report in a real browser: axe-core finds no serious or critical WCAG 2.2 AA problems, no
script errors, every section and ref is in the rendered page, and a screenshot is made.

Needs headless Chromium (apt-get install chromium) and axe-core from npm: set AXE_CORE_JS to its
axe.min.js, or `npm install axe-core` in the repository (or globally).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from csc_scorecard.render.html import render_html
from csc_scorecard.render.model_types import ReportModel
from csc_scorecard.render.pdf import find_browser
from csc_scorecard.render.screenshot import screenshot

REPO = Path(__file__).resolve().parents[2]


def _axe_script() -> Path | None:
    candidates = [os.environ.get("AXE_CORE_JS", ""), str(REPO / "node_modules/axe-core/axe.min.js")]
    npm = shutil.which("npm")
    if npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False).stdout.strip()
        candidates.append(str(Path(root) / "axe-core/axe.min.js"))
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


BROWSER = find_browser()
AXE = _axe_script()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BROWSER is None, reason="needs Chromium, Chrome or Edge (apt-get install chromium)"),
]

# Runs after the page has loaded: collects script and resource errors, runs axe (when given) and
# writes everything into the page, where --dump-dom can read it.
_PROBE = """
<script>
window.__errors = [];
window.addEventListener('error', function (e) { window.__errors.push(String(e.message || (e.target && e.target.src) || e)); }, true);
</script>
"""
_RUN = """
<script>%(axe)s</script>
<script>
function __report(violations) {
  var pre = document.createElement('pre'); pre.id = 'probe-results';
  pre.textContent = JSON.stringify({errors: window.__errors, violations: violations});
  document.body.appendChild(pre);
}
if (window.axe) {
  axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
    .then(function (r) { __report(r.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); })};
    })); });
} else { __report(null); }
</script>
"""


@pytest.fixture(scope="module", params=["hand-made", "demo"])
def model(
    request: pytest.FixtureRequest, model: ReportModel, tmp_path_factory: pytest.TempPathFactory
) -> ReportModel:
    """The hand-made test report (conftest's `model`), and the full report of the synthetic reference
    council: every section and all 122 refs."""
    if request.param == "hand-made":
        return model
    from csc_scorecard.config import load_config
    from csc_scorecard.pipeline import compute_for, report_model_for
    from csc_scorecard.synth.generate import Request, generate

    data = tmp_path_factory.mktemp("demo-data")
    generate(Request(out_dir=data, seed=1, start="2020-04", end="2022-03"))
    computed = compute_for(load_config(data / "council.toml"), data, "2022-03", months=24)
    demo, _ = report_model_for(computed, "2022-03")
    assert len({row.ref for row in demo.rows}) == 122
    assert len(demo.sections) == 6
    return demo


@pytest.fixture(scope="module")
def rendered(model: ReportModel, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object]]:
    folder = tmp_path_factory.mktemp("browser")
    page = render_html(model)
    axe = AXE.read_text(encoding="utf-8") if AXE else ""
    probed = page.replace("<head>", "<head>" + _PROBE, 1).replace(
        "</body>", _RUN % {"axe": axe} + "</body>", 1
    )
    path = folder / "probe.html"
    path.write_text(probed, encoding="utf-8")
    assert BROWSER is not None
    dom = subprocess.run(
        [
            str(BROWSER),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={folder / 'profile'}",
            "--virtual-time-budget=30000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    ).stdout
    match = re.search(r'<pre id="probe-results">(.*?)</pre>', dom, re.S)
    assert match, "the probe did not report back"
    return dom, json.loads(html.unescape(match.group(1)))


def test_no_script_or_resource_errors(rendered: tuple[str, dict[str, object]]) -> None:
    assert rendered[1]["errors"] == []


@pytest.mark.skipif(AXE is None, reason="needs axe-core from npm (npm install axe-core, or set AXE_CORE_JS)")
def test_axe_finds_no_serious_or_critical_violations(rendered: tuple[str, dict[str, object]]) -> None:
    violations = rendered[1]["violations"]
    assert isinstance(violations, list)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_every_section_and_ref_is_in_the_rendered_page(
    rendered: tuple[str, dict[str, object]], model: ReportModel
) -> None:
    dom = rendered[0]
    for section in model.sections:
        assert f'id="{section.anchor}"' in dom
    for row in model.rows:
        assert f'id="{row.row_id}"' in dom


def test_screenshot(model: ReportModel, tmp_path: Path) -> None:
    page = tmp_path / "scorecard.html"
    page.write_text(render_html(model), encoding="utf-8")
    assert screenshot(page, tmp_path / "scorecard.png", 1280, 900)
    assert (tmp_path / "scorecard.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
