"""The engine's January 2023 figures for the synthetic reference council fall within the calibration
bands of the synthetic-council issue (docs/synthetic-data.md), for every band ref computed so far.

The bands are checked by tests/synth against the generated tables directly; here the same bands hold
for what the engine computes from them (same seed, window and profile), with the council's own
configuration (team map, roles) as `csc-scorecard generate` writes it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from csc_scorecard.config import load_config
from csc_scorecard.pipeline import compute_for
from csc_scorecard.synth.generate import Request, generate

_SYNTH_TESTS = str(Path(__file__).resolve().parent.parent / "synth")
if _SYNTH_TESTS not in sys.path:
    sys.path.insert(0, _SYNTH_TESTS)

from test_synth_calibration import COUNTS, PERCENTAGES, RATES  # noqa: E402

BAND_REFS = [
    "CIN6",
    "CIN13",
    "CIN16",
    "CIN18",
    "CIN21",
    "CF1",
    "CF8",
    "CF12",
    "WF1",
    "CIN2",
    "CIN14",
    "FD1",
    "FD2",
    "CIN4",
    "CIN8",
    "CIN20",
    "CF9",
    "CF13",
    "SG13",
    "SG14",
]


@pytest.fixture(scope="module")
def january_2023(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    folder = tmp_path_factory.mktemp("reference")
    generate(Request(folder, seed=2, start="2017-04", end="2023-03", profile="reference"))
    config = load_config(folder / "council.toml")
    computed = compute_for(config, folder, "2023-01", months=1)
    frame = computed.results.to_pandas()
    rows = frame[(frame.breakdown_value == "all") & (frame.period_end.astype(str) == "2023-01-31")]
    return dict(zip(rows.ref, rows.value, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("ref", BAND_REFS)
def test_january_2023_within_the_calibration_band(january_2023: dict[str, float], ref: str) -> None:
    value = january_2023[ref]
    if ref in PERCENTAGES:
        target = PERCENTAGES[ref]
        assert abs(value * 100 - target) <= 5, f"{ref}: {value * 100:.1f}% vs {target}%"
    else:
        target = {**COUNTS, **RATES}[ref]
        assert abs(value - target) <= 0.15 * target, f"{ref}: {value:.1f} vs {target}"
