"""Validation results as things a person reads: per-table summary rows, issues grouped by kind, and
the full issue list and quarantined rows written as UTF-8 CSV files.

Pure data in and out (apart from the file writers); the CLI decides how to print it.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from csc_scorecard.errors import Issue, IssueKind, Level
from csc_scorecard.ingest.checks import q
from csc_scorecard.ingest.dataset import Dataset, TableLoad, TableStatus
from csc_scorecard.schema import TABLES, Source

ISSUE_CSV_COLUMNS = ("level", "kind", "table", "file", "row", "column", "found", "expected", "message")
_LEVEL_ORDER = {Level.ERROR: 0, Level.WARNING: 1, Level.INFO: 2}


@dataclass(frozen=True, slots=True)
class IssueGroup:
    """All issues of one kind and level, with a few examples."""

    level: Level
    kind: IssueKind
    count: int
    examples: tuple[Issue, ...]


def has_problems(issues: Iterable[Issue]) -> bool:
    """Errors or warnings (information alone is not a problem): the validate command exits 1."""
    return any(i.level in (Level.ERROR, Level.WARNING) for i in issues)


def group_issues(issues: Sequence[Issue], examples: int = 3) -> list[IssueGroup]:
    """Issues by (level, kind), errors first, then the most frequent."""
    counts = Counter((i.level, i.kind) for i in issues)
    shown: dict[tuple[Level, IssueKind], list[Issue]] = {}
    for issue in issues:
        bucket = shown.setdefault((issue.level, issue.kind), [])
        if len(bucket) < examples:
            bucket.append(issue)
    ordered = sorted(counts, key=lambda k: (_LEVEL_ORDER[k[0]], -counts[k], k[1].value))
    return [
        IssueGroup(level, kind, counts[(level, kind)], tuple(shown[(level, kind)])) for level, kind in ordered
    ]


def table_loads(dataset: Dataset) -> list[TableLoad]:
    """Every table that had a file, council by council, in the order of the input contract."""
    order = {name: n for n, name in enumerate(TABLES)}
    loads = [load for load in dataset.loads.values() if load.status is not TableStatus.MISSING]
    return sorted(loads, key=lambda load: (dataset.councils.index(load.council), order.get(load.table, 999)))


def missing_tables(dataset: Dataset, council: str) -> tuple[list[str], list[str]]:
    """(standard SSD tables, optional extension and reference tables) with no file for a council."""
    absent = [name for name in TABLES if dataset.load(council, name).status is TableStatus.MISSING]
    return (
        [n for n in absent if TABLES[n].source is Source.SSD],
        [n for n in absent if TABLES[n].source is not Source.SSD],
    )


def write_issues_csv(issues: Sequence[Issue], path: Path) -> tuple[Path, str]:
    """Write every issue to `path` (UTF-8 with a byte-order mark, so Excel shows £ and accents).

    When `path` cannot be written (a read-only folder, or the file open in Excel), the list goes to the
    system's temporary folder instead; the second value says why, for the person to read.
    """
    try:
        _write_issues(issues, path)
        return path, ""
    except OSError as error:
        fallback = Path(tempfile.gettempdir()) / "csc-scorecard" / path.name
        reason = (
            f"could not write {path} ({error.strerror or error}; it may be open in another program "
            f"or the folder may be read-only), so the issues were written to {fallback} instead"
        )
        _write_issues(issues, fallback)
        return fallback, reason


def _write_issues(issues: Sequence[Issue], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ISSUE_CSV_COLUMNS)
        for issue in issues:
            writer.writerow(
                [
                    issue.level.value,
                    issue.kind.value,
                    issue.table,
                    issue.file,
                    "" if issue.row is None else issue.row,
                    issue.column,
                    issue.found,
                    issue.expected,
                    issue.message,
                ]
            )


def write_quarantine(dataset: Dataset, folder: Path) -> list[Path]:
    """One CSV per table of the rows set aside, as they were in the file, with why (`_issues`)."""
    written: list[Path] = []
    if not dataset.quarantine:
        return written
    folder.mkdir(parents=True, exist_ok=True)
    con = dataset.backend.con
    for table, relation in sorted(dataset.quarantine.items()):
        path = folder / f"{table}.csv"
        con.execute(
            f"COPY (SELECT * RENAME (_row AS row) FROM {q(relation)} ORDER BY council, row) "
            f"TO '{str(path).replace(chr(39), chr(39) * 2)}' (HEADER, DELIMITER ',')"
        )
        written.append(path)
    return written
