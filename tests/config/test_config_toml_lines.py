"""Line numbers for key paths, found by scanning the TOML text (tomllib gives none)."""

from __future__ import annotations

import tomllib

from csc_scorecard.config.toml_lines import key_lines, line_of

TEXT = """\
# a comment with [brackets] and key = value
title = "a # not a comment"   # but this is
[targets]
tolerance = 5
[targets.CIN8]
"2022-23" = [85, 90]
'literal key' = 1
[targets."CF 1"]
note = \"\"\"
[not.a.table]
fake = 1
\"\"\"
after = { band = [20,
   24], x.y = 2 }
[[indicators.local]]
ref = "A1"
[indicators.local.params]
p = 1
[[indicators.local]]
ref = "A2"
list = [
  "x", # "y",
  ["nested", "]"],
  'z',
]
dotted.key.here = true
"""


def test_the_sample_is_valid_toml() -> None:
    tomllib.loads(TEXT)


def test_keys_tables_and_array_elements_have_their_lines() -> None:
    lines = key_lines(TEXT)
    assert lines[("title",)] == 2
    assert lines[("targets",)] == 3
    assert lines[("targets", "tolerance")] == 4
    assert lines[("targets", "CIN8", "2022-23")] == 6
    assert lines[("targets", "CIN8", "2022-23", 1)] == 6
    assert lines[("targets", "CIN8", "literal key")] == 7
    assert lines[("targets", "CF 1", "note")] == 9
    assert lines[("targets", "CF 1", "after")] == 13
    assert lines[("targets", "CF 1", "after", "band", 1)] == 14
    assert lines[("targets", "CF 1", "after", "x", "y")] == 14
    assert lines[("indicators",)] == 15
    assert lines[("indicators", "local", 0)] == 15
    assert lines[("indicators", "local", 0, "params", "p")] == 18
    assert lines[("indicators", "local", 1)] == 19
    assert lines[("indicators", "local", 1, "ref")] == 20
    assert lines[("indicators", "local", 1, "list", 1)] == 23
    assert lines[("indicators", "local", 1, "list", 1, 1)] == 23
    assert lines[("indicators", "local", 1, "list", 2)] == 24
    assert lines[("indicators", "local", 1, "dotted", "key", "here")] == 26


def test_text_inside_strings_is_not_taken_for_keys() -> None:
    lines = key_lines(TEXT)
    assert ("not",) not in lines
    assert ("targets", "CF 1", "fake") not in lines


def test_a_missing_key_is_placed_at_its_nearest_written_parent() -> None:
    lines = key_lines(TEXT)
    assert line_of(lines, ("indicators", "local", 1, "kind")) == 19
    assert line_of(lines, ("report", "title")) is None


def test_windows_line_endings() -> None:
    assert key_lines("[a]\r\nb = 1\r\n\r\n[c]\r\nd = 2\r\n")[("c", "d")] == 5
