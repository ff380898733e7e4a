"""The one SELECT that types and checks a table (all councils of a batch at once).

A table flows through these layers, all vectorised in DuckDB:

1. `clean` (a table made from the union of the councils' files, see `checks`): each cell trimmed, empty
   strings and the SSD placeholders made null, value maps applied.               → `s{i}`
2. `split`: each row joined to its council's context (extract date `_extract`, the format `fm{i}` of
   each text date column), and text dates split into parts once.                  → `d{i}`
3. `parse`: each column typed: dates, canonical codes, flags, numbers, outcome JSON; the child's date
   of birth joined in from ssd_person.                                             → `v{i}`, `_dob`
4. `check`: a flag per problem (`b{i}` unreadable, `x{i}` implausible with its reason, `c{i}` code not
   valid on the row's date, `e{n}` end before start), the final value `f{i}` (null where a field issue
   applies), the outcome flags `j{i}_{n}`, and `_row_bad` for row issues. Duplicate keys (`_dup`,
   `_first`) are marked afterwards from a GROUP BY (see `validate`).

Each `Check` names one SQL condition over the result and how to word it as an Issue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from csc_scorecard.errors import IssueKind, Level
from csc_scorecard.ingest import dates, messages
from csc_scorecard.ingest.checks import (
    ColumnPlan,
    code_valid_sql,
    date_number_columns,
    dated_source_sql,
    flag_sql,
    lit,
    parse_value_sql,
    plausibility_sql,
    q,
)
from csc_scorecard.schema import CODE_LISTS, ColumnType, DateRole, Table

Describe = Callable[[str, str], str]  # (found, extra) → message or expected value


@dataclass(frozen=True, slots=True)
class Check:
    """One kind of problem in one column, as SQL over the checked rows plus the words for it."""

    id: int
    kind: IssueKind
    level: Level
    column: str
    condition: str
    found: str
    extra: str
    describe: Describe
    expected: Describe
    row_level: bool


@dataclass(frozen=True)
class CheckedSql:
    """The SELECT producing every typed value and flag of a table, and the checks to report from it."""

    sql: str
    checks: tuple[Check, ...]
    output: tuple[tuple[str, str, str], ...]  # (column name, SQL over the checked rows, DuckDB type)
    quarantine: tuple[tuple[str, str], ...]  # (column name, SQL giving the text as it was in the file)
    keys: tuple[str, ...]  # the checked columns holding the typed key


def build_checked_sql(
    table: Table,
    plans: Sequence[ColumnPlan],
    clean_relation: str,
    context_relation: str,
    person_relation: str | None,
) -> CheckedSql:
    """Layers 2 to 4 over the cleaned view, and the checks to report (see the module docstring).

    `context_relation` has one row per council: `council`, `_extract`, and `fm{i}` per text date column;
    `person_relation` is the accepted ssd_person (with `council`), once it is loaded.
    """
    by_name = {p.name: p for p in plans}
    checks: list[Check] = []
    # Text identifiers and free text need no typing: they are used as cleaned (`s{i}`), and the
    # flag columns of a check that cannot fire are not made at all, to keep the checked table narrow.
    plain = {p.index for p in plans if _plain(p)}
    can_fail = {p.index for p in plans if _can_fail(p)}
    plausible: set[int] = set()
    dated_codes: set[int] = set()

    def value(i: int) -> str:  # typed value before the code-on-date check
        return f"s{i}" if i in plain else f"g{i}"

    def final(i: int) -> str:
        return f"s{i}" if i in plain else f"f{i}"

    def bad(i: int) -> str:
        return f"b{i}" if i in can_fail else "false"

    def implausible(i: int) -> str:
        return f"x{i} IS NOT NULL" if i in plausible else "false"

    def add(
        kind: IssueKind,
        column: str,
        condition: str,
        found: str,
        extra: str,
        describe: Describe,
        expected: str | Describe = "",
    ) -> None:
        row_level = kind in _ROW_KINDS
        level = Level.ERROR if row_level else Level.WARNING
        expect = expected if callable(expected) else partial(messages.fixed, expected)
        checks.append(
            Check(len(checks), kind, level, column, condition, found, extra, describe, expect, row_level)
        )

    # -- layers 2 and 3: split and parse -----------------------------------------------------------
    # Each layer passes on only what later layers read, so the checked table stays narrow.
    spent_numbers = date_number_columns(plans)
    parse_cols = [f"c.* EXCLUDE ({', '.join(spent_numbers)})" if spent_numbers else "c.*"]
    for plan in plans:
        if plan.index not in plain:
            parse_cols.append(f"{parse_value_sql(plan)} AS v{plan.index}")
    person = table.person_column
    join = ""
    dob_source = None
    if table.name == "ssd_person" and "pers_dob" in by_name:
        # the child's own date of birth, when plausible, bounds their other dates (death)
        raw_dob = parse_value_sql(by_name["pers_dob"])
        reason = plausibility_sql(DateRole.BIRTH, raw_dob, False)
        dob_source = f"(CASE WHEN {reason} IS NULL THEN CAST({raw_dob} AS DATE) END)"
    elif person and person in by_name and person_relation:
        join = (
            f" LEFT JOIN (SELECT council AS _pc, pers_person_id AS _pid, pers_dob AS _pdob "
            f"FROM {q(person_relation)}) _p ON _p._pc = c.council AND _p._pid = c.s{by_name[person].index}"
        )
        dob_source = "_p._pdob"
    if dob_source:
        parse_cols.append(f"{dob_source} AS _dob")
    source = dated_source_sql(plans, clean_relation, context_relation)
    parse = f"SELECT {', '.join(parse_cols)} FROM {source} c{join}"

    # -- layer 3a: readability and plausibility ----------------------------------------------------
    check_cols = ["p.*"]
    for plan in plans:
        i, column = plan.index, plan.column
        if i in plain:
            continue
        if i in can_fail:
            check_cols.append(f"(s{i} IS NOT NULL AND v{i} IS NULL) AS b{i}")
        reason = (
            plausibility_sql(column.date_role, f"v{i}", dob_source is not None) if column.is_date else None
        )
        if reason:
            plausible.add(i)
            check_cols.append(f"{reason} AS x{i}")
        check_cols.append(f"(CASE WHEN {bad(i)} OR {implausible(i)} THEN NULL ELSE v{i} END) AS g{i}")
        if column.json_flags:
            # one parse of the JSON for all its flags; upper-case keys first, then lower-case
            paths = ", ".join(
                lit("$." + k) for k in (*column.json_flags, *(k.lower() for k in column.json_flags))
            )
            check_cols.append(
                f"(CASE WHEN v{i} IS NOT NULL THEN json_extract_string(v{i}, [{paths}]) END) AS jl{i}"
            )
    layer_a = f"SELECT {', '.join(check_cols)} FROM ({parse}) p"

    # -- layer 3b: codes on the row's date, periods, row verdict ------------------------------------
    spent = [f"v{p.index}" for p in plans if p.index not in plain]
    spent += [f"jl{p.index}" for p in plans if p.column.json_flags]
    spent += [f"n{p.index}" for p in plans if p.native] + ["_extract", *(["_dob"] if dob_source else [])]
    final_cols = [f"a.* EXCLUDE ({', '.join(spent)})" if spent else "a.*"]
    for plan in plans:
        i, column = plan.index, plan.column
        if i in plain:
            continue
        on = by_name.get(column.code_date or "")
        valid = code_valid_sql(f"g{i}", f"CAST({value(on.index)} AS DATE)", column) if on else None
        if valid:
            dated_codes.add(i)
            final_cols.append(f"(g{i} IS NOT NULL AND NOT {valid}) AS c{i}")
        final_cols.append(f"(CASE WHEN c{i} THEN NULL ELSE g{i} END) AS f{i}" if valid else f"g{i} AS f{i}")
        width = len(column.json_flags)
        for n in range(width):
            # json_extract_string only ran on rows whose JSON is a valid object (jl is null otherwise)
            final_cols.append(f"{flag_sql(f'coalesce(jl{i}[{n + 1}], jl{i}[{n + 1 + width}])')} AS j{i}_{n}")
    periods = [(by_name[a], by_name[b]) for a, b in table.periods if a in by_name and b in by_name]
    for n, (start, end) in enumerate(periods):
        final_cols.append(f"coalesce({value(end.index)} < {value(start.index)}, false) AS e{n}")

    row_conditions: list[str] = []
    key_plans = [by_name[k] for k in table.key if k in by_name]
    key_names = tuple(p.name for p in key_plans)
    missing_key = " OR ".join(f"s{p.index} IS NULL" for p in key_plans) or "false"
    add(
        IssueKind.MISSING_KEY,
        key_names[0] if len(key_names) == 1 else ", ".join(key_names),
        missing_key,
        "''",
        "''",
        partial(messages.missing_key, columns=key_names),
        "a key in every row",
    )
    row_conditions.append(missing_key)

    for plan in plans:
        i, column = plan.index, plan.column
        required = column.required or column.name in table.key
        found = f"coalesce(r{i}, s{i})" if plan.mapped else f"s{i}"
        fmt = f"fm{i}" if plan.text_date else lit(dates.NATIVE)
        if required and column.name not in table.key:
            # a council whose file lacks the column has a missing-column issue instead
            absent = f" AND council NOT IN ({', '.join(map(lit, plan.absent_in))})" if plan.absent_in else ""
            cond = f"s{i} IS NULL{absent}"
            add(
                IssueKind.MISSING_REQUIRED_VALUE,
                column.name,
                cond,
                "''",
                "''",
                partial(messages.missing_required, column=column.name),
                "a value in every row",
            )
            row_conditions.append(cond)
        if column.is_date:
            if i in can_fail:
                kind = IssueKind.BAD_REQUIRED_DATE if required else IssueKind.BAD_OPTIONAL_DATE
                # extra: the format of the council's column, which the message shows an example of
                add(
                    kind,
                    column.name,
                    f"b{i}",
                    found,
                    fmt,
                    partial(messages.not_a_date, required=required),
                    messages.date_expected,
                )
                if required:
                    row_conditions.append(f"b{i}")
            if i in plausible:
                kind = (
                    IssueKind.IMPLAUSIBLE_REQUIRED_DATE if required else IssueKind.IMPLAUSIBLE_OPTIONAL_DATE
                )
                add(
                    kind,
                    column.name,
                    f"x{i} IS NOT NULL",
                    found,
                    f"x{i}",
                    partial(messages.implausible, required=required),
                    "a plausible date",
                )
                if required:
                    row_conditions.append(f"x{i} IS NOT NULL")
        elif column.type is ColumnType.CODE:
            codes = CODE_LISTS.get(column.codes or "")
            if codes is not None and i in can_fail:
                add(
                    IssueKind.CODE_NOT_IN_LIST,
                    column.name,
                    f"b{i}",
                    found,
                    f"s{i}",
                    partial(messages.code_not_in_list, codes=codes),
                    f"a code in {codes.name}",
                )
            on = by_name.get(column.code_date or "")
            if codes is not None and on is not None and i in dated_codes:
                add(
                    IssueKind.CODE_NOT_IN_LIST,
                    column.name,
                    f"c{i}",
                    f"g{i}",
                    f"strftime(CAST({value(on.index)} AS DATE), '%d/%m/%Y')",
                    partial(messages.code_not_valid_on, codes=codes, date_column=on.name),
                    f"a code valid on the row's {on.name}",
                )
        elif column.type is ColumnType.JSON and i in can_fail:
            add(IssueKind.BAD_JSON, column.name, f"b{i}", found, "''", messages.bad_json, "a JSON object")
        elif column.type in _VALUE_WORDS and i in can_fail:
            what, expected = _VALUE_WORDS[column.type]
            kind = IssueKind.MISSING_REQUIRED_VALUE if required else IssueKind.BAD_VALUE
            add(
                kind,
                column.name,
                f"b{i}",
                found,
                "''",
                partial(messages.bad_value, what=what, expected=expected, required=required),
                expected,
            )
            if required:
                row_conditions.append(f"b{i}")
    for n, (start, end) in enumerate(periods):
        add(
            IssueKind.END_BEFORE_START,
            end.name,
            f"e{n}",
            f"s{end.index}",
            f"s{start.index}",
            partial(messages.end_before_start, start_column=start.name),
            f"a date on or after {start.name}",
        )
        row_conditions.append(f"e{n}")

    row_bad = " OR ".join(f"({c})" for c in row_conditions)
    final_cols.append(f"coalesce({row_bad}, false) AS _row_bad")
    layer_b = f"SELECT {', '.join(final_cols)} FROM ({layer_a}) a"

    dup_found = " || ' / ' || ".join(f"coalesce(s{p.index}, '')" for p in key_plans)
    add(
        IssueKind.DUPLICATE_KEY,
        ", ".join(key_names),
        "_dup",
        dup_found,
        "CAST(_first AS VARCHAR)",
        messages.duplicate_key,
        "a key used once",
    )
    # _dup and _first are filled in afterwards from a GROUP BY of the keys (see validate.check):
    # much cheaper than a window over every row when, as usual, keys are unique.
    sql = f"SELECT *, false AS _dup, CAST(NULL AS BIGINT) AS _first FROM ({layer_b}) b"

    output: list[tuple[str, str, str]] = []
    quarantine: list[tuple[str, str]] = []
    for plan in plans:
        i, column = plan.index, plan.column
        output.append((column.name, final(i), column.type.duckdb_type))
        quarantine.append((column.name, f"coalesce(r{i}, s{i})" if plan.mapped else f"s{i}"))
        for n, key in enumerate(column.json_flags):
            output.append(
                (column.json_flag_column(key), f"(CASE WHEN {bad(i)} THEN NULL ELSE j{i}_{n} END)", "BOOLEAN")
            )
    keys = ("council", *(final(p.index) for p in key_plans))
    return CheckedSql(sql, tuple(checks), tuple(output), tuple(quarantine), keys)


def _plain(plan: ColumnPlan) -> bool:
    """Text that needs no typing: identifiers, free text, codes without a list."""
    column = plan.column
    no_list = column.type is ColumnType.CODE and CODE_LISTS.get(column.codes or "") is None
    return not plan.native and (column.type in (ColumnType.ID, ColumnType.TEXT) or no_list)


def _can_fail(plan: ColumnPlan) -> bool:
    """Some council's text may not read as the column's type."""
    return plan.text and not _plain(plan)


_ROW_KINDS = {
    IssueKind.MISSING_KEY,
    IssueKind.DUPLICATE_KEY,
    IssueKind.BAD_REQUIRED_DATE,
    IssueKind.IMPLAUSIBLE_REQUIRED_DATE,
    IssueKind.END_BEFORE_START,
    IssueKind.MISSING_REQUIRED_VALUE,
}
_VALUE_WORDS = {
    ColumnType.INTEGER: ("a whole number", "a whole number such as 12"),
    ColumnType.NUMBER: ("a number", "a number such as 12.5"),
    ColumnType.FLAG: ("a yes/no value", "Y or N (also Yes/No, 1/0, True/False)"),
}
