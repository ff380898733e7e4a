"""Plans and SQL pieces that type one table: which columns each council's file has, the union of
the councils' files, the cleaned text, and the typed value of each column.

`checked_sql` assembles these into the one SELECT that checks a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from csc_scorecard.ingest import dates
from csc_scorecard.ingest.readers import ROW, SourceColumn
from csc_scorecard.schema import CODE_LISTS, Column, ColumnType, DateRole, Table

PLACEHOLDERS = ("PLACEHOLDER_DATA", "SSD_PH")
# Pre-birth referrals, assessments and plans are real: an event up to 40 weeks before the child's
# recorded date of birth is plausible; earlier than that is a typo in one of the two dates.
PRE_BIRTH_DAYS = 280
_WHITESPACE = "chr(32) || chr(9) || chr(10) || chr(13) || chr(160)"
# What DuckDB's trim() cuts: the Unicode space separators (category Zs). A test asks DuckDB.
TRIM_SPACES = (32, 160, 5760, *range(8192, 8203), 8239, 8287, 12288)
_TRIM_CLASS = "".join(f"\\x{{{c:x}}}" for c in TRIM_SPACES)
# A tab or line break first or last once trim() has cut the spaces (a non-breaking space is one of them)
_ODD_AT_AN_END = f"^[{_TRIM_CLASS}]*[\\t\\n\\r]|[\\t\\n\\r][{_TRIM_CLASS}]*$"
_TRUE = ("Y", "YES", "1", "1.0", "TRUE", "T")
_FALSE = ("N", "NO", "0", "0.0", "FALSE", "F")
_INTEGER_TYPES = {
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
}
_NUMBER_TYPES = _INTEGER_TYPES | {"FLOAT", "DOUBLE", "REAL"}


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class CouncilPart:
    """One council's file of a table, registered in DuckDB as `relation`."""

    council: str
    relation: str
    columns: Mapping[str, SourceColumn]  # lower-cased header → column


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """A declared column that some council's file has, and how it is read.

    `text`: some council has it as text (CSV, or a Parquet string); `native`: some council stores it
    already typed (Parquet or DuckDB dates, numbers, booleans), which needs no parsing.
    """

    index: int
    column: Column
    text: bool
    native: bool
    mapped: bool  # a value map applies
    absent_in: tuple[str, ...] = ()  # councils whose file lacks the column

    @property
    def name(self) -> str:
        return self.column.name

    @property
    def text_date(self) -> bool:
        return self.column.is_date and self.text


def native_for(column: Column, source: SourceColumn) -> bool:
    """Whether the stored type already is the column's type, so no text parsing is needed."""
    kind = source.duckdb_type.upper()
    if column.is_date:
        return kind == "DATE" or kind.startswith("TIMESTAMP")
    if column.type is ColumnType.INTEGER:
        return kind in _INTEGER_TYPES
    if column.type is ColumnType.NUMBER:
        return kind in _NUMBER_TYPES or kind.startswith("DECIMAL")
    if column.type is ColumnType.FLAG:
        return kind == "BOOLEAN"
    return False


def plan_columns(
    table: Table, parts: Sequence[CouncilPart], value_maps: Mapping[str, Mapping[str, str]]
) -> tuple[ColumnPlan, ...]:
    plans = []
    for index, column in enumerate(table.columns):
        sources = {p.council: p.columns.get(column.name.lower()) for p in parts}
        present = [s for s in sources.values() if s is not None]
        if not present:
            continue
        natives = [native_for(column, s) for s in present]
        plans.append(
            ColumnPlan(
                index,
                column,
                text=not all(natives),
                native=any(natives),
                mapped=bool(value_maps.get(column.name)),
                absent_in=tuple(c for c, s in sources.items() if s is None),
            )
        )
    return tuple(plans)


def union_sql(parts: Sequence[CouncilPart], plans: Sequence[ColumnPlan]) -> str:
    """The councils' files as one relation: `council`, `_row`, then `n{i}` (native) / `t{i}` (text)."""
    selects = []
    for part in parts:
        cols = [f"{lit(part.council)} AS council", ROW]
        for plan in plans:
            i, source = plan.index, part.columns.get(plan.name.lower())
            is_native = source is not None and native_for(plan.column, source)
            if plan.native:
                native = q(source.name) if source is not None and is_native else "NULL"
                cols.append(f"CAST({native} AS {plan.column.type.duckdb_type}) AS n{i}")
            if plan.text:
                text = q(source.name) if source is not None and not is_native else "NULL"
                cols.append(f"CAST({text} AS VARCHAR) AS t{i}")
        selects.append(f"SELECT {', '.join(cols)} FROM {q(part.relation)}")
    return " UNION ALL ".join(selects)


