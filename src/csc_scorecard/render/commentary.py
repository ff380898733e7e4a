"""Read commentary for the report: a folder of section files, or one workbook.

The reading itself lives in `csc_scorecard.commentary` (section files with front matter, written by
`csc-scorecard commentary init`, and the commentary sheet); this keeps the report's original entry
point. A folder holds one file per section, named by its code (`FD.md`, `FD.txt`, ...). A workbook
has a header row with `section` and `commentary` (or `text`) columns, and optionally `ref`/`refs`,
`author`, `public` (yes/no), `period` and `written_against`.

`read_commentary(path, current)` marks a paragraph "figures revised since this commentary was
written" when a figure it recorded now prints differently (`current`: ref → figure as printed).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from csc_scorecard.render.model_types import CommentaryParagraph

SECTION_CODES = ("FD", "EH", "CIN", "CF", "SG", "WF")


def read_commentary(
    path: Path, current: Mapping[str, str] | None = None
) -> dict[str, list[CommentaryParagraph]]:
    """Section code → paragraphs, from a folder of section files or an .xlsx workbook."""
    from csc_scorecard.commentary import commentary_for_report, read_commentary_entries

    return commentary_for_report(read_commentary_entries(path), current)
