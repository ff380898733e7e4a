"""The same arguments give byte-identical files; a council's files do not depend on how many are generated."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_scorecard.synth.generate import Request, generate


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("file_format", ["parquet", "csv"])
def test_same_arguments_same_bytes(tmp_path: Path, file_format: str) -> None:
    args = {
        "seed": 11,
        "start": "2022-04",
        "end": "2023-03",
        "profile": "small_shire",
        "file_format": file_format,
        "faults": 0.01,
    }
    generate(Request(tmp_path / "a", **args))  # type: ignore[arg-type]
    generate(Request(tmp_path / "b", **args))  # type: ignore[arg-type]
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(first) > 50
    assert first == second


def test_a_council_does_not_depend_on_how_many_are_generated(tmp_path: Path) -> None:
    args = {"seed": 4, "start": "2022-10", "end": "2023-03", "profile": "small_shire"}
    generate(Request(tmp_path / "one", councils=1, **args))  # type: ignore[arg-type]
    generate(Request(tmp_path / "two", councils=2, **args))  # type: ignore[arg-type]
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == ["201", "857"]
    assert _files(tmp_path / "one") == _files(tmp_path / "two" / "857")


def test_a_different_seed_gives_different_data(tmp_path: Path) -> None:
    args = {"start": "2022-10", "end": "2023-03", "profile": "small_shire"}
    generate(Request(tmp_path / "a", seed=1, **args))  # type: ignore[arg-type]
    generate(Request(tmp_path / "b", seed=2, **args))  # type: ignore[arg-type]
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a["ssd_contacts.parquet"] != b["ssd_contacts.parquet"]
