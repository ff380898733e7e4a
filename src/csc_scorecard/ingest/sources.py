"""Finding the input: a council folder, a folder of council folders, or a DuckDB database file.

Pure discovery: nothing here reads a table's rows. Files are matched to tables by name
(`ssd_contacts.csv`, `SSD_Contacts.parquet`, ...), case-insensitively.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from csc_scorecard.errors import InputFolderError, Issue, IssueKind, Level
from csc_scorecard.schema import TABLES

TABLE_SUFFIXES = (".csv", ".parquet")
DUCKDB_SUFFIXES = (".duckdb", ".db", ".ddb")
EXTRACT_JSON = "extract.json"
# Files a council folder may hold besides its tables, never reported as unknown.
_QUIET_FILES = {EXTRACT_JSON, "validation_issues.csv", ".ds_store", "thumbs.db", "desktop.ini"}


@dataclass(frozen=True, slots=True)
class TableFile:
    """Where one table of one council comes from: a file, or a table inside a DuckDB database."""

    table: str
    path: Path
    kind: str  # "csv" | "parquet" | "duckdb"
    source_table: str = ""  # the table inside a DuckDB database, as a quoted SQL name
    source_name: str = ""  # ... and as a person would write it

    @property
    def display_name(self) -> str:
        return f"{self.path.name}:{self.source_name}" if self.kind == "duckdb" else self.path.name


@dataclass(frozen=True)
class CouncilSource:
    """One council's input, found but not yet read."""

    council: str
    location: Path  # the folder, or the DuckDB file
    files: dict[str, TableFile]  # canonical table → where it is
    extract_date: date | None = None  # from extract.json
    issues: tuple[Issue, ...] = ()  # unknown files, unreadable extract.json, ...
    metadata: dict[str, object] = field(default_factory=dict)  # the rest of extract.json


def discover(path: Path, council: str | None = None) -> tuple[CouncilSource, ...]:
    """Every council in `path`: one for a council folder or DuckDB file, several for a folder of folders."""
    if not path.exists():
        raise InputFolderError(f"{path} does not exist. Give the folder holding the extract's files.")
    if path.is_file():
        if path.suffix.lower() in DUCKDB_SUFFIXES:
            return (_duckdb_source(path, council),)
        raise InputFolderError(
            f"{path} is a file; give the folder that holds the table files (ssd_person.csv, ...) "
            "or a DuckDB database file (.duckdb)."
        )
    try:
        entries = sorted(path.iterdir())
    except OSError as error:
        raise InputFolderError(f"cannot read the folder {path}: {error.strerror or error}") from error
    if _table_files(entries) or (path / EXTRACT_JSON).exists():
        return (_folder_source(path, council, entries),)
    sub_folders = [p for p in entries if p.is_dir() and _looks_like_council_folder(p)]
    if not sub_folders:
        raise InputFolderError(
            f"{path} holds no table files: expected files named after the tables, such as "
            "ssd_person.csv or ssd_contacts.parquet, or one folder per council holding them."
        )
    sources = tuple(_folder_source(p, None, sorted(p.iterdir())) for p in sub_folders)
    seen: dict[str, Path] = {}
    for source in sources:
        if source.council in seen:
            raise InputFolderError(
                f"two council folders have the same council code {source.council!r}: "
                f"{seen[source.council].name} and {source.location.name}. Correct extract.json in one of them."
            )
        seen[source.council] = source.location
    return sources


def _looks_like_council_folder(folder: Path) -> bool:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    return bool(_table_files(entries)) or (folder / EXTRACT_JSON).exists()


def _table_files(entries: list[Path]) -> dict[str, Path]:
    """Canonical table → file, for files named after a table; CSV wins over Parquet only if alone."""
    found: dict[str, Path] = {}
    for entry in entries:
        if entry.is_file() and entry.suffix.lower() in TABLE_SUFFIXES:
            name = entry.stem.strip().lower()
            if name in TABLES and name not in found:
                found[name] = entry
    return found


