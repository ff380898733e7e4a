"""Several councils side by side: largest first, within the memory budget, the same files either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_scorecard.synth.generate import Request, generate
from csc_scorecard.synth.parallel import estimated_peak_mb, largest_first, next_council

# Estimated peaks (MB) of five councils, positions 0-4, in DfE-code order as generate() receives them.
KENT, ESSEX, BIRMINGHAM, SMALL, SMALLER = 0, 1, 2, 3, 4
ESTIMATES = [1600.0, 1500.0, 1400.0, 300.0, 250.0]
BUDGET = 3000.0


def test_estimate_grows_with_children_and_simulated_span() -> None:
    # 200 MB base + 0.24 MB per thousand child-years:
    # Kent, 346,571 children over 207 simulated months = 346.571 * 17.25 = 5978.35 thousand child-years,
    # 0.24 * 5978.35 = 1434.80, + 200 = 1634.80.
    assert estimated_peak_mb(346_571, 207) == pytest.approx(1634.80, abs=0.01)
    # The same council over a third of the span, 69 months: 0.24 * 346.571 * 5.75 = 478.27, + 200 = 678.27.
    assert estimated_peak_mb(346_571, 69) == pytest.approx(678.27, abs=0.01)
    # No children: the worker's own footprint only.
    assert estimated_peak_mb(0, 207) == 200.0


def test_largest_first_keeps_the_given_order_for_ties() -> None:
    assert largest_first([300.0, 1600.0, 720.0, 1600.0, 140.0]) == [1, 3, 2, 0, 4]
    assert largest_first([]) == []


def test_a_free_worker_takes_the_largest_council_that_fits() -> None:
    waiting = largest_first(ESTIMATES)
    assert waiting == [KENT, ESSEX, BIRMINGHAM, SMALL, SMALLER]
    # Nothing running: the largest starts.
    assert next_council(waiting, [], ESTIMATES, BUDGET) == KENT
    # Beside Kent: Essex would make 1600 + 1500 = 3100 > 3000 (excluded); Birmingham makes
    # 1600 + 1400 = 3000, exactly the budget (the boundary is allowed).
    assert next_council([ESSEX, BIRMINGHAM, SMALL], [KENT], ESTIMATES, BUDGET) == BIRMINGHAM
    # Beside Kent and Birmingham (3000) nothing fits, not even the smallest (3250): wait.
    assert next_council([ESSEX, SMALL, SMALLER], [KENT, BIRMINGHAM], ESTIMATES, BUDGET) is None
    # Beside Kent only Essex is left, and it does not fit: wait rather than exceed the budget.
    assert next_council([ESSEX], [KENT], ESTIMATES, BUDGET) is None


def test_a_council_over_the_budget_on_its_own_still_runs_alone() -> None:
    estimates = [5000.0, 100.0]
    assert next_council([0, 1], [], estimates, BUDGET) == 0
    # ... and nothing joins it: 5000 + 100 > 3000.
    assert next_council([1], [0], estimates, BUDGET) is None


def test_two_workers_never_run_two_councils_over_the_budget() -> None:
    """The scheduling loop of generate() replayed on a pretend clock: two workers, each council taking
    its estimate / 100 time units.

    By hand: t=0 Kent starts (ends 16); Essex beside it is 3100 > 3000, Birmingham 3000 fits (ends 14).
    t=14 Birmingham ends: Essex beside Kent still 3100, SMALL 1900 fits (ends 17).
    t=16 Kent ends: beside SMALL (300) Essex makes 1800 (ends 31). t=17 SMALL ends: SMALLER starts.
    Start order Kent, Birmingham, SMALL, Essex, SMALLER; the most ever running is 3000 (Kent + Birmingham).
    """
    waiting = largest_first(ESTIMATES)
    running: dict[int, float] = {}  # position -> end time
    clock, started, most = 0.0, [], 0.0
    while waiting or running:
        while len(running) < 2:
            position = next_council(waiting, list(running), ESTIMATES, BUDGET)
            if position is None:
                break
            waiting.remove(position)
            running[position] = clock + ESTIMATES[position] / 100
            started.append(position)
            most = max(most, sum(ESTIMATES[p] for p in running))
        first = min(running, key=lambda p: running[p])
        clock = running.pop(first)
    assert started == [KENT, BIRMINGHAM, SMALL, ESSEX, SMALLER]
    assert most == 3000.0
    assert clock == 31.0  # Essex, started at 16, ends last


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_and_sequential_runs_write_the_same_files_in_council_order(tmp_path: Path) -> None:
    # Three councils: Rutland (the profile's own, 7,850 children), City of London (201, the smallest)
    # and Camden (202, the largest of the three), so largest-first starts them in a different order.
    args = {"seed": 6, "start": "2022-10", "end": "2023-03", "profile": "small_shire", "councils": 3}
    parallel = generate(Request(tmp_path / "two", workers=2, **args))  # type: ignore[arg-type]
    sequential = generate(Request(tmp_path / "one", workers=1, **args))  # type: ignore[arg-type]
    assert [r.council.code for r in parallel] == ["857", "201", "202"]
    assert [r.rows for r in parallel] == [r.rows for r in sequential]
    two, one = _files(tmp_path / "two"), _files(tmp_path / "one")
    assert len(one) > 150
    assert two == one