def trimmed_sql(text: str) -> str:
    """The text trimmed, null when nothing is left: DuckDB's trim() (spaces, and the other Unicode
    space separators), or, when what that leaves starts or ends with a tab or line break, the value
    with spaces, tabs, line breaks and non-breaking spaces cut from both ends.

    Both trims read the whole value, one character at a time (trim() about 0.15 µs for an id and
    1 µs for a short JSON outcome), and almost no value has anything to cut. So they run only for a
    value whose first or last character is not a printable ASCII one (codes 33-159 are never cut):
    any other value is kept as it is, which is what they would return. Each trim is written once:
    DuckDB works out an expression written twice for every row, outside the CASE that would skip it.
    """
    last = f"substring({text}, length({text}), 1)"  # code points, as length() counts them
    trimmed = (
        f"CASE WHEN regexp_matches({text}, {lit(_ODD_AT_AN_END)}) "
        f"THEN trim({text}, {_WHITESPACE}) ELSE trim({text}) END"
    )
    cut = f"ascii({text}) NOT BETWEEN 33 AND 159 OR ascii({last}) NOT BETWEEN 33 AND 159"
    return f"nullif(CASE WHEN {cut} THEN {trimmed} ELSE {text} END, '')"


def clean_sql(union: str, plans: Sequence[ColumnPlan], value_maps: Mapping[str, Mapping[str, str]]) -> str:
    """Cleaned text `s{i}`: trimmed, empty and placeholders null, value maps applied; `r{i}` before mapping.

    `union` is the SQL of the councils' files (see `union_sql`).
    """
    inner = ["council", ROW]
    outer = ["council", ROW]
    for plan in plans:
        i = plan.index
        if plan.native:
            inner.append(f"n{i}")
            outer.append(f"n{i}")
        if not plan.text:
            outer.append(f"CAST(n{i} AS VARCHAR) AS s{i}")
            continue
        inner.append(f"{trimmed_sql(f't{i}')} AS t{i}")
        value = f"t{i}"
        mapping = value_maps.get(plan.name, {})
        if mapping:
            folded = f"lower(regexp_replace(replace(t{i}, chr(160), ' '), '\\s+', ' ', 'g'))"
            whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in mapping.items())
            value = f"CASE {folded} {whens} ELSE t{i} END"
            outer.append(f"{_unless_placeholder(f't{i}', f't{i}')} AS r{i}")
        text = _unless_placeholder(f"t{i}", value)
        outer.append(f"coalesce({text}, CAST(n{i} AS VARCHAR)) AS s{i}" if plan.native else f"{text} AS s{i}")
    return f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM ({union}))"


def _unless_placeholder(text: str, value: str) -> str:
    """`value`, or NULL when `text` is an SSD placeholder. A CASE on the length comes first, so that
    upper() runs only on values as long as a placeholder."""
    lengths = ", ".join(sorted({str(len(p)) for p in PLACEHOLDERS}))
    matches = " OR ".join(f"upper({text}) = {lit(p)}" for p in PLACEHOLDERS)
    return (
        f"CASE WHEN length({text}) NOT IN ({lengths}) THEN {value} WHEN {matches} THEN NULL ELSE {value} END"
    )


def text_value(plan: ColumnPlan) -> str:
    """SQL for the column's cleaned text on rows where it came as text (for format inference)."""
    return f"(CASE WHEN n{plan.index} IS NULL THEN s{plan.index} END)" if plan.native else f"s{plan.index}"


def flag_sql(text: str) -> str:
    # A simple CASE, not IN (...): DuckDB turns a long IN list into a join, slow on every row.
    whens = " ".join(f"WHEN {lit(v)} THEN {str(v in _TRUE).lower()}" for v in (*_TRUE, *_FALSE))
    return f"(CASE upper({text}) {whens} END)"


def _code_sql(value: str, column: Column) -> str:
    codes = CODE_LISTS.get(column.codes or "")
    if codes is None:
        return value
    subject = f"upper({value})" if codes.case_insensitive else value
    whens = " ".join(
        f"WHEN {lit(c.code.upper() if codes.case_insensitive else c.code)} THEN {lit(c.code)}"
        for c in codes.codes
    )
    return f"(CASE {subject} {whens} END)"


def code_valid_sql(value: str, on: str, column: Column) -> str | None:
    """SQL true when the (canonical) code is valid on the date `on`; None when no code has a window."""
    codes = CODE_LISTS.get(column.codes or "")
    if codes is None:
        return None
    windows = []
    for c in codes.codes:
        bounds = []
        if c.valid_from:
            bounds.append(f"{on} >= DATE '{c.valid_from.isoformat()}'")
        if c.valid_to:
            bounds.append(f"{on} <= DATE '{c.valid_to.isoformat()}'")
        if bounds:
            windows.append(f"WHEN {lit(c.code)} THEN ({' AND '.join(bounds)})")
    if not windows:
        return None
    return f"coalesce(CASE {value} {' '.join(windows)} END, true)"


