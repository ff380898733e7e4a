"""The shipped comparator table is exactly what scripts/build_comparators.py makes from ../shared, it is
small, and the installed package reads only its own files."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_comparators.py"
SHIPPED = REPO / "src" / "csc_scorecard" / "compare" / "data"
SHARED = REPO.parent / "shared"
PUBLISHED = SHARED / "data" / "published"
FILES = ("comparators.csv", "comparator_sources.csv")

needs_shared = pytest.mark.skipif(
    not (PUBLISHED / "MANIFEST.csv").is_file(),
    reason=f"published statistics not found at {PUBLISHED}: the rebuild needs <repo>/../shared",
)


def _build(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
    )


@needs_shared
def test_rebuild_from_shared_is_byte_identical(tmp_path: Path) -> None:
    result = _build("--shared", SHARED, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), name
    check = _build("--shared", SHARED, "--check")
    assert check.returncode == 0, check.stderr


@needs_shared
def test_a_source_that_differs_from_the_manifest_stops_the_build(tmp_path: Path) -> None:
    published = tmp_path / "shared" / "data" / "published"
    for source in PUBLISHED.rglob("*"):
        if source.is_file() and source.name != "MANIFEST.csv":
            target = published / source.relative_to(PUBLISHED)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)
    manifest = (PUBLISHED / "MANIFEST.csv").read_text(encoding="utf-8")
    changed = "d5_cpps_at31march_by_duration_2013_to_2025.csv,390736,b"
    assert changed in manifest
    (published / "MANIFEST.csv").write_text(manifest.replace(changed, changed[:-1] + "0"), encoding="utf-8")
    result = _build("--shared", tmp_path / "shared", "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "differs from MANIFEST.csv" in result.stderr
    assert not (tmp_path / "out").exists()


def test_shipped_table_is_small_sorted_and_never_reads_a_marker_as_a_number() -> None:
    assert sum((SHIPPED / name).stat().st_size for name in FILES) < 2_000_000
    with (SHIPPED / "comparators.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    keys = [(r["measure"], int(r["year"]), r["area_code"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for r in rows:
        assert (r["value"] == "") != (r["marker"] == ""), r
        assert r["marker"] in {"", "c", "x", "z", "k", "u", "low", "-"}
    assert {r["marker"] for r in rows} >= {"c", "x", "z", "k", "u"}
    with (SHIPPED / "comparator_sources.csv").open(encoding="utf-8", newline="") as f:
        sources = list(csv.DictReader(f))
    assert {(r["measure"], int(r["year"])) for r in sources} == {(m, y) for m, y, _ in keys}
    assert all(r["published"] and r["date_basis"] and len(r["source_sha256"]) == 64 for r in sources)


PROBE = textwrap.dedent(
    """
    import json, sys

    opened = []
    def hook(event, args):
        if event == "open" and isinstance(args[0], str):
            opened.append(args[0])
    sys.addaudithook(hook)

    from csc_scorecard import compare
    at_import = list(opened)
    compare.comparator_table("357", "2021-22")
    print(json.dumps({"at_import": at_import, "opened": opened}))
    """
)


def test_the_package_reads_only_its_shipped_files(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    report = json.loads(result.stdout)
    data = [Path(p).resolve() for p in report["opened"] if p.endswith((".csv", ".yaml"))]
    assert {p.name for p in data} >= {"comparators.csv", "comparator_sources.csv", "measures.yaml"}
    assert not [p for p in report["opened"] if "shared" in Path(p).parts]
    assert not [p for p in report["at_import"] if p.endswith((".csv", ".yaml"))], "import must not read data"
