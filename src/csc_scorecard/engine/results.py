"""Results: the tidy table every later stage reads (one row per council, ref, period and breakdown).

Values are raw numbers; formatting happens only when rendering. A figure that cannot be given has
a status that says why, and never a zero in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:
    import pandas as pd


class Status(StrEnum):
    OK = "ok"
    NOT_AVAILABLE = "not_available"  # a required table or column is missing (named in the note)
    NOT_YET_AVAILABLE = "not_yet_available"  # the period is past the table's coverage or the extract date
    INCOMPLETE_HISTORY = "incomplete_history"  # the window (or look-back) starts before the data does
    CAVEAT = "caveat"  # computed, but without an exclusion whose input is absent (the note says which)


RESULTS_SCHEMA = pa.schema(
    [
        ("council", pa.string()),
        ("ref", pa.string()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("period_basis", pa.string()),
        ("unit", pa.string()),
        ("breakdown", pa.string()),
        ("breakdown_value", pa.string()),
        ("value", pa.float64()),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
        ("status", pa.string()),
        ("note", pa.string()),
        ("extract_date", pa.date32()),
        ("catalogue_hash", pa.string()),
        ("definition_hash", pa.string()),
    ]
)


@dataclass(frozen=True)
class Results:
    """The tidy results of one compute run (an immutable Arrow table)."""

    table: pa.Table

    def __post_init__(self) -> None:
        if not self.table.schema.equals(RESULTS_SCHEMA):
            raise ValueError(f"results table has schema {self.table.schema}, expected {RESULTS_SCHEMA}")

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def to_pandas(self) -> pd.DataFrame:
        frame: pd.DataFrame = self.table.to_pandas()
        return frame

    def write_parquet(self, path: Path | str) -> None:
        pq.write_table(self.table, str(path))

    def rows(
        self,
        ref: str,
        council: str | None = None,
        period_end: date | None = None,
        breakdown_value: str = "all",
    ) -> list[dict[str, Any]]:
        """The rows for one ref (optionally one council and period end) as dictionaries."""
        out = []
        for row in self.table.to_pylist():
            if row["ref"] != ref or row["breakdown_value"] != breakdown_value:
                continue
            if council is not None and row["council"] != council:
                continue
            if period_end is not None and row["period_end"] != period_end:
                continue
            out.append(row)
        return out

    def get(
        self, ref: str, period_end: date, council: str | None = None, breakdown_value: str = "all"
    ) -> dict[str, Any]:
        """The one row for a ref and period (and council, when there are several)."""
        found = self.rows(ref, council, period_end, breakdown_value)
        if len(found) != 1:
            raise KeyError(f"{ref} {council or ''} {period_end} {breakdown_value}: {len(found)} rows")
        return found[0]
