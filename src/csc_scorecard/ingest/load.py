"""`load_dataset`: a folder (or folder of council folders, or DuckDB file) in, a typed Dataset out.

ssd_person is loaded first (the plausibility checks of every table that names a child need the
children's dates of birth; the tables that name none load beside it), then the other tables several
at a time, each on its own DuckDB cursor (`_concurrently`). For each table, the councils' files are
read into DuckDB as text and checked together in batches of about `BATCH_ROWS` rows, so that the SQL
for a table is planned once per batch rather than once per council, and memory holds one batch of
text at a time. Foreign keys are checked last, against the accepted rows of the tables they point
at, several tables at a time too. Each table ends as one DuckDB table with a leading `council`
column, exposed to the engine through Ibis.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from csc_scorecard.errors import InputFolderError, Issue, IssueKind, Level
from csc_scorecard.ingest import messages, validate
from csc_scorecard.ingest.checks import lit, q
from csc_scorecard.ingest.connection import connect
from csc_scorecard.ingest.dataset import Dataset, TableLoad, TableStatus
from csc_scorecard.ingest.readers import ROW, ReadError, read_table
from csc_scorecard.ingest.settings import LoadSettings
from csc_scorecard.ingest.sources import CouncilSource, discover, sql_string
from csc_scorecard.schema import TABLES, OnOrphan, Source, Table

PERSON = "ssd_person"
BATCH_ROWS = 2_000_000  # rows of text per batch of councils (a council's file is never split)


def load_dataset(
    path: str | Path, settings: LoadSettings | None = None, *, today: date | None = None
) -> Dataset:
    """Load and validate every table in `path` (see the module docstring). Never drops a row silently.

    Raises InputFolderError when `path` is missing or holds nothing recognisable; everything wrong with
    the data itself is an Issue in the result.
    """
    settings = settings or LoadSettings()
    today = today or date.today()
    root = Path(path)
    sources = discover(root, settings.council)
    con = connect(settings.database, settings.memory_limit)
    multi = len(sources) > 1
    prefixes = {s.council: (s.location.name + "/" if multi else "") for s in sources}
    attached = _attach(con, sources)
    issues: list[Issue] = [i for s in sources for i in s.issues]
    extract_dates, notes = _extract_dates(con, sources, settings, prefixes, attached, today)
    issues += notes

    loads: dict[tuple[str, str], TableLoad] = {}
    quarantine: dict[str, str] = {}
    created: list[str] = []

    def load_one(connection: Any, table: Table) -> _Loaded:
        return _load_table(connection, table, sources, prefixes, attached, settings, extract_dates)

    def keep(table: Table, loaded: _Loaded) -> None:
        table_loads, made, quarantined, table_issues = loaded
        loads.update({(load.council, load.table): load for load in table_loads})
        issues.extend(table_issues)
        if made:
            _in_declared_order(con, table.name, table)
            created.append(table.name)
        if quarantined:
            quarantine[table.name] = _union_quarantine(con, table.name, quarantined)

    person, *others = _ordered_tables()
    # ssd_person is loaded, and kept, before any table whose checks read the children's dates of
    # birth; the tables that name no child load beside it, on the CPUs it leaves idle.
    unlinked = [t for t in others if t.person_column is None]
    linked = [t for t in others if t.person_column is not None]
    person_loaded, *unlinked_loaded = _concurrently(con, load_one, [person, *unlinked])
    keep(person, person_loaded)
    results = dict(zip([t.name for t in unlinked], unlinked_loaded, strict=True))
    results.update(zip([t.name for t in linked], _concurrently(con, load_one, linked), strict=True))
    for table in others:  # kept in table order, so the issues and tables are those of one at a time
        keep(table, results[table.name])
    issues += _check_foreign_keys(con, loads)
    for name in created:  # `_row` was kept only to locate orphan links
        con.execute(f"ALTER TABLE {q(name)} DROP COLUMN {ROW}")
    for catalog in set(attached.values()):
        con.execute(f"DETACH {q(catalog)}")

    import ibis

    backend = ibis.duckdb.from_connection(con)
    loaded = [
        name
        for name in TABLES
        if any(load.status is TableStatus.LOADED for (_, n), load in loads.items() if n == name)
    ]
    return Dataset(
        councils=tuple(s.council for s in sources),
        extract_dates=extract_dates,
        loads=loads,
        tables={name: backend.table(name) for name in loaded},
        issues=tuple(issues),
        backend=backend,
        source=str(root),
        quarantine=quarantine,
    )


# A table's loads, whether its DuckDB table was made (it has accepted rows), its quarantine tables, issues.
_Loaded = tuple[list[TableLoad], bool, list[str], list[Issue]]
# Tables load several at a time: most tables of one council are smaller than a DuckDB row group
# (122,880 rows), so each check query runs on one thread and another table can use another CPU. At
# most 4, as each table being loaded holds a batch of text in memory.
LOAD_THREADS = min(4, max(2, os.cpu_count() or 2))
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def _concurrently(con: Any, work: Callable[[Any, _Item], _Result], items: Sequence[_Item]) -> list[_Result]:
    """`work` on each item (a table to load, or the name of a table whose links to check),
    LOAD_THREADS at a time, each on its own DuckDB cursor; results in the items' order.

    A cursor shares the database (the accepted and quarantined tables it writes are seen by `con`)
    but has its own temporary objects, so each table's working tables stay on the cursor that made them.
    """

    def on_cursor(item: _Item) -> _Result:
        cursor = con.cursor()  # with `con`'s settings (no progress bar)
        try:
            return work(cursor, item)
        finally:
            cursor.close()

    with ThreadPoolExecutor(max_workers=LOAD_THREADS, thread_name_prefix="csc-load") as pool:
        return list(pool.map(on_cursor, items))


def _ordered_tables() -> list[Table]:
    """ssd_person first: the plausibility checks of every table that names a child need the
    children's dates of birth."""
    return [TABLES[PERSON], *(t for name, t in TABLES.items() if name != PERSON)]


