"""How loading trims text (`ingest.checks.trimmed_sql`): every short value over an alphabet of the
characters that matter, against the rule written out in Python, and a file with padded values."""

from __future__ import annotations

import itertools

import duckdb
import pyarrow as pa
from ingest_builders import records, write_extract_json, write_table

from csc_scorecard.ingest.checks import TRIM_SPACES, trimmed_sql

SPACE_SEPARATORS = "".join(chr(c) for c in TRIM_SPACES)
# Spaces, tabs and line breaks, Unicode spaces trim() knows (em space, ideographic space) and one it
# does not (zero-width space), a combining accent, an emoji, and the codes either side of 33-159,
# the printable range a value may start or end with and skip both trims.
ALPHABET = [" ", "\t", "\n", "\r", "\xa0", "\u2003", "\u3000", "\u200b", "\u0301", "😀", "\x0b", "a",
            "!", "~", "\x9f", "\xa1"]  # fmt: skip


def expected(value: str | None) -> str | None:
    """The rule: cut the Unicode space separators from both ends; when a tab or line break is then
    first or last, cut spaces, tabs, line breaks and non-breaking spaces from the value instead."""
    if value is None:
        return None
    spaced = value.strip(SPACE_SEPARATORS)
    if spaced[:1] in ("\t", "\n", "\r") or spaced[-1:] in ("\t", "\n", "\r"):
        spaced = value.strip(" \t\n\r\xa0")
    return spaced or None


def test_every_value_up_to_four_characters_is_trimmed_by_the_rule():
    values = [None, *("".join(p) for n in range(5) for p in itertools.product(ALPHABET, repeat=n))]
    con = duckdb.connect()
    con.register("v", pa.table({"i": range(len(values)), "t": values}))
    got = [row[0] for row in con.sql(f"SELECT {trimmed_sql('t')} FROM v ORDER BY i").fetchall()]
    wrong = [(v, g, expected(v)) for v, g in zip(values, got, strict=True) if g != expected(v)]
    assert len(values) == 69_906
    assert wrong == []


def test_the_space_separators_are_those_duckdb_trims():
    # If a DuckDB release cut other characters, values ending in them would skip the trim.
    found = duckdb.sql(
        "SELECT list(i ORDER BY i) FROM range(1, 65536) r(i) "
        "WHERE (i < 55296 OR i > 57343) AND trim('a' || chr(CAST(i AS INTEGER)) || 'a' || chr(CAST(i AS INTEGER))) "
        "= 'a' || chr(CAST(i AS INTEGER)) || 'a'"
    ).fetchall()[0][0]
    assert tuple(found) == TRIM_SPACES


def test_a_file_with_padded_values_loads_them_trimmed(tmp_path, load):
    write_extract_json(tmp_path)
    names = [" Team\u00a0A ", "\tTeam B\r", "Team C\u2003", "Team\tD", "\u200bTeam E", "  "]
    rows = [{"dept_team_id": f"T{n}", "dept_team_name": name} for n, name in enumerate(names)]
    write_table(tmp_path, "ssd_department", rows, ["dept_team_id", "dept_team_name"])
    teams = records(load(), "ssd_department", "dept_team_id")
    # Inside a value nothing changes; a zero-width space is not a space separator.
    assert [teams[f"T{n}"]["dept_team_name"] for n in range(len(names))] == [
        "Team\u00a0A",
        "Team B",
        "Team C",
        "Team\tD",
        "\u200bTeam E",
        None,
    ]
