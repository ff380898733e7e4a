"""What the council configuration tells loading: value maps, date formats, extract date, council.

Plain values only, so ingest never imports the configuration module (it is built elsewhere and
hands these over as dictionaries).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

DATE_FORMATS = ("auto", "dd/mm/yyyy", "mm/dd/yyyy", "yyyy-mm-dd", "excel")
DEFAULT_DATE_FORMAT_KEY = "default"


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


def normalise_description(text: str) -> str:
    """Case- and whitespace-insensitive form of a value-map description (`' Foster  Care'` → `'foster care'`).

    The SQL side applies the same folding (see `checks.value_map_expression`).
    """
    return " ".join(text.replace("\u00a0", " ").split()).lower()


# A size DuckDB understands: 3GB, 3.5 GB, 500MB, 2GiB.
MEMORY_LIMIT = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


@dataclass(frozen=True)
class LoadSettings:
    """How to read one extract.

    value_maps: table → column → local description → code (matched ignoring case and spacing).
    date_formats: table name or "default" → one of DATE_FORMATS. A configured format wins whenever
        it reads as many values as any other, and settles columns whose dates read differently as
        dd/mm and mm/dd; "auto" (or nothing) infers each column's format from its values.
    extract_date: overrides extract.json and the newest date in the data.
    council: the council code when the folder has no extract.json naming it.
    database: where the loaded tables live; ":memory:" unless a file is wanted for very large loads.
    memory_limit: caps DuckDB's memory, e.g. "3GB" (None: DuckDB's default, 80% of the machine's).
    """

    value_maps: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    date_formats: Mapping[str, str] = field(default_factory=dict)
    extract_date: date | None = None
    council: str | None = None
    database: str = ":memory:"
    memory_limit: str | None = None

    def __post_init__(self) -> None:
        if self.memory_limit is not None and not MEMORY_LIMIT.fullmatch(self.memory_limit.strip()):
            raise ValueError(f"memory limit '{self.memory_limit}' is not a size: write it like 3GB or 500MB")
        bad = {k: v for k, v in self.date_formats.items() if v not in DATE_FORMATS}
        if bad:
            raise ValueError(f"unknown date format(s) {bad}; use one of {', '.join(DATE_FORMATS)}")
        maps = {
            table: _frozen(
                {col: _frozen({normalise_description(d): c for d, c in m.items()}) for col, m in cols.items()}
            )
            for table, cols in self.value_maps.items()
        }
        object.__setattr__(self, "value_maps", _frozen(maps))
        object.__setattr__(self, "date_formats", _frozen(self.date_formats))

    def date_format_for(self, table: str) -> str:
        """The configured format for a table ("auto" when none)."""
        return self.date_formats.get(table) or self.date_formats.get(DEFAULT_DATE_FORMAT_KEY) or "auto"

    def value_map(self, table: str, column: str) -> Mapping[str, str]:
        return self.value_maps.get(table, {}).get(column, {})