def _attach(con: Any, sources: Iterable[CouncilSource]) -> dict[str, str]:
    """council → catalog name of its attached DuckDB database (read-only), for DuckDB-file input."""
    import duckdb

    attached: dict[str, str] = {}
    for number, source in enumerate(sources):
        if any(f.kind == "duckdb" for f in source.files.values()):
            attached[source.council] = f"_src{number}"
            try:
                con.execute(
                    f"ATTACH {sql_string(str(source.location))} AS {q(attached[source.council])} (READ_ONLY)"
                )
            except duckdb.Error as error:
                raise InputFolderError(
                    f"cannot open the DuckDB database {source.location}: {str(error).splitlines()[0]} "
                    "(it may be open in another program)."
                ) from error
    return attached


def _members(
    con: Any,
    table: Table,
    sources: Iterable[CouncilSource],
    prefixes: dict[str, str],
    attached: dict[str, str],
) -> Iterator[tuple[validate.Member | None, TableLoad | None, Issue | None]]:
    """Each council's file of the table read into DuckDB, or why it could not be."""
    for number, source in enumerate(sources):
        council, prefix = source.council, prefixes[source.council]
        where = source.files.get(table.name)
        if where is None:
            yield (
                None,
                TableLoad(council, table.name, TableStatus.MISSING),
                _missing_table_issue(table, prefix),
            )
            continue
        file = prefix + where.display_name
        relation = f"_raw_{table.name}_{number}"
        try:
            raw = read_table(con, where, relation, attached.get(council, ""))
        except ReadError as error:
            yield (
                None,
                TableLoad(council, table.name, TableStatus.REJECTED, file=file),
                Issue(Level.ERROR, IssueKind.UNREADABLE_FILE, table.name, str(error), file=file),
            )
            continue
        if raw.status is TableStatus.EMPTY:
            yield (
                None,
                TableLoad(council, table.name, TableStatus.EMPTY, file=file),
                Issue(
                    Level.WARNING,
                    IssueKind.EMPTY_FILE,
                    table.name,
                    f"{file} is empty (not even a header row): table {table.name} was not loaded and the "
                    "indicators that need it will show as not available.",
                    file=file,
                ),
            )
            continue
        header_only = None
        if raw.status is TableStatus.HEADER_ONLY:
            header_only = Issue(
                Level.WARNING,
                IssueKind.HEADER_ONLY,
                table.name,
                f"{file} has a header but no rows: table {table.name} holds nothing for this extract, so the "
                "indicators that need it will show as not available.",
                file=file,
            )
        yield validate.Member(council, file, raw), None, header_only


def _batches(
    con: Any,
    table: Table,
    sources: Sequence[CouncilSource],
    prefixes: dict[str, str],
    attached: dict[str, str],
) -> Iterator[tuple[list[validate.Member], list[TableLoad], list[Issue]]]:
    """Councils' files in batches of about BATCH_ROWS rows, with the loads and issues of files not read."""
    members: list[validate.Member] = []
    loads: list[TableLoad] = []
    issues: list[Issue] = []
    for member, load, issue in _members(con, table, sources, prefixes, attached):
        if issue:
            issues.append(issue)
        if load:
            loads.append(load)
        if member:
            members.append(member)
            if sum(m.raw.rows for m in members) >= BATCH_ROWS:
                yield members, loads, issues
                members, loads, issues = [], [], []
    if members or loads or issues:
        yield members, loads, issues


