"""Generating several councils side by side within a memory budget (docs/synthetic-data.md, *Scale*).

Three things bound the memory of the whole process tree, parent and workers together:

- each council's intermediates are freed as it is built (`generate._shown_tables`), so a council's peak
  is about twice its Arrow tables, not every copy of every row at once;
- a worker hands freed memory back to the operating system after each council
  (`release_freed_memory`), so its resident size is that of the council it is building, not the largest
  one it has built;
- councils start largest first, and a worker takes the largest waiting council whose estimated peak
  (`estimated_peak_mb`) fits beside those already running (`next_council`), so two large councils run
  together only when both fit.

Largest first is also the classic rule for finishing a batch of uneven jobs early on a fixed number of
processors: the long councils start at once and the small ones fill the gaps at the end.
"""

from __future__ import annotations

import ctypes
import platform
from collections.abc import Sequence

import pyarrow as pa

# What the process tree may use in all (the target), and what is kept back from it for the
# parent process (the interpreter, numpy, pyarrow, the progress bar and the results: measured ~0.3 GB).
TREE_BUDGET_MB = 4096.0
PARENT_ALLOWANCE_MB = 400.0
WORKER_BUDGET_MB = TREE_BUDGET_MB - PARENT_ALLOWANCE_MB

# A council's peak resident size grows with its 0-17 population times the simulated span (ten years of
# burn-in, the window and a year after it). Measured with the reference profile, the heaviest per child
# of the three (Linux, 2017-04 to 2023-03, 207 simulated months): Rutland-sized (339 children) 0.14 GB,
# Tameside (50,956) 0.33 GB, Staffordshire (171,275) 0.72 GB, Kent (346,571) 1.31 GB, i.e. about
# 0.2 MB per thousand child-years above a 0.14 GB floor. The figures below add a fifth to the slope and
# room for a spawned worker's imports, so that the estimate is above every measured peak.
WORKER_BASE_MB = 200.0
MB_PER_THOUSAND_CHILD_YEARS = 0.24


def estimated_peak_mb(population: int, simulated_months: int) -> float:
    """A conservative estimate of one council's peak resident size in a worker process."""
    return WORKER_BASE_MB + MB_PER_THOUSAND_CHILD_YEARS * population / 1000 * simulated_months / 12


def largest_first(estimates: Sequence[float]) -> list[int]:
    """Council positions in the order to start them: largest estimate first; ties in the given order."""
    return sorted(range(len(estimates)), key=lambda i: (-estimates[i], i))


def next_council(
    waiting: Sequence[int], running: Sequence[int], estimates: Sequence[float], budget_mb: float
) -> int | None:
    """Which waiting council a free worker starts, or None to wait for a running one to finish.

    `waiting` and `running` are positions in `estimates`; `waiting` is in the order to start (largest
    first). The first waiting council that fits beside the running ones starts. With nothing running,
    the first waiting council starts even if it alone is over the budget: the run must go on, and alone
    is the least it can use."""
    running_mb = sum(estimates[position] for position in running)
    for position in waiting:
        if not running or running_mb + estimates[position] <= budget_mb:
            return position
    return None


def _glibc() -> ctypes.CDLL | None:
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


_LIBC = _glibc()


def release_freed_memory() -> None:
    """Give memory that has been freed back to the operating system.

    Neither allocator does this by itself: glibc keeps freed numpy buffers below its mmap threshold in
    its heaps, and Arrow's pool (mimalloc) keeps freed pages for reuse. The two do not share, so rows
    freed by numpy cannot hold the Arrow tables that replace them, and a process that has built a large
    council would otherwise stay near that council's peak for the rest of its life (Kent: 2.1 GB still
    resident after its files were written, 0.19 GB with this)."""
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
