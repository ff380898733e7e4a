"""The demo: a synthetic council end to end, so anyone can see the tool work in one command.

generate (the reference profile) → load and validate → compute 36 months → compare, chart and write
the full report (HTML, PDF, Excel) and the tidy results (CSV, Parquet). Each stage is timed; the demo should finish within 20 seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from csc_scorecard.errors import ScorecardError

DEMO_MARKER = ".csc-scorecard-demo"  # marks a folder the demo made, so it may safely replace it


@dataclass(frozen=True)
class DemoRequest:
    out_dir: Path
    seed: int = 1
    period: str = "2023-01"
    months: int = 36
    start: str = "2017-04"


@dataclass(frozen=True)
class DemoOutputs:
    """What the demo wrote, and how long each stage took (seconds)."""

    data_dir: Path
    files: tuple[Path, ...]
    timings: dict[str, float] = field(default_factory=dict)
    rows: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    messages: tuple[str, ...] = ()  # e.g. how to print the PDF by hand when no browser is installed

    @property
    def total_seconds(self) -> float:
        return sum(self.timings.values())


def run_demo(request: DemoRequest, progress: Callable[[str], None] | None = None) -> DemoOutputs:
    """Generate the reference synthetic council and build its scorecard for `request.period`."""
    from csc_scorecard.config import load_config
    from csc_scorecard.pipeline import compute_for, report_for
    from csc_scorecard.synth.generate import Request, generate

    say = progress or (lambda _: None)
    out = request.out_dir
    _prepare(out)
    data_dir = out / "data"
    timings: dict[str, float] = {}

    with _timed(timings, "generate"):
        say("generating the synthetic reference council")
        # The window ends with the reporting month, so the extract date falls early the next month,
        # as a council's own monthly extract would.
        generate(Request(out_dir=data_dir, seed=request.seed, start=request.start, end=request.period))
    with _timed(timings, "load and compute"):
        config = load_config(data_dir / "council.toml")
        computed = compute_for(config, data_dir, request.period, months=request.months, progress=say)
    with _timed(timings, "report"):
        outcome = report_for(computed, request.period, out, progress=say)
    frame = computed.results.to_pandas()
    statuses = {str(k): int(v) for k, v in frame.status.value_counts().sort_index().items()}
    return DemoOutputs(
        data_dir, tuple(outcome.written), timings, len(frame), statuses, tuple(outcome.messages)
    )


def _prepare(out: Path) -> None:
    """Create the output folder; refuse to write into a non-empty folder the demo did not make."""
    if out.exists() and any(out.iterdir()) and not (out / DEMO_MARKER).exists():
        raise ScorecardError(
            f"{out} already holds files that the demo did not write. Choose an empty or new folder "
            "with --out, so nothing of yours is overwritten."
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / DEMO_MARKER).write_text("written by csc-scorecard demo\n", encoding="utf-8")


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = round(time.perf_counter() - started, 2)