def _load_table(
    con: Any,
    table: Table,
    sources: Sequence[CouncilSource],
    prefixes: dict[str, str],
    attached: dict[str, str],
    settings: LoadSettings,
    extract_dates: dict[str, date],
) -> _Loaded:
    loads: list[TableLoad] = []
    made = False  # a batch has made the table
    quarantined: list[str] = []
    issues: list[Issue] = []
    # the children's dates of birth, once ssd_person is loaded with them
    person = PERSON if table.name != PERSON and _has_column(con, PERSON, "pers_dob") else None
    for number, (members, skipped, notes) in enumerate(_batches(con, table, sources, prefixes, attached)):
        loads += skipped
        issues += notes
        if not members:
            continue
        prepared = validate.prepare(con, table, members, f"_b{number}_{table.name}", settings)
        # Every batch's accepted rows go straight into the table itself: written once, not once per
        # batch and again when the batches were joined (13% of loading 150 councils).
        result = validate.check(con, prepared, extract_dates, person, into=table.name, append=made)
        loads += result.loads
        issues += result.issues
        made = made or result.accepted is not None
        if result.quarantine:
            quarantined.append(result.quarantine)
        for member in members:
            _unregister(con, member.raw.relation)
    return loads, made, quarantined, issues


def _has_column(con: Any, table: str, column: str) -> bool:
    found = con.execute(
        f"SELECT count(*) FROM duckdb_columns() WHERE table_name = {lit(table)} AND column_name = {lit(column)}"
    ).fetchall()
    return bool(found[0][0])


def _missing_table_issue(table: Table, prefix: str) -> Issue:
    needed = f" ({table.feeds})" if table.feeds else ""
    # Extension and reference tables are optional extras; a missing SSD table is worth a warning.
    level = Level.WARNING if table.source is Source.SSD else Level.INFO
    return Issue(
        level,
        IssueKind.MISSING_TABLE,
        table.name,
        f"no file for table {table.name} (expected {prefix}{table.name}.csv or .parquet): the indicators "
        f"that need it{needed} will show as not available.",
        file=f"{prefix}{table.name}.csv",
    )


def _extract_dates(
    con: Any,
    sources: Sequence[CouncilSource],
    settings: LoadSettings,
    prefixes: dict[str, str],
    attached: dict[str, str],
    today: date,
) -> tuple[dict[str, date], list[Issue]]:
    """The --extract-date flag, else extract.json, else the newest (not future) date in the data.

    Only councils with neither are read twice: once here for their newest date, once to load.
    """
    dates: dict[str, date] = {}
    for source in sources:
        when = settings.extract_date or source.extract_date
        if when:
            dates[source.council] = when
    unknown = [s for s in sources if s.council not in dates]
    newest: dict[str, tuple[date, str]] = {}
    for table in _ordered_tables() if unknown else []:
        if not table.coverage_column:
            continue
        for number, (members, _, _) in enumerate(_batches(con, table, unknown, prefixes, attached)):
            if members:
                prepared = validate.prepare(con, table, members, f"_n{number}_{table.name}", settings)
                for council, found in validate.newest_dates(con, prepared, today).items():
                    if council not in newest or found > newest[council][0]:
                        newest[council] = (found, f"{table.name}.{table.coverage_column}")
                con.execute(f"DROP TABLE IF EXISTS {q(prepared.clean_relation)}")
            for member in members:
                _unregister(con, member.raw.relation)
    notes: list[Issue] = []
    for source in unknown:
        where = prefixes[source.council] + "extract.json"
        if source.council in newest:
            found, column = newest[source.council]
            dates[source.council] = found
            notes.append(
                Issue(
                    Level.INFO,
                    IssueKind.EXTRACT_DATE_INFERRED,
                    "extract.json",
                    f"no extract date was given (--extract-date or extract.json); using the newest date in the data, "
                    f"{found:%d/%m/%Y} ({column}).",
                    file=where,
                )
            )
        else:
            dates[source.council] = today
            notes.append(
                Issue(
                    Level.WARNING,
                    IssueKind.EXTRACT_DATE_INFERRED,
                    "extract.json",
                    f"no extract date was given and the data holds no dates; using today, {today:%d/%m/%Y}. "
                    "Give --extract-date or an extract.json file.",
                    file=where,
                )
            )
    return dates, notes


def _unregister(con: Any, relation: str) -> None:
    con.execute(f"DROP VIEW IF EXISTS {q(relation)}")
    with contextlib.suppress(Exception):  # a view, not a registered Arrow table: already dropped
        con.unregister(relation)


