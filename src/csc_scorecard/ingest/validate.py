"""Typing and checking one table for a batch of councils: raw files in, accepted rows, quarantined rows
and issues out.

Councils are checked together (one SQL statement per step for the whole batch, not one per council),
so that a folder of 150 councils costs little more in SQL planning than one council. `prepare` works
out which declared columns each file has and each text date column's format per council; `check` runs
the SELECT built by `checked_sql` and splits its result. Every row read ends up either accepted or
quarantined, never both and never neither.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from csc_scorecard.errors import Issue, IssueKind, Level
from csc_scorecard.ingest import dates
from csc_scorecard.ingest.checked_sql import build_checked_sql
from csc_scorecard.ingest.checks import (
    ColumnPlan,
    CouncilPart,
    clean_sql,
    dated_source_sql,
    lit,
    native_for,
    parse_value_sql,
    plan_columns,
    q,
    text_value,
    union_sql,
)
from csc_scorecard.ingest.dataset import Coverage, TableLoad, TableStatus
from csc_scorecard.ingest.readers import ROW, RawTable
from csc_scorecard.ingest.settings import LoadSettings
from csc_scorecard.schema import Table


@dataclass(frozen=True, slots=True)
class Member:
    """One council's file of the table, read into DuckDB."""

    council: str
    file: str  # as shown to the person: the file name, prefixed with the council folder if several
    raw: RawTable


@dataclass(frozen=True)
class Prepared:
    """A batch whose columns and date formats are known, with a cleaned table of all its files."""

    table: Table
    members: tuple[Member, ...]  # councils whose file can be checked (key columns present)
    prefix: str  # names of the batch's working relations in DuckDB
    plans: tuple[ColumnPlan, ...] = ()
    formats: Mapping[str, Mapping[str, dates.DateFormatChoice]] = field(default_factory=dict)
    missing_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # council → columns
    rejected: tuple[TableLoad, ...] = ()  # councils whose file lacks a key column
    issues: tuple[Issue, ...] = ()

    @property
    def clean_relation(self) -> str:
        return f"{self.prefix}_clean"


@dataclass(frozen=True)
class BatchResult:
    """How the batch's councils loaded, and where their rows went."""

    loads: tuple[TableLoad, ...]
    accepted: str | None = None  # the table the accepted rows went to (`council`, `_row`, columns)
    quarantine: str | None = None  # DuckDB table of quarantined rows, as text
    issues: tuple[Issue, ...] = ()


