"""Reading one table's file into DuckDB as text (or native types), with a spreadsheet row number.

CSV goes through pyarrow.csv with every column read as a string: nothing is guessed here, typing is
done column by column in SQL (see `checks`). The encoding is UTF-8 (a byte-order mark is skipped)
unless the bytes are not valid UTF-8, when Windows-1252 is used, the usual encoding of files saved
by Excel on Windows. Every relation carries `_row`: the row number a spreadsheet shows (header row 1,
first record row 2).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csc_scorecard.errors import Issue, IssueKind, Level
from csc_scorecard.ingest.dataset import TableStatus
from csc_scorecard.ingest.sources import TableFile, sql_string

ROW = "_row"
_HEAD_BYTES = 1 << 16
_BOM = b"\xef\xbb\xbf"


class ReadError(Exception):
    """The file exists but cannot be read at all; the message is for the person holding it."""


@dataclass(frozen=True, slots=True)
class SourceColumn:
    """A column as the file has it: its exact header and the DuckDB type it was read as."""

    name: str
    duckdb_type: str


@dataclass(frozen=True, slots=True)
class MalformedRow:
    """A CSV record whose number of fields differs from the header's: quarantined whole."""

    row: int | None
    text: str
    fields: int
    expected: int


@dataclass(frozen=True)
class RawTable:
    """One file registered in DuckDB as `relation`, untyped (CSV) or as stored (Parquet, DuckDB)."""

    relation: str
    status: TableStatus
    columns: dict[str, SourceColumn]  # lower-cased, trimmed header → column
    rows: int = 0  # records read, including malformed ones
    encoding: str = ""
    malformed: tuple[MalformedRow, ...] = ()
    issues: tuple[Issue, ...] = ()


def read_table(con: Any, source: TableFile, relation: str, attached: str = "") -> RawTable:
    """Register `source` in `con` as `relation`; `attached` is the catalog of an attached DuckDB file."""
    try:
        if source.kind == "csv":
            return _read_csv(con, source, relation)
        if source.kind == "parquet":
            return _read_parquet(con, source, relation)
        return _read_duckdb(con, source, relation, attached)
    except PermissionError as error:
        raise ReadError(
            f"cannot read {source.path.name}: permission denied. It may be open in another program "
            "(such as Excel); close it and run again."
        ) from error
    except OSError as error:
        raise ReadError(f"cannot read {source.path.name}: {error.strerror or error}") from error


def _read_csv(con: Any, source: TableFile, relation: str) -> RawTable:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    path = source.path
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    body = head.removeprefix(_BOM)
    if not body.strip():
        return RawTable(relation, TableStatus.EMPTY, {})
    encoding = _guess_encoding(body)
    header = next(csv.reader(io.StringIO(body.decode(encoding, errors="replace"))), [])
    if not any(h.strip() for h in header):
        return RawTable(relation, TableStatus.EMPTY, {})

    malformed: list[tuple[str, int, int]] = []

    def on_invalid_row(row: Any) -> str:
        malformed.append((row.text, row.actual_columns, row.expected_columns))
        return "skip"

    def read(enc: str) -> Any:
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding=enc),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_invalid_row),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    try:
        try:
            table = read(encoding)
        except pa.ArrowInvalid as error:
            if "UTF8" not in str(error) or encoding != "utf8":
                raise
            # Some cell beyond the first 64 KB is not UTF-8: the file was saved as Windows-1252.
            malformed.clear()
            encoding = "cp1252"
            table = read(encoding)
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        raise ReadError(f"cannot read {path.name} as CSV: {str(error).splitlines()[0]}") from error

    rows = np.arange(table.num_rows, dtype=np.int64) + 2
    bad_rows: tuple[MalformedRow, ...] = ()
    if malformed:
        rows, bad_rows = _locate_malformed(path, encoding, len(header), table.num_rows, malformed)
    table, issues = _dedupe_headers(table, path.name)
    table = table.append_column(ROW, pa.array(rows, pa.int64()))
    con.register(relation, table)
    columns = {
        name.strip().lower(): SourceColumn(name, "VARCHAR") for name in table.column_names if name != ROW
    }
    status = TableStatus.HEADER_ONLY if table.num_rows == 0 and not bad_rows else TableStatus.LOADED
    return RawTable(
        relation,
        status,
        columns,
        table.num_rows + len(bad_rows),
        _encoding_name(encoding),
        bad_rows,
        tuple(issues),
    )


