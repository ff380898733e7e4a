"""Tiny hand-made Datasets for engine tests: rows as dictionaries, typed from the input contract.

    make_dataset({"ssd_cin_episodes": [{"cine_referral_id": "R1", "cine_person_id": "C1",
                                         "cine_referral_date": "2023-01-05"}]},
                 extract_date="2023-02-10")

Dates may be written as ISO strings. A JSON outcome column is given by its parsed flag columns
(e.g. `cont_contact_outcome_new_referral_flag`), as the loader produces them. A row may name its
`council`; otherwise it belongs to the first council.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import ibis
import pyarrow as pa

from csc_scorecard.ingest.dataset import Coverage, Dataset, TableLoad, TableStatus
from csc_scorecard.schema import TABLES, ColumnType

_ARROW_TYPES = {
    ColumnType.DATE: pa.date32(),
    ColumnType.DATETIME: pa.timestamp("us"),
    ColumnType.FLAG: pa.bool_(),
    ColumnType.INTEGER: pa.int64(),
    ColumnType.NUMBER: pa.float64(),
}


def _column_types(table: str) -> dict[str, tuple[pa.DataType, str]]:
    """Column → (arrow type, the declared column it belongs to); JSON flags belong to their JSON column."""
    out: dict[str, tuple[pa.DataType, str]] = {}
    for column in TABLES[table].columns:
        if column.type is ColumnType.JSON:
            for key in column.json_flags:
                out[column.json_flag_column(key)] = (pa.bool_(), column.name)
        else:
            out[column.name] = (_ARROW_TYPES.get(column.type, pa.string()), column.name)
    return out


def _convert(value: Any, type_: pa.DataType) -> Any:
    if isinstance(value, str) and type_ == pa.date32():
        return date.fromisoformat(value)
    if isinstance(value, str) and pa.types.is_timestamp(type_):
        return datetime.fromisoformat(value)
    return value


def make_dataset(
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    extract_date: str | date = "2023-02-10",
    councils: Sequence[str] = ("999",),
    absent: Mapping[str, Sequence[str]] | None = None,
) -> Dataset:
    """A Dataset whose given tables are LOADED for every council (except `absent`: council → tables
    that council has no file for), with coverage from their rows."""
    con = ibis.duckdb.connect(autoinstall_known_extensions=False, autoload_known_extensions=False)
    extract = date.fromisoformat(extract_date) if isinstance(extract_date, str) else extract_date
    loaded: dict[str, Any] = {}
    loads: dict[tuple[str, str], TableLoad] = {}
    for name, rows in tables.items():
        declared = TABLES[name]
        types = _column_types(name)
        present = [c for c in types if any(c in row for row in rows)]
        unknown = {k for row in rows for k in row} - set(types) - {"council"}
        if unknown:
            raise KeyError(f"{name} has no columns {sorted(unknown)}")
        data: dict[str, list[Any]] = {"council": [str(row.get("council", councils[0])) for row in rows]}
        for c in present:
            data[c] = [_convert(row.get(c), types[c][0]) for row in rows]
        schema = pa.schema([("council", pa.string()), *((c, types[c][0]) for c in present)])
        arrow = pa.table(data, schema=schema)
        loaded[name] = con.create_table(name, arrow)
        declared_present = frozenset(types[c][1] for c in present)
        for council in councils:
            if name in (absent or {}).get(council, ()):
                loads[(council, name)] = TableLoad(council, name, TableStatus.MISSING)
                continue
            dates = [
                _convert(row[declared.coverage_column], types[declared.coverage_column][0])
                for row, owner in zip(rows, data["council"], strict=True)
                if owner == council
                and declared.coverage_column
                and row.get(declared.coverage_column) is not None
            ]
            days = [d.date() if isinstance(d, datetime) else d for d in dates]
            loads[(council, name)] = TableLoad(
                council,
                name,
                TableStatus.LOADED,
                rows_read=len(rows),
                rows_accepted=len(rows),
                columns=declared_present,
                missing_columns=tuple(c.name for c in declared.columns if c.name not in declared_present),
                coverage=Coverage(min(days), max(days)) if days else Coverage(None, None),
            )
    return Dataset(
        councils=tuple(councils),
        extract_dates=dict.fromkeys(councils, extract),
        loads=loads,
        tables=loaded,
        backend=con,
        source="tests",
    )


def involvement(
    iid: str,
    worker: str,
    person: str,
    start: str,
    end: str | None = None,
    role: str = "SW",
    team: str | None = None,
) -> dict[str, Any]:
    """An `ssd_involvements` row: a worker's allocation to a child (with the worker's team when given)."""
    row = {
        "invo_involvements_id": iid,
        "invo_professional_id": worker,
        "invo_person_id": person,
        "invo_involvement_start_date": start,
        "invo_involvement_end_date": end,
        "invo_professional_role_id": role,
    }
    return row | ({"invo_professional_team": team} if team is not None else {})


# A legal status table with no short breaks in it, so that the V3/V4 exclusion is applied (status ok).
NO_SHORT_BREAKS = [
    {
        "lega_legal_status_id": "LS1",
        "lega_person_id": "Z1",
        "lega_legal_status": "C2",
        "lega_legal_status_start_date": "2019-01-01",
        "lega_legal_status_end_date": None,
    }
]