def prepare(
    con: Any, table: Table, members: Sequence[Member], prefix: str, settings: LoadSettings
) -> Prepared:
    """Columns present, missing and unknown for each council; the cleaned table; date formats."""
    issues: list[Issue] = []
    declared = {c.name.lower() for c in table.columns}
    usable: list[Member] = []
    rejected: list[TableLoad] = []
    missing: dict[str, tuple[str, ...]] = {}
    for member in members:
        raw, file = member.raw, member.file
        issues += raw.issues
        for key, source in raw.columns.items():
            if key not in declared:
                issues.append(
                    Issue(
                        Level.INFO,
                        IssueKind.UNKNOWN_COLUMN,
                        table.name,
                        f"column {source.name or '(blank)'} is not one csc-scorecard reads for {table.name}; "
                        "it was ignored.",
                        file=file,
                        column=source.name,
                    )
                )
        absent = tuple(c.name for c in table.columns if c.name.lower() not in raw.columns)
        missing[member.council] = absent
        missing_keys = [k for k in table.key if k in absent]
        if missing_keys:
            issues.append(
                Issue(
                    Level.ERROR,
                    IssueKind.MISSING_KEY_COLUMN,
                    table.name,
                    f"the key column {', '.join(missing_keys)} is missing from {file}, so table {table.name} cannot "
                    f"be used. The header has: {', '.join(s.name for s in raw.columns.values()) or 'nothing'}.",
                    file=file,
                    column=", ".join(missing_keys),
                    expected=", ".join(table.key),
                )
            )
            rejected.append(
                TableLoad(
                    member.council,
                    table.name,
                    TableStatus.REJECTED,
                    file=file,
                    rows_read=raw.rows,
                    rows_quarantined=raw.rows,
                    missing_columns=absent,
                    encoding=raw.encoding,
                )
            )
            continue
        needed = f" ({table.feeds})" if table.feeds else ""
        for name in absent:
            issues.append(
                Issue(
                    Level.WARNING,
                    IssueKind.MISSING_COLUMN,
                    table.name,
                    f"column {name} is missing from {file}: the indicators that need it{needed} will show as "
                    "not available.",
                    file=file,
                    column=name,
                    expected=name,
                )
            )
        usable.append(member)
    if not usable:
        return Prepared(
            table, (), prefix, rejected=tuple(rejected), issues=tuple(issues), missing_columns=missing
        )

    value_maps = settings.value_maps.get(table.name, {})
    parts = [CouncilPart(m.council, m.raw.relation, m.raw.columns) for m in usable]
    plans = plan_columns(table, parts, value_maps)
    clean = f"{prefix}_clean"
    # Materialised once: format inference and the checks both read it, and a view would plan the
    # whole union of a batch of many small councils again for each query.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {q(clean)} AS {clean_sql(union_sql(parts, plans), plans, value_maps)}"
    )
    configured = settings.date_format_for(table.name)
    text_dates = [(p.name, text_value(p)) for p in plans if p.text_date]
    inferred = dates.infer_formats(con, clean, text_dates, configured)
    formats: dict[str, dict[str, dates.DateFormatChoice]] = {}
    for member in usable:
        by_column = dict(inferred.get(member.council, {}))
        for plan in plans:
            stored = member.raw.columns.get(plan.name.lower())
            if plan.column.is_date and stored is not None and native_for(plan.column, stored):
                by_column[plan.name] = dates.DateFormatChoice(
                    plan.name, dates.NATIVE, 0, 0, configured=configured
                )
        formats[member.council] = by_column
        for choice in by_column.values():
            if choice.ambiguous:
                issues.append(_ambiguous_issue(table.name, member.file, choice))
    return Prepared(table, tuple(usable), prefix, plans, formats, missing, tuple(rejected), tuple(issues))


def _ambiguous_issue(table: str, file: str, choice: dates.DateFormatChoice) -> Issue:
    used = choice.fmt
    other = dates.MDY if used == dates.DMY else dates.DMY
    why = (
        f"the format configured for {table}"
        if choice.configured == used
        else "the UK convention; set date_formats in the configuration if that is wrong"
    )
    return Issue(
        Level.INFO if choice.configured == used else Level.WARNING,
        IssueKind.AMBIGUOUS_DATE_FORMAT,
        table,
        f"the dates read differently as dd/mm/yyyy and as mm/dd/yyyy (for example '{choice.ambiguous_example}'); "
        f"they were read as {used}, {why}. Read as {other} they would give other dates.",
        file=file,
        column=choice.column,
        found=choice.ambiguous_example,
        expected=used,
    )


def _context(con: Any, prepared: Prepared, extract_dates: Mapping[str, date]) -> str:
    """One row per council: its extract date and the format of each text date column."""
    name = f"{prepared.prefix}_ctx"
    text_dates = [p for p in prepared.plans if p.text_date]
    columns = ["council", "_extract", *(f"fm{p.index}" for p in text_dates)]
    rows = []
    for member in prepared.members:
        formats = prepared.formats.get(member.council, {})
        values = [lit(member.council), f"DATE '{extract_dates[member.council].isoformat()}'"]
        values += [lit(formats[p.name].fmt if p.name in formats else dates.NONE) for p in text_dates]
        rows.append(f"({', '.join(values)})")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {q(name)} AS SELECT * FROM (VALUES {', '.join(rows)}) v({', '.join(columns)})"
    )
    return name


def newest_dates(con: Any, prepared: Prepared, today: date) -> dict[str, date]:
    """council → newest plausible (not future) date in the coverage column, for a missing extract date."""
    plan = next((p for p in prepared.plans if p.name == prepared.table.coverage_column), None)
    if plan is None:
        return {}
    context = _context(con, prepared, {m.council: today for m in prepared.members})
    value = parse_value_sql(plan)
    source = dated_source_sql([plan], prepared.clean_relation, context)
    rows = con.execute(
        f"SELECT council, max(d) FROM (SELECT council, CAST({value} AS DATE) AS d FROM {source}) "
        f"WHERE d <= DATE '{today.isoformat()}' GROUP BY council"
    ).fetchall()
    con.execute(f"DROP TABLE {q(context)}")
    return {council: found for council, found in rows if isinstance(found, date)}


