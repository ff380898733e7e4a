"""Issues found in the person's files, and the named errors the tool raises.

Every message here is written for the analyst holding the file: it says where (file, row, column),
what was found and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How serious an issue is."""

    ERROR = "error"  # the row (or table) could not be used
    WARNING = "warning"  # the row was kept; a field was set to null or something looks odd
    INFO = "info"


class IssueKind(StrEnum):
    """The closed list of problems validation reports. Row issues quarantine the row."""

    # table level
    MISSING_TABLE = "missing_table"
    EMPTY_FILE = "empty_file"
    HEADER_ONLY = "header_only"
    UNREADABLE_FILE = "unreadable_file"
    MISSING_KEY_COLUMN = "missing_key_column"
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    UNKNOWN_FILE = "unknown_file"  # a file or database table that is not one of the canonical tables
    DUPLICATE_COLUMN = "duplicate_column"  # a header names the same column twice
    EXTRACT_DATE_INFERRED = "extract_date_inferred"  # no extract date given: the newest date in the data
    AMBIGUOUS_DATE_FORMAT = "ambiguous_date_format"
    # row issues: the row is quarantined
    MISSING_KEY = "missing_key"
    DUPLICATE_KEY = "duplicate_key"
    BAD_REQUIRED_DATE = "bad_required_date"
    IMPLAUSIBLE_REQUIRED_DATE = "implausible_required_date"
    END_BEFORE_START = "end_before_start"
    MISSING_REQUIRED_VALUE = "missing_required_value"
    MALFORMED_ROW = "malformed_row"  # a CSV record whose number of fields differs from the header's
    # field issues: the row is kept, the field set to null (or kept, for a child's identity)
    CODE_NOT_IN_LIST = "code_not_in_list"
    BAD_OPTIONAL_DATE = "bad_optional_date"
    IMPLAUSIBLE_OPTIONAL_DATE = "implausible_optional_date"
    BAD_VALUE = "bad_value"
    BAD_JSON = "bad_json"
    ORPHAN_FOREIGN_KEY = "orphan_foreign_key"


ROW_ISSUE_KINDS = frozenset(
    {
        IssueKind.MISSING_KEY,
        IssueKind.DUPLICATE_KEY,
        IssueKind.BAD_REQUIRED_DATE,
        IssueKind.IMPLAUSIBLE_REQUIRED_DATE,
        IssueKind.END_BEFORE_START,
        IssueKind.MISSING_REQUIRED_VALUE,
        IssueKind.MALFORMED_ROW,
    }
)
FIELD_ISSUE_KINDS = frozenset(
    {
        IssueKind.CODE_NOT_IN_LIST,
        IssueKind.BAD_OPTIONAL_DATE,
        IssueKind.IMPLAUSIBLE_OPTIONAL_DATE,
        IssueKind.BAD_VALUE,
        IssueKind.BAD_JSON,
        IssueKind.ORPHAN_FOREIGN_KEY,
    }
)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem, located as precisely as the input allows.

    `row` is the row number as a spreadsheet shows it: the header is row 1, the first record row 2.
    """

    level: Level
    kind: IssueKind
    table: str
    message: str
    file: str = ""
    row: int | None = None
    column: str = ""
    found: str = ""
    expected: str = ""

    def location(self) -> str:
        """`contacts.csv row 214, column cont_contact_date` — as much of it as is known."""
        parts = [self.file or self.table]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts[:1]) + (" " + ", ".join(parts[1:]) if len(parts) > 1 else "")

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


class ScorecardError(Exception):
    """Base class: a problem the person running the tool can fix; the CLI prints it without a traceback."""

    exit_code = 2


class ConfigError(ScorecardError):
    """The council configuration file is missing, unreadable or invalid."""

    def __init__(self, message: str, issues: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.issues = issues


class InputFolderError(ScorecardError):
    """The data folder (or DuckDB file) does not exist or cannot be read at all."""


class FileLockedError(ScorecardError):
    """A file the tool must write is open in another program (often Excel) or read-only."""
