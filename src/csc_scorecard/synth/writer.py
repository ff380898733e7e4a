"""Turn generated rows into the input contract's tables and write them: the extract date applied
(what the case system showed that day), identifiers formatted, rows sorted, files byte-for-byte repeatable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csc_scorecard.schema import TABLES, ColumnType, Table
from csc_scorecard.synth.frame import Ids, Rows, concat

PARQUET_ROW_GROUP = 65_536
_ARROW_TYPES: dict[ColumnType, pa.DataType] = {
    ColumnType.ID: pa.string(),
    ColumnType.TEXT: pa.string(),
    ColumnType.CODE: pa.string(),
    ColumnType.JSON: pa.string(),
    ColumnType.DATE: pa.date32(),
    ColumnType.DATETIME: pa.timestamp("s"),
    ColumnType.INTEGER: pa.int64(),
    ColumnType.NUMBER: pa.float64(),
    ColumnType.FLAG: pa.bool_(),
}


def as_at(rows: Rows, extract_date: np.datetime64) -> Rows:
    """What the case system showed on the extract date: rows recorded later are absent; an end recorded
    later is blank, with the columns that are filled in with it."""
    shown = rows.select(rows.recorded <= extract_date)
    for end, (recorded, companions) in shown.ends.items():
        not_yet = ~(recorded <= extract_date)  # NaT (no end) compares False: nothing to blank
        for name in (end, *companions):
            shown.columns[name] = _blank(shown.columns[name], not_yet)
    return shown


def _blank(column: Any, mask: np.ndarray) -> Any:
    if isinstance(column, Ids):
        return Ids(column.prefix, np.where(mask, -1, column.numbers), column.width)
    values = np.asarray(column)
    if np.issubdtype(values.dtype, np.datetime64):
        return np.where(mask, np.datetime64("NaT"), values).astype(values.dtype)
    out = values.astype(object)
    out[mask] = None
    return out


def ids_to_arrow(column: Ids) -> pa.Array:
    numbers = pa.array(column.numbers)
    text = pc.utf8_lpad(pc.cast(numbers, pa.string()), width=column.width, padding="0")
    joined = pc.binary_join_element_wise(column.prefix, text, "")
    return pc.if_else(pc.less(numbers, 0), pa.scalar(None, pa.string()), joined)


def to_arrow(rows_parts: list[Rows]) -> pa.Table:
    """One contract table: every declared column in order (absent ones all null), sorted by its key."""
    table = TABLES[rows_parts[0].table]
    rows = concat(rows_parts) if len(rows_parts) > 1 else rows_parts[0]
    order = _key_order(rows, table)
    if order is not None:
        rows = rows.select(order)
    n = len(rows)
    arrays = []
    for column in table.columns:
        arrow_type = _ARROW_TYPES[column.type]
        value = rows.columns.get(column.name)
        if value is None:
            arrays.append(pa.nulls(n, arrow_type))
        elif isinstance(value, Ids):
            arrays.append(ids_to_arrow(value))
        else:
            arrays.append(_array(np.asarray(value), arrow_type))
    unknown = set(rows.columns) - set(table.column_names)
    if unknown:
        raise ValueError(f"{table.name}: generated columns not in the contract: {sorted(unknown)}")
    result = pa.Table.from_arrays(arrays, names=list(table.column_names))
    return result if order is not None else result.sort_by([(k, "ascending") for k in table.key])


def _key_order(rows: Rows, table: Table) -> np.ndarray | None:
    """Row order by key, computed on the integers behind identifiers (same prefix and width, so the same
    order as sorting the text, and much cheaper); None when a key column is plain text."""
    keys = []
    for name in reversed(table.key):
        column = rows.columns.get(name)
        if isinstance(column, Ids):
            keys.append(column.numbers)
        elif isinstance(column, np.ndarray) and np.issubdtype(column.dtype, np.datetime64):
            keys.append(column.astype("datetime64[s]").astype(np.int64))
        else:
            return None
    return np.lexsort(keys)


def _array(values: np.ndarray, arrow_type: pa.DataType) -> pa.Array:
    if pa.types.is_string(arrow_type):
        if values.dtype.kind in "iuf":
            return pc.cast(pa.array(values), pa.string())
        array = pa.array(values, type=pa.string(), from_pandas=True)
        return pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)
    if pa.types.is_date32(arrow_type):
        return pa.array(values.astype("datetime64[D]"), type=pa.date32(), from_pandas=True)
    if pa.types.is_timestamp(arrow_type):
        return pa.array(values.astype("datetime64[s]"), type=pa.timestamp("s"), from_pandas=True)
    if pa.types.is_boolean(arrow_type):
        return pa.array(values, type=pa.bool_(), from_pandas=True)
    return pa.array(values, type=arrow_type, from_pandas=True)


def null_orphans(tables: dict[str, pa.Table]) -> dict[str, int]:
    """Blank links that point at no written row (a parent left out by the window or the extract date):
    the case system would show no link. Returns how many were blanked per table.column."""
    blanked: dict[str, int] = {}
    for name, data in tables.items():
        for column in TABLES[name].columns:
            if column.fk is None or column.on_orphan.value == "keep":
                continue
            target_table, target_column = column.fk.split(".")
            if target_table not in tables:
                continue
            values = data.column(column.name)
            present = pc.is_in(values, value_set=tables[target_table].column(target_column).combine_chunks())
            orphan = pc.and_(pc.is_valid(values), pc.invert(present))
            count = pc.sum(orphan).as_py() or 0
            if count:
                blanked[f"{name}.{column.name}"] = count
                fixed = pc.if_else(orphan, pa.scalar(None, pa.string()), values)
                data = data.set_column(data.schema.get_field_index(column.name), column.name, fixed)
        tables[name] = data
    return blanked


def write_table(
    data: pa.Table, folder: Path, table: Table, file_format: str, malformed: np.ndarray | None = None
) -> Path:
    """Write one table; Parquet with a fixed row-group size and no statistics, or UTF-8 CSV with Y/N flags
    (`malformed`: CSV records given one field too many, for `--faults`)."""
    if file_format == "parquet":
        import pyarrow.parquet as pq

        path = folder / f"{table.name}.parquet"
        pq.write_table(
            data,
            path,
            row_group_size=PARQUET_ROW_GROUP,
            write_statistics=False,
            compression="zstd",
            use_dictionary=False,
        )
        return path
    import pyarrow.csv as pacsv

    path = folder / f"{table.name}.csv"
    columns = []
    for field, column in zip(data.schema, data.columns, strict=True):
        if pa.types.is_boolean(field.type):
            column = pc.if_else(column, "Y", "N")
        columns.append(column)
    pacsv.write_csv(
        pa.Table.from_arrays(columns, names=data.column_names),
        path,
        pacsv.WriteOptions(include_header=True, quoting_style="needed"),
    )
    if malformed is not None and malformed.shape[0]:
        lines = path.read_bytes().split(b"\n")
        for row in malformed.tolist():  # a handful of records, each given a field the header lacks
            lines[row + 1] += b',"unexpected extra field"'
        path.write_bytes(b"\n".join(lines))
    return path
