"""The building blocks of the input contract: tables, columns, code lists.

Declarations are plain frozen values; `schema.tables` holds every canonical table, and
ingest, the synthetic generator, the docs and the engine all read the same declarations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ColumnType(StrEnum):
    """Logical type of a column, and the DuckDB type it is loaded as."""

    ID = "id"  # identifier, kept as text exactly as given (trimmed)
    TEXT = "text"
    CODE = "code"  # text checked against a code list
    DATE = "date"  # a calendar date; a time part, if present, is dropped
    DATETIME = "datetime"  # date and local time, never converted between time zones
    INTEGER = "integer"
    NUMBER = "number"
    FLAG = "flag"  # Y/N, 1/0, True/False, Yes/No
    JSON = "json"  # an SSD outcome JSON string; its flags become boolean columns

    @property
    def duckdb_type(self) -> str:
        return _DUCKDB_TYPES[self]


_DUCKDB_TYPES = {
    ColumnType.ID: "VARCHAR",
    ColumnType.TEXT: "VARCHAR",
    ColumnType.CODE: "VARCHAR",
    ColumnType.DATE: "DATE",
    ColumnType.DATETIME: "TIMESTAMP",
    ColumnType.INTEGER: "BIGINT",
    ColumnType.NUMBER: "DOUBLE",
    ColumnType.FLAG: "BOOLEAN",
    ColumnType.JSON: "VARCHAR",
}


class DateRole(StrEnum):
    """What a date means, which sets its plausible window (see docs/data-model.md)."""

    EVENT = "event"  # happened: not after the extract date, not before the child's birth
    DUE = "due"  # a due, target or expected date: up to two years after the extract date
    BIRTH = "birth"  # a date of birth: within about 26 years before the extract date
    EXPECTED_BIRTH = "expected_birth"  # an unborn child's expected date of birth
    REFERENCE = "reference"  # a calendar or reference date: any date is plausible


class OnOrphan(StrEnum):
    """What a foreign key that points at no row does to its field."""

    KEEP = "keep"  # the value stays (a child's identity: early-help-only children must still count)
    NULL = "null"  # the value is set to null: the link is broken and must not be followed


@dataclass(frozen=True, slots=True)
class Code:
    """One code with the dates it is valid for (inclusive; None = open-ended)."""

    code: str
    label: str
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)


@dataclass(frozen=True, slots=True)
class CodeList:
    """A named list of codes, e.g. the SSDA903 placement types."""

    name: str
    title: str
    source: str
    codes: tuple[Code, ...]
    # Codes are compared after trimming; case is folded only where the list says so
    # (903 `k3` vs `K3` drift is real, but CIN factor codes like `1A` are case-stable anyway).
    case_insensitive: bool = True

    def get(self, code: str) -> Code | None:
        key = code.strip().upper() if self.case_insensitive else code.strip()
        for item in self.codes:
            if (item.code.upper() if self.case_insensitive else item.code) == key:
                return item
        return None

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a canonical table."""

    name: str
    type: ColumnType
    description: str = ""
    required: bool = False  # a missing value quarantines the row
    codes: str | None = None  # name of the CodeList its values must belong to
    code_date: str | None = None  # the column of the same row whose date a code must be valid on
    fk: str | None = None  # "table.column" it refers to
    on_orphan: OnOrphan = OnOrphan.NULL
    date_role: DateRole | None = None
    json_flags: tuple[str, ...] = ()  # for JSON columns: the *_FLAG keys parsed into booleans

    @property
    def is_date(self) -> bool:
        return self.type in (ColumnType.DATE, ColumnType.DATETIME)

    def json_flag_column(self, key: str) -> str:
        """`cont_contact_outcome_json` + `NEW_REFERRAL_FLAG` → `cont_contact_outcome_new_referral_flag`."""
        stem = self.name.removesuffix("_json")
        return f"{stem}_{key.lower()}"


class Source(StrEnum):
    """Where a table's definition comes from."""

    SSD = "Standard Safeguarding Dataset"
    EXTENSION = "csc-scorecard extension"
    REFERENCE = "reference data"


@dataclass(frozen=True, slots=True)
class Table:
    """One canonical input table: a file named `<name>.csv` or `<name>.parquet`."""

    name: str
    description: str
    source: Source
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    person_column: str | None = None  # the child this row is about, if any
    coverage_column: str | None = None  # the date whose range is the table's coverage
    periods: tuple[tuple[str, str], ...] = ()  # (start, end) pairs: end before start quarantines the row
    feeds: str = ""  # which indicators need it (documentation)
    columns_by_name: dict[str, Column] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns_by_name", {c.name: c for c in self.columns})
        # A loaded table holds each declared column and each JSON flag's column: two of one name
        # would leave one of them unreachable by name (and DuckDB would rename the second).
        names = self.loaded_column_names
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"table {self.name}: more than one column would be named {', '.join(repeated)}")

    @property
    def loaded_column_names(self) -> tuple[str, ...]:
        """The columns of the loaded table after `council`, in order: each declared column, a JSON
        column followed by its flags' columns."""
        return tuple(
            name for c in self.columns for name in (c.name, *(c.json_flag_column(k) for k in c.json_flags))
        )

    def column(self, name: str) -> Column:
        return self.columns_by_name[name]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def date_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_date)