def _check_foreign_keys(con: Any, loads: dict[tuple[str, str], TableLoad]) -> list[Issue]:
    """Orphan links: a child's id is kept (with a warning), any other link is set to null.

    Checked against the accepted rows of the same council's target table, after every table is loaded,
    so the order tables load in does not matter. A council whose target table is missing is not checked.
    Updates the field-issue counts in `loads`.

    Each table's links are checked on a cursor of its own, several tables at a time (`_concurrently`):
    a check reads only its target's key column, and no link column is a target of another link
    (`tests/ingest/test_concurrent_load.py` checks the schema), so the checks do not depend on one
    another's updates. The issues keep the table order.
    """
    loaded: dict[str, list[str]] = {}
    for (council, name), load in loads.items():
        if load.status is TableStatus.LOADED:
            loaded.setdefault(name, []).append(council)

    def check(connection: Any, name: str) -> tuple[list[Issue], Counter[str]]:
        return _orphans_of(connection, name, loaded, loads)

    issues: list[Issue] = []
    for name, (table_issues, per_council) in zip(
        loaded, _concurrently(con, check, list(loaded)), strict=True
    ):
        issues += table_issues
        for council, count in per_council.items():
            load = loads[(council, name)]
            loads[(council, name)] = dataclasses.replace(load, field_issues=load.field_issues + count)
    return issues


def _orphans_of(
    con: Any, name: str, loaded: dict[str, list[str]], loads: dict[tuple[str, str], TableLoad]
) -> tuple[list[Issue], Counter[str]]:
    """One table's orphan links, column by column: the issues, and how many per council."""
    table = TABLES[name]
    issues: list[Issue] = []
    per_council: Counter[str] = Counter()
    for column in table.columns:
        if not column.fk:
            continue
        target_table, _, target_column = column.fk.partition(".")
        checkable = [
            c
            for c in loaded[name]
            if c in loaded.get(target_table, []) and column.name in loads[(c, name)].columns
        ]
        if not checkable:
            continue
        orphan = (
            f"a.council IN ({', '.join(map(lit, checkable))}) AND a.{q(column.name)} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {q(target_table)} t WHERE t.council = a.council "
            f"AND t.{q(target_column)} = a.{q(column.name)})"
        )
        rows = con.execute(
            f"SELECT council, {ROW}, {q(column.name)} FROM {q(name)} a WHERE {orphan} ORDER BY council, {ROW}"
        ).fetchall()
        if not rows:
            continue
        keep = column.on_orphan is OnOrphan.KEEP
        if not keep:
            con.execute(f"UPDATE {q(name)} a SET {q(column.name)} = NULL WHERE {orphan}")
        for council, row, value in rows:
            per_council[council] += 1
            issues.append(
                Issue(
                    Level.WARNING,
                    IssueKind.ORPHAN_FOREIGN_KEY,
                    name,
                    messages.orphan(str(value), column.fk, keep),
                    file=loads[(council, name)].file,
                    row=int(row),
                    column=column.name,
                    found=str(value),
                    expected=f"a {target_column} in {target_table}",
                )
            )
    return issues, per_council


def _in_declared_order(con: Any, name: str, table: Table) -> None:
    """The loaded table's columns as `council`, `_row`, then the declared columns any council had, in
    order. Batches write into the table one after another, and a column that a later batch was the
    first to have was added at the end: only then is the table written again, in order."""
    columns = validate.column_names(con, name)
    ordered = [c for c in ("council", ROW, *table.loaded_column_names) if c in columns]
    ordered += [c for c in columns if c not in ordered]
    if columns == ordered:
        return
    staged = f"_ordered_{name}"
    con.execute(
        f"CREATE OR REPLACE TABLE {q(staged)} AS SELECT {', '.join(q(c) for c in ordered)} FROM {q(name)}"
    )
    con.execute(f"DROP TABLE {q(name)}")
    con.execute(f"ALTER TABLE {q(staged)} RENAME TO {q(name)}")


def _union_quarantine(con: Any, name: str, parts: list[str]) -> str:
    target = f"quarantine_{name}"
    if len(parts) == 1:
        con.execute(f"ALTER TABLE {q(parts[0])} RENAME TO {q(target)}")
        return target
    selects = [f"SELECT * FROM {q(relation)}" for relation in parts]
    con.execute(f"CREATE OR REPLACE TABLE {q(target)} AS {' UNION ALL BY NAME '.join(selects)}")
    for relation in parts:
        con.execute(f"DROP TABLE {q(relation)}")
    return target
