"""Date formats: which one a column is written in, and the SQL that reads it.

A column's format is inferred per council from all its values, never cell by cell: every candidate
format is tried on every non-empty value in one SQL aggregate (grouped by council), and the format
that reads the most values wins (the configured format first on ties, then ISO, then the UK
dd/mm/yyyy). A column that reads in full both as dd/mm/yyyy and as mm/dd/yyyy, giving different dates
for some value, is ambiguous.

Dates are matched with one regular expression per layout and built from their parts, which is an
order of magnitude faster in DuckDB than trying a list of strptime patterns that mostly fail. The
format can differ by council, so the SQL reads it from a column (`format_column`) of each row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

ISO, DMY, MDY, EXCEL = "yyyy-mm-dd", "dd/mm/yyyy", "mm/dd/yyyy", "excel"
FAMILIES = (ISO, DMY, MDY, EXCEL)
NATIVE = "native"  # the file stored real dates (Parquet, DuckDB): nothing to infer
NONE = "none"  # the column has no values

_TIME = r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?)?"
# One pattern for every layout: three numbers, then an optional time. Which number is the year is
# told by its length (four digits first: yyyy-mm-dd; four digits last: dd/mm/yyyy or mm/dd/yyyy).
_DATE = r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})" + _TIME + r"Z?$"
_GROUPS = "['p1', 'p2', 'p3', 'hh', 'mi', 'ss', 'fr', 'ap']"
EXAMPLES = {
    ISO: "2024-01-31",
    DMY: "31/01/2024",
    MDY: "01/31/2024",
    EXCEL: "45322 (an Excel date number)",
    NATIVE: "a date",
    NONE: "31/01/2024",
}
# Excel counts days from 30 December 1899; 2958465 is 31 December 9999.
_EXCEL_EPOCH = "TIMESTAMP '1899-12-30'"


def _lit(text: str) -> str:
    return "'" + text + "'"


def split_sql(value: str) -> str:
    """SQL splitting a cleaned string into its date parts (a struct of strings, empty when no match).

    Computed once per value in its own layer and then read by `numbers_sql`: repeating the regular
    expression inside the bigger expression would run it many times.
    """
    return f"regexp_extract({value}, '{_DATE}', {_GROUPS})"


def numbers_sql(parts: str, fmt: str, i: int) -> list[str]:
    """The parts (see `split_sql`) as numbers, in their own layer: `dy{i}`, `dm{i}`, `dd{i}` (year, month,
    day, which depend on the format) and `dh{i}`, `dn{i}`, `ds{i}` (hour on the 24-hour clock, minute,
    seconds with their fraction). `timestamp_sql` then needs only these short names."""
    r = parts
    h12 = f"coalesce(TRY_CAST({r}.hh AS INTEGER), 0)"
    year_first = f"(length({r}.p1) = 4 AND length({r}.p3) <= 2)"
    year_last = f"(length({r}.p3) = 4 AND length({r}.p1) <= 2)"
    # a year in the wrong place for the format leaves the year null, so the date does not read
    year = f"CASE WHEN {fmt} = {_lit(ISO)} THEN (CASE WHEN {year_first} THEN {r}.p1 END) WHEN {year_last} THEN {r}.p3 END"
    return [
        f"TRY_CAST({year} AS INTEGER) AS dy{i}",
        f"TRY_CAST(CASE WHEN {fmt} = {_lit(MDY)} THEN {r}.p1 ELSE {r}.p2 END AS INTEGER) AS dm{i}",
        f"TRY_CAST(CASE WHEN {fmt} = {_lit(ISO)} THEN {r}.p3 WHEN {fmt} = {_lit(MDY)} THEN {r}.p2 "
        f"ELSE {r}.p1 END AS INTEGER) AS dd{i}",
        f"(CASE WHEN upper({r}.ap) = 'PM' AND {h12} < 12 THEN {h12} + 12 "
        f"WHEN upper({r}.ap) = 'AM' AND {h12} = 12 THEN 0 ELSE {h12} END) AS dh{i}",
        f"coalesce(TRY_CAST({r}.mi AS INTEGER), 0) AS dn{i}",
        f"(coalesce(TRY_CAST({r}.ss AS DOUBLE), 0) + coalesce(TRY_CAST('0.' || {r}.fr AS DOUBLE), 0)) AS ds{i}",
    ]


def timestamp_sql(i: int, value: str, fmt: str) -> str:
    """SQL giving the TIMESTAMP written in `value`, from the numbers of `numbers_sql`, under `fmt`.

    `fmt` is SQL: a column holding the format of the row's council, or a quoted literal. Impossible
    dates (31/02/2024) and times (25:00) give NULL, never an error.
    """
    number = f"TRY_CAST({value} AS DOUBLE)"
    excel = (
        f"(CASE WHEN {number} BETWEEN 1 AND 2958465 THEN {_EXCEL_EPOCH} + "
        f"to_microseconds(CAST(round({number} * 86400000000) AS BIGINT)) END)"
    )
    y, m, d, h, n, sec = (f"{name}{i}" for name in ("dy", "dm", "dd", "dh", "dn", "ds"))
    # make_date gets a clamped month so that it cannot fail while the month is still being checked
    valid = (
        f"{y} IS NOT NULL AND {m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND 31 AND {d} <= day(last_day(make_date({y}, "
        f"least(greatest({m}, 1), 12), 1))) AND {h} <= 23 AND {n} <= 59 AND {sec} < 60"
    )
    built = f"(CASE WHEN {valid} THEN make_timestamp({y}, {m}, {d}, {h}, {n}, {sec}) END)"
    return f"(CASE WHEN {fmt} = {_lit(EXCEL)} THEN {excel} ELSE {built} END)"


def number_columns(i: int) -> list[str]:
    return [f"{name}{i}" for name in ("dy", "dm", "dd", "dh", "dn", "ds")]


def parse_sql(value: str, fmt: str) -> str:
    """One self-contained expression for a fixed format: for one-off queries over a few values."""
    literal = _lit(fmt)
    numbers = ", ".join(numbers_sql("r", literal, 0))
    return (
        f"(SELECT {timestamp_sql(0, 'v', literal)} FROM (SELECT v, {numbers} FROM "
        f"(SELECT {value} AS v, {split_sql(value)} AS r)))"
    )


@dataclass(frozen=True, slots=True)
class DateFormatChoice:
    """The format a column of one council is read with, and why."""

    column: str
    fmt: str
    values: int  # non-empty values
    readable: int  # values the chosen format reads
    ambiguous: bool = False
    ambiguous_example: str = ""
    configured: str = "auto"

    @property
    def example(self) -> str:
        return EXAMPLES.get(self.fmt, EXAMPLES[DMY])


def infer_formats(
    con: Any, relation: str, columns: Sequence[tuple[str, str]], configured: str
) -> dict[str, dict[str, DateFormatChoice]]:
    """council → column → format, for text date columns given as (name, cleaned-value SQL) pairs.

    One aggregate query over `relation` (which has a `council` column) counts, for every council and
    column, how many values each format reads.
    """
    if not columns:
        return {}
    # Three small layers keep the SQL short (it is planned once per table): split each value both
    # ways, turn the parts into numbers, then count which layouts make real dates of them.
    split: list[str] = ["council"]
    numbers: list[str] = ["council"]
    selects: list[str] = ["council"]
    for i, (_, value) in enumerate(columns):
        split += [f"{value} AS s{i}", f"{split_sql(value)} AS a{i}"]
        numbers += [f"s{i}", *(f"TRY_CAST(a{i}.{p} AS INTEGER) AS {p}_{i}" for p in ("p1", "p2", "p3"))]
        numbers += [
            f"length(a{i}.p1) AS l1_{i}",
            f"length(a{i}.p3) AS l3_{i}",
            f"{_time_ok(f'a{i}')} AS t{i}",
        ]
        first, second, third = f"p1_{i}", f"p2_{i}", f"p3_{i}"
        year_first = f"t{i} AND l1_{i} = 4 AND l3_{i} <= 2"
        year_last = f"t{i} AND l3_{i} = 4 AND l1_{i} <= 2"
        iso = f"{year_first} AND {_real_date(first, second, third)}"
        dmy = f"{year_last} AND {_real_date(third, second, first)}"
        mdy = f"{year_last} AND {_real_date(third, first, second)}"
        excel = f"TRY_CAST(s{i} AS DOUBLE) BETWEEN 1 AND 2958465"
        disagree = f"({dmy}) AND ({mdy}) AND {first} <> {second}"
        selects += [
            f"count(s{i})",
            *(f"count(*) FILTER (WHERE {cond})" for cond in (iso, dmy, mdy, excel)),
            f"count(*) FILTER (WHERE {disagree})",
            f"min(s{i}) FILTER (WHERE {disagree})",
        ]
    rows = con.execute(
        f"SELECT {', '.join(selects)} FROM (SELECT {', '.join(numbers)} FROM "
        f'(SELECT {", ".join(split)} FROM "{relation}")) GROUP BY council'
    ).fetchall()
    width = len(FAMILIES) + 3
    out: dict[str, dict[str, DateFormatChoice]] = {}
    for council, *values in rows:
        for i, (name, _) in enumerate(columns):
            n, *counts, disagree, example = values[i * width : (i + 1) * width]
            out.setdefault(council, {})[name] = choose_format(
                name,
                int(n),
                dict(zip(FAMILIES, counts, strict=True)),
                int(disagree),
                example or "",
                configured,
            )
    return out


def _time_ok(parts: str) -> str:
    """The time part, if any, is a real time of day."""
    return (
        f"coalesce(TRY_CAST({parts}.hh AS INTEGER), 0) <= 23 AND coalesce(TRY_CAST({parts}.mi AS INTEGER), 0) <= 59 "
        f"AND coalesce(TRY_CAST({parts}.ss AS INTEGER), 0) <= 59"
    )


def _real_date(year: str, month: str, day: str) -> str:
    return (
        f"{month} BETWEEN 1 AND 12 AND {day} BETWEEN 1 AND 31 "
        f"AND {day} <= day(last_day(make_date({year}, least(greatest({month}, 1), 12), 1)))"
    )


def choose_format(
    column: str, values: int, counts: dict[str, int], disagree: int, example: str, configured: str
) -> DateFormatChoice:
    """The format that reads the most values; the configured one, then ISO, then dd/mm/yyyy win ties."""
    preferred = [configured] if configured in FAMILIES else []
    order = [*preferred, *(f for f in (ISO, DMY, MDY, EXCEL) if f not in preferred)]
    if values == 0:
        return DateFormatChoice(column, NONE, 0, 0, configured=configured)
    best = max(order, key=lambda f: (counts[f], -order.index(f)))
    if counts[best] == 0:  # nothing reads: report against the configured or the UK format
        best = configured if configured in FAMILIES else DMY
    ambiguous = counts[DMY] == values and counts[MDY] == values and disagree > 0 and best in (DMY, MDY)
    if ambiguous:
        best = configured if configured in (DMY, MDY) else DMY
    return DateFormatChoice(
        column, best, values, counts[best], ambiguous, example if ambiguous else "", configured
    )
