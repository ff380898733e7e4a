"""Measure `csc-scorecard generate`: wall time, the peak memory of the whole process tree, and the output.

    python scripts/measure_generate.py OUT_DIR [--interval 0.2] [--samples FILE] [--keep] [-- GENERATE_ARGS]

Runs `python -m csc_scorecard generate OUT_DIR GENERATE_ARGS` (default: `--councils 150 --start 2017-04
--end 2023-03`) and, every `--interval` seconds, finds the command's process and all its descendants
(walking /proc for parent ids: the worker processes and multiprocessing's resource tracker) and adds up
their resident sizes. Prints one JSON object:

- `peak_tree_rss_mb`: the largest sum of VmRSS over the tree at one sample. Shared library pages count
  once per process, so this is an upper bound on what the tree really holds;
- `peak_tree_pss_mb`: the same with proportional set sizes (shared pages divided between the processes
  that map them), the fairer figure;
- `largest_process_mb`: the highest VmHWM (the kernel's own high-water mark, so nothing is missed between
  samples) of any single process while it was alive;
- `parent_mb`: the generate command's own VmHWM (the process that schedules the workers);
- `processes_at_peak`, `seconds`, `cpu_seconds` (user + system of the whole tree), `output_bytes`,
  `output_files`.

The summed figures are sampled: a peak shorter than the interval can fall between two samples, which is
why `largest_process_mb` (exact per process) is reported beside them. Linux only (reads /proc). The
output folder is deleted afterwards unless `--keep` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

PROC = Path("/proc")
DEFAULT_GENERATE_ARGS = ["--councils", "150", "--start", "2017-04", "--end", "2023-03"]


def _parent_ids() -> dict[int, int]:
    """pid → parent pid for every process now running."""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8")
        except OSError:  # the process ended while we looked
            continue
        # The command name (field 2) is in parentheses and may contain spaces: split after it.
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def tree(root: int) -> list[int]:
    """`root` and all its descendants."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parent_ids().items():
        children.setdefault(parent, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _status_kb(pid: int, *keys: str) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        for line in (PROC / str(pid) / "status").read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition(":")
            if name in keys:
                out[name] = int(value.split()[0])
    except OSError:  # the process ended between being listed and being read: nothing to add
        pass
    return out


def _pss_kb(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text(encoding="utf-8").splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # the process ended between being listed and being read
        pass
    return 0


def _output_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument(
        "--samples", type=Path, help="also write every sample (seconds, processes, MB) as CSV"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated folder")
    # Everything after `--` goes to csc-scorecard generate unchanged.
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    generate_args = argv[split + 1 :] or DEFAULT_GENERATE_ARGS
    if not PROC.is_dir():
        print("measure_generate.py reads /proc: Linux only", file=sys.stderr)
        return 2
    if args.out_dir.exists():
        print(f"{args.out_dir} exists: give a new folder (it is deleted afterwards)", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "csc_scorecard", "generate", str(args.out_dir), *generate_args]
    samples: list[tuple[float, int, float, float]] = []
    peak_rss = peak_pss = 0.0
    processes_at_peak = 0
    largest: dict[int, int] = {}  # pid → highest VmHWM seen (kB)
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    while child.poll() is None:
        pids = tree(child.pid)
        rss_kb = pss_kb = 0
        for pid in pids:
            status = _status_kb(pid, "VmRSS", "VmHWM")
            rss_kb += status.get("VmRSS", 0)
            largest[pid] = max(largest.get(pid, 0), status.get("VmHWM", 0))
            pss_kb += _pss_kb(pid)
        elapsed = time.perf_counter() - started
        samples.append((elapsed, len(pids), rss_kb / 1024, pss_kb / 1024))
        if rss_kb / 1024 > peak_rss:
            peak_rss, processes_at_peak = rss_kb / 1024, len(pids)
        peak_pss = max(peak_pss, pss_kb / 1024)
        time.sleep(args.interval)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and the workers it waited for
    output_bytes, output_files = _output_size(args.out_dir) if args.out_dir.exists() else (0, 0)
    if args.samples:
        lines = ["seconds,processes,tree_rss_mb,tree_pss_mb"]
        lines += [f"{s:.1f},{n},{r:.0f},{p:.0f}" for s, n, r, p in samples]
        args.samples.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(args.out_dir, ignore_errors=True)
    report = {
        "command": " ".join(["csc-scorecard", "generate", str(args.out_dir), *generate_args]),
        "exit_code": child.returncode,
        "seconds": round(seconds, 1),
        "peak_tree_rss_mb": round(peak_rss),
        "peak_tree_pss_mb": round(peak_pss),
        "processes_at_peak": processes_at_peak,
        "largest_process_mb": round(max(largest.values(), default=0) / 1024),
        "parent_mb": round(largest.get(child.pid, 0) / 1024),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "output_bytes": output_bytes,
        "output_files": output_files,
        "samples": len(samples),
        "interval_seconds": args.interval,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(report, indent=2))
    return 0 if child.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