def _guess_encoding(head: bytes) -> str:
    """UTF-8 if the first block decodes as UTF-8 (a cut multi-byte character at the end is allowed)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return "cp1252"
    return "utf8"


def _encoding_name(encoding: str) -> str:
    return {"utf8": "UTF-8", "cp1252": "Windows-1252"}.get(encoding, encoding)


def _locate_malformed(
    path: Path, encoding: str, width: int, good_count: int, malformed: list[tuple[str, int, int]]
) -> tuple[Any, tuple[MalformedRow, ...]]:
    """Spreadsheet row numbers when some records were skipped as malformed.

    pyarrow does not say where a skipped record was, so the file is re-read with Python's csv module
    to find them. This loop over records runs only for files that have malformed records.
    """
    import numpy as np

    good: list[int] = []
    bad: list[MalformedRow] = []
    with path.open(encoding="utf-8-sig" if encoding == "utf8" else encoding, newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for index, record in enumerate(reader):
            if not record:
                continue
            if len(record) == width:
                good.append(index + 2)
            else:
                bad.append(MalformedRow(index + 2, ",".join(record), len(record), width))
    if len(good) == good_count and len(bad) == len(malformed):
        return np.asarray(good, dtype=np.int64), tuple(bad)
    # The two parsers disagree (unusual quoting): keep pyarrow's rows and say the numbers are unknown.
    rows = np.arange(good_count, dtype=np.int64) + 2
    return rows, tuple(MalformedRow(None, text, got, want) for text, got, want in malformed)


def _dedupe_headers(table: Any, file_name: str) -> tuple[Any, list[Issue]]:
    """A header that appears twice: the first is used, the second renamed and reported."""
    seen: set[str] = set()
    names: list[str] = []
    issues: list[Issue] = []
    for name in table.column_names:
        key = name.strip().lower()
        if key in seen:
            new = f"{name}__duplicate{len(names)}"
            issues.append(
                Issue(
                    Level.WARNING,
                    IssueKind.DUPLICATE_COLUMN,
                    file_name.rsplit(".", 1)[0],
                    f"column {name or '(blank)'} appears twice in the header; the first one is used.",
                    file=file_name,
                    column=name,
                )
            )
            names.append(new)
        else:
            seen.add(key)
            names.append(name)
    return (table.rename_columns(names) if issues else table), issues


def _read_parquet(con: Any, source: TableFile, relation: str) -> RawTable:
    import duckdb

    path = source.path
    if path.stat().st_size == 0:
        return RawTable(relation, TableStatus.EMPTY, {})
    try:
        con.execute(
            f'CREATE OR REPLACE TEMP VIEW "{relation}" AS SELECT * EXCLUDE (file_row_number), '
            f"file_row_number + 2 AS {ROW} FROM read_parquet({sql_string(str(path))}, file_row_number = true)"
        )
        return _described(con, relation, "Parquet")
    except duckdb.Error as error:
        raise ReadError(f"cannot read {path.name} as Parquet: {str(error).splitlines()[0]}") from error


def _read_duckdb(con: Any, source: TableFile, relation: str, attached: str) -> RawTable:
    import duckdb

    qualified = f'"{attached}".{source.source_table}'
    try:
        try:
            con.execute(
                f'CREATE OR REPLACE TEMP VIEW "{relation}" AS SELECT *, rowid + 2 AS {ROW} FROM {qualified}'
            )
        except duckdb.Error:  # a view has no rowid: its scan order is the best there is
            con.execute(
                f'CREATE OR REPLACE TEMP VIEW "{relation}" AS '
                f"SELECT *, row_number() OVER () + 1 AS {ROW} FROM {qualified}"
            )
        return _described(con, relation, "DuckDB")
    except duckdb.Error as error:
        raise ReadError(f"cannot read table {source.source_table}: {str(error).splitlines()[0]}") from error


def _described(con: Any, relation: str, encoding: str) -> RawTable:
    described = con.execute(f'DESCRIBE "{relation}"').fetchall()
    columns = {
        name.strip().lower(): SourceColumn(name, str(kind)) for name, kind, *_ in described if name != ROW
    }
    count = con.execute(f'SELECT count(*) FROM "{relation}"').fetchall()[0][0]
    status = TableStatus.HEADER_ONLY if count == 0 else TableStatus.LOADED
    return RawTable(relation, status, columns, int(count), encoding)
