"""The shipped reference files are exactly what scripts/build_reference.py makes from ../shared."""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from csc_scorecard import reference

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_reference.py"
SHIPPED = REPO / "src" / "csc_scorecard" / "reference" / "data"
# In CI and in a developer's tree the read-only material sits beside the repository.
SHARED = REPO.parent / "shared"
PUBLISHED = SHARED / "data" / "published"

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
        timeout=120,
    )


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@needs_shared
def test_rebuild_from_shared_is_byte_for_byte_the_shipped_files(tmp_path: Path) -> None:
    result = _build("--shared", SHARED, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in SHIPPED.iterdir()), "shipped folder has missing or extra files"
    for name in built:
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), (
            f"{name} is out of date: run python scripts/build_reference.py"
        )


@needs_shared
def test_check_mode_passes_on_shipped_files_and_names_a_stale_one(tmp_path: Path) -> None:
    assert _build("--shared", SHARED, "--check").returncode == 0
    stale = tmp_path / "data"
    shutil.copytree(SHIPPED, stale)
    with (stale / "councils.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("999,E06999999,,Nowhere\n")
    result = _build("--shared", SHARED, "--out", stale, "--check")
    assert result.returncode == 1
    assert "councils.csv" in result.stderr
    assert "population_0_17.csv" not in result.stderr


@needs_shared
def test_build_refuses_a_source_that_differs_from_the_manifest(tmp_path: Path) -> None:
    # A shared folder whose files are links to the real ones, except one edited copy.
    fake = tmp_path / "shared" / "data" / "published"
    for source in PUBLISHED.rglob("*"):
        if source.is_file():
            target = fake / source.relative_to(PUBLISHED)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)
    edited = fake / "dfe_csc_outcomes_enablers" / "sn_model_2025_wide.csv"
    text = edited.read_text(encoding="utf-8-sig").replace("Tameside,5", "Tameside,6")
    edited.unlink()
    edited.write_text(text, encoding="utf-8")
    result = _build("--shared", tmp_path / "shared", "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "sn_model_2025_wide.csv" in result.stderr and "sha256" in result.stderr
    assert not (tmp_path / "out").exists()


def test_shipped_files_are_small_utf8_with_unix_line_endings() -> None:
    files = sorted(SHIPPED.iterdir())
    assert {p.name for p in files} == {
        "councils.csv",
        "council_successions.csv",
        "population_0_17.csv",
        "SOURCES.csv",
    }
    assert sum(p.stat().st_size for p in files) < 1_000_000
    for path in files:
        data = path.read_bytes()
        data.decode("utf-8")
        assert b"\r" not in data and data.endswith(b"\n") and not data.startswith(b"\xef\xbb\xbf")


def test_sources_record_manifest_checksums_and_the_open_government_licence() -> None:
    rows = _csv(SHIPPED / "SOURCES.csv")
    assert {r["shipped_file"] for r in rows} == {
        "councils.csv",
        "council_successions.csv",
        "population_0_17.csv",
    }
    assert all(len(r["sha256"]) == 64 and "Open Government Licence v3.0" in r["licence"] for r in rows)
    primary = {(r["shipped_file"], r["source_file"]) for r in rows if r["use"] == "primary"}
    assert ("population_0_17.csv", "ons/ons_mye_mid2020_2011based_0to17.csv") in primary


@needs_shared
def test_sources_checksums_are_the_files_in_shared() -> None:
    for row in _csv(SHIPPED / "SOURCES.csv"):
        digest = hashlib.sha256((PUBLISHED / row["source_file"]).read_bytes()).hexdigest()
        assert digest == row["sha256"], row["source_file"]


@needs_shared
def test_councils_agree_with_the_researchers_lookup() -> None:
    """derived/la_lookup_codes_regions_sn.csv was built by hand from the same sources, one row per
    (DfE code, E-code) pair; ours has one row per council with former E-codes."""
    derived = _csv(PUBLISHED / "derived" / "la_lookup_codes_regions_sn.csv")
    assert {r["old_la_code"] for r in derived} == {c.old_la_code for c in reference.councils()}
    pairs = {(r["old_la_code"], r["new_la_code"]) for r in derived}
    assert pairs == {(c.old_la_code, code) for c in reference.councils() for code in c.codes[1:]}
    for row in derived:
        ours = reference.council(row["old_la_code"])
        assert ours.name == row["la_name"]
        assert ours.dfe_region_code == row["region_code"]
        assert ours.dfe_region_name == row["region_name"]
        assert " ".join(ours.sn_2021) == row["sn_2021"], ours.old_la_code
        assert " ".join(ours.sn_2025) == row["sn_2025"], ours.old_la_code
    by_council: dict[str, list[dict[str, str]]] = {}
    for row in derived:
        by_council.setdefault(row["old_la_code"], []).append(row)
    for code, rows in by_council.items():
        ours = reference.council(code)
        first = min(int(r["first_year"]) for r in rows)
        last = max(int(r["last_year"]) for r in rows)
        # The lookup's 2012 and 2025 are the edges of its sources, which ours leaves open (None).
        assert (ours.last_year is None) == (last == 2025)
        assert ours.last_year in (None, last)
        assert (ours.first_year is None) == (first == 2012)
        # For councils created since, the lookup took the first ONS mid-year (BCP: mid-2019); ours is the
        # first DfE reporting year, the year to 31 March after the 1 April start (BCP: 2019-20 = 2020).
        assert ours.first_year in (None, first + 1), code
