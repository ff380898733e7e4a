"""The Dataset: validated, typed input tables for one or more councils, ready for the engine.

Every table carries a leading `council` column (the council's DfE 3-digit code), so a folder of
council folders is computed in one pass. Tables hold only the columns the files had (plus the
boolean columns parsed out of SSD outcome JSON); ask `has()` before using a column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from csc_scorecard.errors import Issue

if TYPE_CHECKING:  # ibis is a heavy import; only the type is needed here
    import ibis.expr.types as ir


class TableStatus(StrEnum):
    """What happened to a table of one council."""

    LOADED = "loaded"
    MISSING = "missing"  # no file for it
    EMPTY = "empty"  # the file has no bytes, not even a header
    HEADER_ONLY = "header_only"  # a header and no rows
    REJECTED = "rejected"  # a key column is missing or the file cannot be read


@dataclass(frozen=True, slots=True)
class Coverage:
    """The first and last dates a table holds data for (its coverage column), or None when empty."""

    first: date | None
    last: date | None


@dataclass(frozen=True, slots=True)
class TableLoad:
    """How one table of one council was read: read = accepted + quarantined, always."""

    council: str
    table: str
    status: TableStatus
    file: str = ""
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    field_issues: int = 0
    columns: frozenset[str] = frozenset()  # declared columns present in the file
    missing_columns: tuple[str, ...] = ()  # declared columns absent from the file
    coverage: Coverage = Coverage(None, None)
    date_formats: Mapping[str, str] = field(default_factory=dict)  # column → format used
    encoding: str = ""  # UTF-8, Windows-1252, or Parquet / DuckDB for typed sources


@dataclass(frozen=True)
class Dataset:
    """Typed tables, extract dates and coverage for each council. Immutable; stages never change it.

    The tables hold the accepted rows only: each table's key (`schema`) is unique within a council,
    since loading quarantines a later row with a key already used. The engine relies on it.
    """

    councils: tuple[str, ...]
    extract_dates: Mapping[str, date]  # council → extract date
    loads: Mapping[tuple[str, str], TableLoad]  # (council, table) → how it loaded
    tables: Mapping[str, ir.Table]  # table → union over councils, with a leading `council` column
    issues: tuple[Issue, ...] = ()
    backend: Any = None  # the ibis DuckDB backend holding the tables
    source: str = ""  # the folder or database it came from
    # table → DuckDB table of its quarantined rows (as text, with `council`, `_row` and `_issues`)
    quarantine: Mapping[str, str] = field(default_factory=dict)

    def load(self, council: str, table: str) -> TableLoad:
        return self.loads.get((council, table)) or TableLoad(council, table, TableStatus.MISSING)

    def has(self, table: str, *columns: str, council: str | None = None) -> bool:
        """True when the table loaded (for this council, or for every council) with all these columns."""
        councils = (council,) if council else self.councils
        for name in councils:
            load = self.load(name, table)
            if load.status is not TableStatus.LOADED or not set(columns) <= load.columns:
                return False
        return True

    def missing(self, table: str, *columns: str, council: str) -> str:
        """Plain words for what is missing: `table ssd_cla_health` or `column ssd_cla_health.clah_health_check_type`."""
        load = self.load(council, table)
        if load.status is not TableStatus.LOADED:
            return f"table {table} ({load.status.value})"
        absent = [c for c in columns if c not in load.columns]
        return ", ".join(f"column {table}.{c}" for c in absent)

    def coverage(self, council: str, table: str) -> Coverage:
        return self.load(council, table).coverage

    @property
    def extract_date(self) -> date:
        """The single extract date when there is one council (or all share one)."""
        dates = set(self.extract_dates.values())
        if len(dates) != 1:
            raise ValueError("councils have different extract dates; use extract_dates[council]")
        return dates.pop()