def check(
    con: Any,
    prepared: Prepared,
    extract_dates: Mapping[str, date],
    person_relation: str | None,
    into: str,
    append: bool,
) -> BatchResult:
    """Type and check the batch: its accepted rows go to the table `into` (made by this batch, or
    added to when `append`), its quarantined rows to a DuckDB table of their own."""
    table, prefix = prepared.table, prepared.prefix
    if not prepared.members:
        return BatchResult(prepared.rejected, issues=prepared.issues)
    files = {m.council: m.file for m in prepared.members}
    context = _context(con, prepared, extract_dates)
    built = build_checked_sql(table, prepared.plans, prepared.clean_relation, context, person_relation)
    checked, quarantine, flagged = (f"{prefix}_{s}" for s in ("chk", "q", "flagged"))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {q(checked)} AS {built.sql}")
    _mark_duplicates(con, checked, built.keys, prefix)

    # Issues: only rows with some problem are unfolded, one SELECT per check.
    field_checks = [c for c in built.checks if not c.row_level]
    any_field = " OR ".join(f"({c.condition})" for c in field_checks) or "false"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {q(flagged)} AS SELECT * FROM {q(checked)} WHERE _row_bad OR _dup OR {any_field}"
    )
    parts = [
        f"SELECT {c.id} AS check_id, council, {ROW}, CAST({c.found} AS VARCHAR) AS found, "
        f"CAST({c.extra} AS VARCHAR) AS extra FROM {q(flagged)} WHERE ({c.condition})"
        + ("" if c.row_level else " AND NOT _row_bad AND NOT _dup")
        for c in built.checks
    ]
    rows = con.execute(
        f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY council, {ROW}, check_id"
    ).fetchall()
    issues = list(prepared.issues)
    field_issues: Counter[str] = Counter()
    for check_id, council, row, found, extra in rows:
        spec = built.checks[check_id]
        found, extra = found or "", extra or ""
        issues.append(
            Issue(
                spec.level,
                spec.kind,
                table.name,
                spec.describe(found, extra),
                file=files[council],
                row=int(row),
                column=spec.column,
                found=found,
                expected=spec.expected(found, extra),
            )
        )
        field_issues[council] += not spec.row_level

    # Accepted rows, in file order, with their declared types.
    outputs = ", ".join(f"CAST({sql} AS {kind}) AS {q(name)}" for name, sql, kind in built.output)
    rows_kept = f"SELECT council, {ROW}, {outputs} FROM {q(checked)} WHERE NOT _row_bad AND NOT _dup"
    if append:
        # Each row written once, straight into the table. A column this batch is the first to have
        # is added, at the end (the caller puts the columns in order afterwards); one it lacks is null.
        have = set(column_names(con, into))
        for name, _, kind in built.output:
            if name not in have:
                con.execute(f"ALTER TABLE {q(into)} ADD COLUMN {q(name)} {kind}")
        con.execute(f"INSERT INTO {q(into)} BY NAME {rows_kept} ORDER BY council, {ROW}")
    else:
        con.execute(f"CREATE OR REPLACE TABLE {q(into)} AS {rows_kept} ORDER BY council, {ROW}")
    # Quarantined rows, as text, with the kinds of problem that set them aside.
    row_checks = [c for c in built.checks if c.row_level]
    kinds = ", ".join(f"CASE WHEN {c.condition} THEN {lit(c.kind.value)} END" for c in row_checks)
    texts = ", ".join(f"{sql} AS {q(name)}" for name, sql in built.quarantine)
    con.execute(
        f"CREATE OR REPLACE TABLE {q(quarantine)} AS SELECT council, {ROW}, "
        f"array_to_string(list_sort(list_distinct(list_filter([{kinds}], lambda k: k IS NOT NULL))), '; ') "
        f"AS _issues, CAST(NULL AS VARCHAR) AS _raw_line, {texts} FROM {q(flagged)} WHERE _row_bad OR _dup "
        f"ORDER BY council, {ROW}"
    )
    malformed: Counter[str] = Counter()
    for member in prepared.members:
        for bad in member.raw.malformed:
            malformed[member.council] += 1
            con.execute(
                f"INSERT INTO {q(quarantine)} (council, {ROW}, _issues, _raw_line) VALUES (?, ?, 'malformed_row', ?)",
                [member.council, bad.row, bad.text],
            )
            issues.append(
                Issue(
                    Level.ERROR,
                    IssueKind.MALFORMED_ROW,
                    table.name,
                    f"this record has {bad.fields} fields but the header has {bad.expected}, so its values cannot be "
                    "matched to columns. The row was quarantined.",
                    file=member.file,
                    row=bad.row,
                    found=bad.text[:200],
                    expected=f"{bad.expected} fields",
                )
            )
    counts = {
        council: (int(total), int(kept))
        for council, total, kept in con.execute(
            f"SELECT council, count(*), count(*) FILTER (WHERE NOT _row_bad AND NOT _dup) FROM {q(checked)} "
            "GROUP BY council"
        ).fetchall()
    }
    present = {name for name, _, _ in built.output}
    coverage = _coverage(
        con, into, table.coverage_column if table.coverage_column in present else None, list(files)
    )
    for relation in (checked, flagged, context, prepared.clean_relation):
        con.execute(f"DROP TABLE IF EXISTS {q(relation)}")

    loads = list(prepared.rejected)
    for member in prepared.members:
        total, kept = counts.get(member.council, (0, 0))
        absent = set(prepared.missing_columns.get(member.council, ()))
        loads.append(
            TableLoad(
                member.council,
                table.name,
                member.raw.status,
                file=member.file,
                rows_read=member.raw.rows,
                rows_accepted=kept,
                rows_quarantined=total - kept + malformed[member.council],
                field_issues=field_issues[member.council],
                columns=frozenset(n for n in present if _source_column(table, n) not in absent),
                missing_columns=prepared.missing_columns.get(member.council, ()),
                coverage=coverage.get(member.council, Coverage(None, None)),
                date_formats={n: c.fmt for n, c in prepared.formats.get(member.council, {}).items()},
                encoding=member.raw.encoding,
            )
        )
    has_quarantine = sum(total - kept for total, kept in counts.values()) + sum(malformed.values()) > 0
    if not has_quarantine:
        con.execute(f"DROP TABLE {q(quarantine)}")
    return BatchResult(tuple(loads), into, quarantine if has_quarantine else None, tuple(issues))