def parse_value_sql(plan: ColumnPlan) -> str:
    """The typed value of a column, NULL where the text cannot be read.

    Text dates read their parts as numbers (`dates.numbers_sql`) and their council's format `fm{i}`.
    """
    i, column = plan.index, plan.column
    s = f"s{i}"
    if column.is_date:
        parsed = (
            f"CAST({dates.timestamp_sql(i, s, f'fm{i}')} AS {column.type.duckdb_type})"
            if plan.text
            else "NULL"
        )
    elif column.type is ColumnType.INTEGER:
        parsed = (
            f"(CASE WHEN regexp_full_match({s}, '[+-]?[0-9]+(\\.0*)?') "
            f"THEN TRY_CAST(TRY_CAST({s} AS DOUBLE) AS BIGINT) END)"
        )
    elif column.type is ColumnType.NUMBER:
        parsed = f"TRY_CAST({s} AS DOUBLE)"
    elif column.type is ColumnType.FLAG:
        parsed = flag_sql(s)
    elif column.type is ColumnType.CODE:
        parsed = _code_sql(s, column)
    elif column.type is ColumnType.JSON:
        # an object, not any JSON value: the text is trimmed, so it starts with a brace (no second parse)
        parsed = f"(CASE WHEN left({s}, 1) = '{{' AND json_valid({s}) THEN {s} END)"
    else:
        parsed = s
    return f"coalesce(n{i}, {parsed})" if plan.native else parsed


def plausibility_sql(role: DateRole | None, value: str, has_dob: bool) -> str | None:
    """SQL giving the reason a date is implausible (see messages.reason_text), NULL when it is fine.

    Reads the council's extract date from `_extract` and the child's date of birth from `_dob`.
    """
    day = f"CAST({value} AS DATE)"
    extract = "strftime(_extract, '%d/%m/%Y')"
    if role is DateRole.EVENT:
        birth = (
            f"WHEN {day} < _dob - INTERVAL {PRE_BIRTH_DAYS} DAY THEN 'before_birth:' || strftime(_dob, '%d/%m/%Y') "
            if has_dob
            else ""
        )
        return (
            f"(CASE WHEN {day} > _extract THEN 'after_extract:' || {extract} "
            f"WHEN {day} < DATE '1900-01-01' THEN 'before_1900' {birth}END)"
        )
    if role is DateRole.DUE:
        return (
            f"(CASE WHEN {day} > _extract + INTERVAL 2 YEAR THEN 'due_too_late:' || {extract} "
            f"WHEN {day} < DATE '1900-01-01' THEN 'before_1900' END)"
        )
    if role is DateRole.BIRTH:
        return (
            f"(CASE WHEN {day} > _extract THEN 'birth_future:' || {extract} "
            f"WHEN {day} < _extract - INTERVAL 26 YEAR THEN 'birth_too_old:' || {extract} END)"
        )
    if role is DateRole.EXPECTED_BIRTH:
        return (
            f"(CASE WHEN {day} > _extract + INTERVAL 1 YEAR OR {day} < _extract - INTERVAL 1 YEAR "
            f"THEN 'expected_too_far:' || {extract} END)"
        )
    return None


def dated_source_sql(plans: Sequence[ColumnPlan], clean_relation: str, context_relation: str) -> str:
    """The cleaned rows joined to their council's context, with text dates split and turned into numbers.

    Two layers: the regular expression runs once per value; the numbers are read many times.
    """
    text_dates = [p for p in plans if p.text_date]
    splits = [f"{dates.split_sql(f'c.s{p.index}')} AS d{p.index}" for p in text_dates]
    joined = (
        f"SELECT {', '.join(['c.*', 'x.* EXCLUDE (council)', *splits])} FROM {q(clean_relation)} c "
        f"JOIN {q(context_relation)} x ON x.council = c.council"
    )
    if not text_dates:
        return f"({joined})"
    numbers = [n for p in text_dates for n in dates.numbers_sql(f"d{p.index}", f"fm{p.index}", p.index)]
    spent = ", ".join(f"d{p.index}" for p in text_dates)
    return f"(SELECT * EXCLUDE ({spent}), {', '.join(numbers)} FROM ({joined}))"


def date_number_columns(plans: Sequence[ColumnPlan]) -> list[str]:
    return [n for p in plans if p.text_date for n in dates.number_columns(p.index)]
