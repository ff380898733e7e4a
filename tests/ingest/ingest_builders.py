"""Small synthetic extracts for the ingest tests: valid rows built from the schema, written as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from csc_scorecard.errors import Issue, IssueKind
from csc_scorecard.ingest import Dataset
from csc_scorecard.schema import CODE_LISTS, TABLES, Column, ColumnType, DateRole, Source, Table

EXTRACT = date(2023, 2, 6)
EVENT_DAY = date(2022, 1, 15)
_DATES = {
    DateRole.EVENT: "15/01/2022",
    DateRole.DUE: "15/02/2022",
    DateRole.BIRTH: "01/01/2015",
    DateRole.EXPECTED_BIRTH: "01/01/2023",
    DateRole.REFERENCE: "01/01/2022",
    None: "01/01/2022",
}


def valid_value(table: Table, column: Column, n: int) -> str:
    """A value that passes every check; keys are `n`, every link points at row 1 of its table."""
    if column.name in table.key:
        if column.is_date:
            return f"{min(12 + n, 28):02d}/01/2022"
        return str(2000 + n) if column.type is ColumnType.INTEGER else str(n)
    if column.fk:
        return "1"
    if column.is_date:
        day = _DATES[column.date_role]
        return day + (" 10:30" if column.type is ColumnType.DATETIME else "")
    if column.type is ColumnType.CODE:
        codes = CODE_LISTS[column.codes or ""]
        return next(c.code for c in codes.codes if c.valid_on(EVENT_DAY))
    if column.type is ColumnType.FLAG:
        return "Y"
    if column.type is ColumnType.INTEGER:
        return "17"
    if column.type is ColumnType.NUMBER:
        return "1.5"
    if column.type is ColumnType.JSON:
        return json.dumps({column.json_flags[0]: "Y"})
    return f"text {n}"


def valid_rows(table: Table, count: int = 1) -> list[dict[str, str]]:
    return [{c.name: valid_value(table, c, n) for c in table.columns} for n in range(1, count + 1)]


def csv_text(rows: Sequence[Mapping[str, str]], header: Sequence[str] | None = None) -> str:
    out = io.StringIO()
    names = list(header if header is not None else rows[0].keys())
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_table(
    folder: Path,
    name: str,
    rows: Sequence[Mapping[str, str]],
    header: Sequence[str] | None = None,
    encoding: str = "utf-8",
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    path.write_bytes(csv_text(rows, header).encode(encoding))
    return path


def write_extract_json(folder: Path, council: str = "357", extract_date: date = EXTRACT) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "extract.json").write_text(
        json.dumps({"extract_date": extract_date.isoformat(), "council": council}), encoding="utf-8"
    )


def write_clean_extract(folder: Path, council: str = "357", rows: int = 2, all_tables: bool = False) -> Path:
    """Every SSD table (and, if asked, every extension and reference table) with valid rows."""
    write_extract_json(folder, council)
    for table in TABLES.values():
        if table.source is Source.SSD or all_tables:
            write_table(folder, table.name, valid_rows(table, rows))
    return folder


def person_rows(*ids: str, dob: str = "01/01/2015") -> list[dict[str, str]]:
    return [{"pers_person_id": i, "pers_sex": "F", "pers_dob": dob} for i in ids]


def issues_of(dataset: Dataset, kind: IssueKind, table: str | None = None) -> list[Issue]:
    return [i for i in dataset.issues if i.kind is kind and (table is None or i.table == table)]


def values(dataset: Dataset, table: str, column: str) -> list[object]:
    """A column of an accepted table as Python values (None for null), in file order."""
    return dataset.tables[table][column].to_pyarrow().to_pylist()


def records(dataset: Dataset, table: str, key: str) -> dict[object, dict[str, object]]:
    """Accepted rows as dictionaries, by key."""
    return {row[key]: row for row in dataset.tables[table].to_pyarrow().to_pylist()}
