"""The validator finds nothing wrong in generated data, and finds exactly the faults `--faults` injects."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from csc_scorecard.errors import FIELD_ISSUE_KINDS, ROW_ISSUE_KINDS, IssueKind
from csc_scorecard.synth.generate import Request, generate

ingest = pytest.importorskip("csc_scorecard.ingest")


def _issues(folder: Path) -> Counter[tuple[str, str]]:
    dataset = ingest.load_dataset(folder, ingest.LoadSettings())
    kinds = ROW_ISSUE_KINDS | FIELD_ISSUE_KINDS
    return Counter((issue.table, issue.kind.value) for issue in dataset.issues if issue.kind in kinds)


def test_no_row_or_field_issues_in_csv(small_extract: Path) -> None:
    assert _issues(small_extract) == Counter()


def test_no_row_or_field_issues_in_parquet(reference_extract: Path) -> None:
    assert _issues(reference_extract) == Counter()


def _injected(folder: Path) -> Counter[tuple[str, str]]:
    injected = json.loads((folder / "faults.json").read_text(encoding="utf-8"))["injected"]
    return Counter({(table, kind): n for table, kinds in injected.items() for kind, n in kinds.items()})


def test_faults_exercise_every_issue_kind_and_match_the_validator(tmp_path: Path) -> None:
    generate(
        Request(
            tmp_path,
            seed=5,
            start="2022-04",
            end="2023-03",
            profile="small_shire",
            file_format="csv",
            faults=0.02,
        )
    )
    injected = _injected(tmp_path)
    assert {kind for _, kind in injected} == {k.value for k in ROW_ISSUE_KINDS | FIELD_ISSUE_KINDS}
    assert _issues(tmp_path) == injected


def test_faults_in_parquet_match_the_validator(tmp_path: Path) -> None:
    generate(Request(tmp_path, seed=5, start="2022-04", end="2023-03", profile="small_shire", faults=0.02))
    injected = _injected(tmp_path)
    every_kind = {k.value for k in ROW_ISSUE_KINDS | FIELD_ISSUE_KINDS} - {IssueKind.MALFORMED_ROW.value}
    assert {kind for _, kind in injected} == every_kind  # a Parquet file cannot hold a malformed record
    assert _issues(tmp_path) == injected
