"""`--faults RATE`: corrupt values so that every row issue and field issue the validator knows is exercised,
and count what was injected (faults.json) so a test can compare the validator's report with it.

Each corrupted row carries exactly one fault. Faults that quarantine a row go only to rows no other row
refers to, so one fault never causes a second issue elsewhere (an orphaned child row).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csc_scorecard.errors import IssueKind
from csc_scorecard.schema import TABLES, Column, ColumnType, DateRole, OnOrphan, Table
from csc_scorecard.synth.context import Context

BAD_DATE = "not a date"
IMPLAUSIBLE_REQUIRED = "1890-01-01"  # before any child's birth
IMPLAUSIBLE_OPTIONAL = "2099-01-01"  # long after any extract date
BAD_CODE = "ZZZ9"
BAD_FLAG = "maybe"
BAD_NUMBER = "twelve"
BAD_JSON = '{"NFA_FLAG": "Y", '
ORPHAN = "SYN-ORPHAN-0000001"
ROW_KINDS = (
    IssueKind.MALFORMED_ROW,
    IssueKind.MISSING_KEY,
    IssueKind.DUPLICATE_KEY,
    IssueKind.BAD_REQUIRED_DATE,
    IssueKind.IMPLAUSIBLE_REQUIRED_DATE,
    IssueKind.END_BEFORE_START,
    IssueKind.MISSING_REQUIRED_VALUE,
)


@dataclass(frozen=True)
class Target:
    """One way to inject one kind of fault into one column of a table."""

    kind: IssueKind
    column: str
    end: str = ""  # for END_BEFORE_START: the end column (column is the start)
    key: tuple[str, ...] = ()  # for DUPLICATE_KEY: every key column (all are copied)


def targets(table: Table, csv: bool = False) -> list[Target]:
    """Every (kind, column) this table can carry, in a fixed order (a malformed record only in CSV)."""
    key = set(table.key)
    starts = {start for start, _ in table.periods}
    found: list[Target] = [
        Target(IssueKind.MISSING_KEY, table.key[0]),
        Target(IssueKind.DUPLICATE_KEY, table.key[0], key=table.key),
    ]
    if csv:
        found.append(Target(IssueKind.MALFORMED_ROW, table.key[0]))
    # Periods first: an end moved before its start is computed from dates not yet corrupted.
    found += [Target(IssueKind.END_BEFORE_START, start, end) for start, end in table.periods[:1]]
    for column in table.columns:
        if column.name not in key:
            found += _column_targets(column, starts)
    return found


def _column_targets(column: Column, starts: set[str]) -> list[Target]:
    out: list[Target] = []
    if column.is_date:
        if column.required:
            out += [Target(IssueKind.BAD_REQUIRED_DATE, column.name)]
            if column.date_role not in (None, DateRole.REFERENCE):
                out += [Target(IssueKind.IMPLAUSIBLE_REQUIRED_DATE, column.name)]
        else:
            out += [Target(IssueKind.BAD_OPTIONAL_DATE, column.name)]
            if column.date_role not in (None, DateRole.REFERENCE) and column.name not in starts:
                out += [Target(IssueKind.IMPLAUSIBLE_OPTIONAL_DATE, column.name)]
    elif column.required:
        out += [Target(IssueKind.MISSING_REQUIRED_VALUE, column.name)]
    elif column.type is ColumnType.CODE and column.codes:
        out += [Target(IssueKind.CODE_NOT_IN_LIST, column.name)]
    elif column.type in (ColumnType.FLAG, ColumnType.INTEGER, ColumnType.NUMBER):
        out += [Target(IssueKind.BAD_VALUE, column.name)]
    elif column.type is ColumnType.JSON:
        out += [Target(IssueKind.BAD_JSON, column.name)]
    elif column.fk and column.on_orphan is OnOrphan.NULL:
        out += [Target(IssueKind.ORPHAN_FOREIGN_KEY, column.name)]
    return out


def referenced_rows(tables: dict[str, pa.Table]) -> dict[str, np.ndarray]:
    """For each table, which rows another table's link points at (these never get row faults)."""
    pointed: dict[str, list[pa.Array]] = {}
    for name, data in tables.items():
        for column in TABLES[name].columns:
            if column.fk:
                target = column.fk.split(".")[0]
                pointed.setdefault(target, []).append(data.column(column.name).combine_chunks())
    out = {}
    for name, data in tables.items():
        table = TABLES[name]
        values = pointed.get(name)
        if not values:
            out[name] = np.zeros(data.num_rows, dtype=np.bool_)
            continue
        key = data.column(table.key[0])
        out[name] = pc.is_in(key, value_set=pa.concat_arrays([v.cast(pa.string()) for v in values])).to_numpy(
            zero_copy_only=False
        )
    return out


@dataclass
class Injected:
    """Faults put into the tables: counts per table and kind, and CSV records to write malformed."""

    counts: dict[str, dict[str, int]]
    malformed: dict[str, np.ndarray]  # table → row positions that get an extra field