def column_names(con: Any, relation: str) -> list[str]:
    """The columns of a DuckDB table or view, in order."""
    return [d[0] for d in con.execute(f"SELECT * FROM {q(relation)} LIMIT 0").description]


def _source_column(table: Table, output: str) -> str:
    """The declared column an output column comes from (a JSON flag column comes from its JSON column)."""
    for column in table.columns:
        if output == column.name or output in {column.json_flag_column(k) for k in column.json_flags}:
            return column.name
    return output


def _mark_duplicates(con: Any, checked: str, keys: tuple[str, ...], prefix: str) -> None:
    """Among rows that pass the row checks, later rows with an already used key are duplicates."""
    groups = f"{prefix}_dups"
    listed = ", ".join(keys)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {q(groups)} AS SELECT {listed}, min({ROW}) AS _first FROM {q(checked)} "
        f"WHERE NOT _row_bad GROUP BY {listed} HAVING count(*) > 1"
    )
    if con.execute(f"SELECT count(*) FROM {q(groups)}").fetchall()[0][0]:
        same = " AND ".join(f"k.{key} = d.{key}" for key in keys)
        con.execute(
            f"UPDATE {q(checked)} k SET _first = d._first, _dup = k.{ROW} > d._first "
            f"FROM {q(groups)} d WHERE {same} AND NOT k._row_bad"
        )
    con.execute(f"DROP TABLE {q(groups)}")


def _coverage(con: Any, accepted: str, column: str | None, councils: list[str]) -> dict[str, Coverage]:
    """council → first and last dates of the coverage column over the `councils`' accepted rows."""
    if not column:
        return {}
    listed = ", ".join(lit(c) for c in councils)
    rows = con.execute(
        f"SELECT council, min(CAST({q(column)} AS DATE)), max(CAST({q(column)} AS DATE)) FROM {q(accepted)} "
        f"WHERE council IN ({listed}) GROUP BY council"
    ).fetchall()
    return {council: Coverage(first, last) for council, first, last in rows}
