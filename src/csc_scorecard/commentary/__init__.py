"""Managers' commentary: written per section (Markdown) or in one workbook, merged into the report.

    from csc_scorecard.commentary import commentary_for_report, init_commentary, read_commentary_entries
    init_commentary(facts, draft, period="2023-01", section_titles=titles, out=Path("commentary"))
    entries = read_commentary_entries(Path("commentary"))          # or Path("commentary.xlsx")
    paragraphs = commentary_for_report(entries, current_figures(facts))   # marks revised figures

docs/narrative-and-commentary.md describes the file and the sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from csc_scorecard.commentary.init import SHEET_NAME, current_figures, init_commentary, sheet_rows
from csc_scorecard.commentary.markdown import parse_section_file, render_section_file
from csc_scorecard.commentary.model import (
    REVISED_TEXT,
    SECTION_CODES,
    Commentary,
    revision_note,
    to_paragraphs,
)
from csc_scorecard.commentary.sheet import read_sheet, write_sheet
from csc_scorecard.render.model_types import CommentaryParagraph

__all__ = [
    "REVISED_TEXT",
    "SECTION_CODES",
    "SHEET_NAME",
    "Commentary",
    "commentary_for_report",
    "current_figures",
    "init_commentary",
    "parse_section_file",
    "read_commentary_entries",
    "read_sheet",
    "render_section_file",
    "revision_note",
    "sheet_rows",
    "to_paragraphs",
    "write_sheet",
]


def _from_folder(folder: Path) -> list[Commentary]:
    found: list[Commentary] = []
    for code in SECTION_CODES:
        for suffix in (".md", ".txt"):
            path = folder / f"{code}{suffix}"
            if path.is_file():
                try:
                    found.extend(parse_section_file(path.read_text(encoding="utf-8-sig"), code))
                except ValueError as error:
                    raise ValueError(f"{path}: {error}") from None
    return found


def read_commentary_entries(path: Path) -> list[Commentary]:
    """Every commentary paragraph in a folder of section files (FD.md ...) or an .xlsx workbook."""
    if path.is_dir():
        return _from_folder(path)
    if path.suffix.lower() == ".xlsx":
        return read_sheet(path)
    raise ValueError(f"{path}: commentary is a folder of section files (FD.md ...) or an .xlsx workbook")


def commentary_for_report(
    entries: Iterable[Commentary], current: Mapping[str, str] | None = None
) -> dict[str, list[CommentaryParagraph]]:
    """Section code → report paragraphs; with `current` (ref → figure as printed now, see
    `current_figures`), a paragraph written against a figure that has since changed is marked."""
    return to_paragraphs(entries, current)