def inject_faults(ctx: Context, tables: dict[str, pa.Table], rate: float, csv: bool = False) -> Injected:
    """Corrupt about `rate` of each table's rows (at least one of each kind the table can carry)."""
    rng = ctx.rng("faults")
    referenced = referenced_rows(tables)
    injected: dict[str, dict[str, int]] = {}
    malformed: dict[str, np.ndarray] = {}
    for name in sorted(tables):
        data = tables[name]
        options = targets(TABLES[name], csv)
        n = data.num_rows
        if n < 4 * len(options):
            continue
        wanted = min(max(round(rate * n), len(options)), n // 3)
        order = rng.permutation(n)
        free = order[~referenced[name][order]]
        # Cycle through the options so that every kind the table can carry appears at least once.
        per_target = np.bincount(np.arange(wanted) % len(options), minlength=len(options))
        row_faults = sum(int(c) for t, c in zip(options, per_target, strict=True) if t.kind in ROW_KINDS)
        duplicates = sum(
            int(c) for t, c in zip(options, per_target, strict=True) if t.kind is IssueKind.DUPLICATE_KEY
        )
        if free.shape[0] < row_faults + duplicates:
            per_target = np.where([t.kind in ROW_KINDS for t in options], 0, per_target)
            row_faults = duplicates = 0
        row_pool = free[: row_faults + duplicates]
        field_pool = np.setdiff1d(order, row_pool, assume_unique=True)
        field_pool = field_pool[rng.permutation(field_pool.shape[0])]
        counts: dict[str, int] = {}
        for target, count in zip(options, per_target, strict=True):
            if count == 0:
                continue
            if target.kind in ROW_KINDS:
                rows, row_pool = row_pool[:count], row_pool[count:]
                sources = None
                if target.kind is IssueKind.DUPLICATE_KEY:
                    sources, row_pool = row_pool[:count], row_pool[count:]
            else:
                rows, field_pool = field_pool[:count], field_pool[count:]
                sources = None
            if target.kind is IssueKind.MALFORMED_ROW:  # written by the CSV writer, data unchanged
                malformed[name] = np.sort(rows)
                counts[target.kind.value] = counts.get(target.kind.value, 0) + int(rows.shape[0])
                continue
            data, applied = _apply(data, target, rows, sources)
            if applied:
                counts[target.kind.value] = counts.get(target.kind.value, 0) + applied
        tables[name] = data
        if counts:
            injected[name] = dict(sorted(counts.items()))
    return Injected(injected, malformed)


def _apply(
    data: pa.Table, target: Target, rows: np.ndarray, sources: np.ndarray | None
) -> tuple[pa.Table, int]:
    """The table with one fault put into each of `rows`, and how many rows carried it."""
    column = data.column(target.column).combine_chunks()
    mask = np.zeros(data.num_rows, dtype=np.bool_)
    mask[rows] = True
    kind = target.kind
    if kind is IssueKind.END_BEFORE_START:
        end = data.column(target.end).combine_chunks()
        mask &= column.is_valid().to_numpy(zero_copy_only=False) & end.is_valid().to_numpy(
            zero_copy_only=False
        )
        if pa.types.is_timestamp(column.type):
            earlier = pc.subtract(column, pa.scalar(3600, pa.duration("s")))
        else:
            earlier = pc.cast(
                pc.subtract(column.cast(pa.timestamp("s")), pa.scalar(86400, pa.duration("s"))), pa.date32()
            )
        return _set(data, target.end, pc.if_else(pa.array(mask), earlier.cast(end.type), end)), int(
            mask.sum()
        )
    if kind is IssueKind.MISSING_KEY or kind is IssueKind.MISSING_REQUIRED_VALUE:
        mask &= column.is_valid().to_numpy(zero_copy_only=False)
        blank = pc.if_else(pa.array(mask), pa.scalar(None, column.type), column)
        return _set(data, target.column, blank), int(mask.sum())
    if kind is IssueKind.DUPLICATE_KEY:
        index = np.arange(data.num_rows)
        index[rows] = sources if sources is not None else rows
        for name in target.key:
            data = _set(data, name, pc.take(data.column(name).combine_chunks(), pa.array(index)))
        return data, int(rows.shape[0])
    replacement: dict[IssueKind, Callable[[pa.Array], str]] = {
        IssueKind.BAD_REQUIRED_DATE: lambda _: BAD_DATE,
        IssueKind.BAD_OPTIONAL_DATE: lambda _: BAD_DATE,
        IssueKind.IMPLAUSIBLE_REQUIRED_DATE: lambda c: IMPLAUSIBLE_REQUIRED + _time_part(c),
        IssueKind.IMPLAUSIBLE_OPTIONAL_DATE: lambda c: IMPLAUSIBLE_OPTIONAL + _time_part(c),
        IssueKind.CODE_NOT_IN_LIST: lambda _: BAD_CODE,
        IssueKind.BAD_VALUE: lambda c: BAD_FLAG if pa.types.is_boolean(c.type) else BAD_NUMBER,
        IssueKind.BAD_JSON: lambda _: BAD_JSON,
        IssueKind.ORPHAN_FOREIGN_KEY: lambda _: ORPHAN,
    }
    value = replacement[kind](column)
    changed = pc.if_else(pa.array(mask), pa.scalar(value), as_text(column))
    return _set(data, target.column, changed), int(rows.shape[0])


def _time_part(column: pa.Array) -> str:
    return " 00:00:00" if pa.types.is_timestamp(column.type) else ""


def as_text(column: pa.Array) -> pa.Array:
    """A column as text the validator reads back as the same values (flags as Y/N)."""
    if pa.types.is_boolean(column.type):
        return pc.if_else(column, "Y", "N")
    return column if pa.types.is_string(column.type) else pc.cast(column, pa.string())


def _set(data: pa.Table, name: str, values: pa.Array) -> pa.Table:
    return data.set_column(data.schema.get_field_index(name), name, values)