def _folder_source(folder: Path, council: str | None, entries: list[Path]) -> CouncilSource:
    issues: list[Issue] = []
    metadata, extract_date = _read_extract_json(folder / EXTRACT_JSON, issues)
    code = str(metadata.get("council") or council or folder.resolve().name).strip()
    files: dict[str, TableFile] = {}
    for entry in entries:
        if not entry.is_file() or entry.name.lower() in _QUIET_FILES or entry.name.startswith("."):
            continue
        name = entry.stem.strip().lower()
        suffix = entry.suffix.lower()
        if suffix in TABLE_SUFFIXES and name in TABLES:
            if name in files:
                issues.append(
                    Issue(
                        Level.INFO,
                        IssueKind.UNKNOWN_FILE,
                        name,
                        f"{entry.name} was ignored: {files[name].path.name} already holds table {name}.",
                        file=entry.name,
                    )
                )
                continue
            files[name] = TableFile(name, entry, suffix.lstrip("."))
        elif suffix in (*TABLE_SUFFIXES, ".xlsx", ".xls", ".txt", ".json"):
            issues.append(
                Issue(
                    Level.INFO,
                    IssueKind.UNKNOWN_FILE,
                    entry.stem,
                    f"{entry.name} is not one of the tables csc-scorecard reads; it was ignored.",
                    file=entry.name,
                )
            )
    return CouncilSource(code, folder, files, extract_date, tuple(issues), metadata)


def _duckdb_source(path: Path, council: str | None) -> CouncilSource:
    import duckdb

    from csc_scorecard.ingest.connection import connect

    try:
        con = connect(":memory:")
        con.execute(f"ATTACH {sql_string(str(path))} AS src (READ_ONLY)")
        rows = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = 'src'"
        ).fetchall()
        con.close()
    except duckdb.Error as error:
        raise InputFolderError(
            f"cannot open the DuckDB database {path}: {str(error).splitlines()[0]} "
            "(it may be open in another program, or not be a DuckDB file)."
        ) from error
    files: dict[str, TableFile] = {}
    issues: list[Issue] = []
    for schema, name in sorted(rows, key=lambda r: (r[0] != "main", r[0], r[1])):
        canonical = name.strip().lower()
        if canonical in TABLES and canonical not in files:
            plain = name if schema == "main" else f"{schema}.{name}"
            files[canonical] = TableFile(canonical, path, "duckdb", f'"{schema}"."{name}"', plain)
        elif canonical not in TABLES:
            issues.append(
                Issue(
                    Level.INFO,
                    IssueKind.UNKNOWN_FILE,
                    name,
                    f"table {name} in {path.name} is not one of the tables csc-scorecard reads; it was ignored.",
                    file=path.name,
                )
            )
    metadata, extract_date = _read_extract_json(path.with_name(path.stem + ".extract.json"), issues)
    code = str(metadata.get("council") or council or path.stem).strip()
    return CouncilSource(code, path, files, extract_date, tuple(issues), metadata)


def _read_extract_json(path: Path, issues: list[Issue]) -> tuple[dict[str, object], date | None]:
    """extract.json's contents and its extract date; a broken file is reported, not fatal."""
    if not path.exists():
        return {}, None
    try:
        metadata = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        issues.append(
            Issue(
                Level.WARNING,
                IssueKind.UNREADABLE_FILE,
                path.name,
                f"{path.name} could not be read ({error}); its extract date and council code were not used.",
                file=path.name,
            )
        )
        return {}, None
    if not isinstance(metadata, dict):
        issues.append(
            Issue(
                Level.WARNING,
                IssueKind.UNREADABLE_FILE,
                path.name,
                f'{path.name} should hold an object like {{"extract_date": "2023-02-06", "council": "357"}}.',
                file=path.name,
            )
        )
        return {}, None
    raw = metadata.get("extract_date")
    if raw in (None, ""):
        return metadata, None
    parsed = parse_plain_date(str(raw))
    if parsed is None:
        issues.append(
            Issue(
                Level.WARNING,
                IssueKind.UNREADABLE_FILE,
                path.name,
                f"{path.name}: extract_date {raw!r} is not a date like 2023-02-06; it was not used.",
                file=path.name,
                column="extract_date",
                found=str(raw),
                expected="a date like 2023-02-06",
            )
        )
    return metadata, parsed


def parse_plain_date(text: str) -> date | None:
    """A single date typed by a person: ISO (2023-02-06) or UK (06/02/2023)."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def sql_string(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"
