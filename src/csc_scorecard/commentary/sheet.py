"""The commentary sheet: one workbook row per section and per ref, for managers to fill in.

Columns: section, ref (blank for the section as a whole), indicator, value, target, facts to
explain, draft, commentary (filled in by the manager), author, public (yes/no), and two columns the
reader needs: period and written_against (the figures as printed, as JSON). A row whose commentary
is blank is skipped. Older workbooks with `section`, `commentary` (or `text`) and optionally
`author`, `public` and `refs` columns read as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from csc_scorecard.commentary.markdown import YES
from csc_scorecard.commentary.model import SECTION_CODES, Commentary

COLUMNS = (
    "section",
    "ref",
    "indicator",
    "value",
    "target",
    "facts_to_explain",
    "draft",
    "commentary",
    "author",
    "public",
    "period",
    "written_against",
)
_WIDTHS = {"indicator": 40, "facts_to_explain": 60, "draft": 60, "commentary": 60, "written_against": 30}


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row of the sheet as written (the commentary cell starts empty)."""

    section: str
    ref: str  # "" for the section as a whole
    indicator: str
    value: str
    target: str
    facts_to_explain: str
    draft: str
    period: str
    written_against: tuple[tuple[str, str], ...]


def write_sheet(path: Path, rows: Sequence[SheetRow], *, title: str) -> Path:
    """Write the commentary workbook (xlsxwriter writes it fresh: nothing of an older file is kept)."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    try:
        header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        fill_in = book.add_format({"text_wrap": True, "valign": "top", "bg_color": "#FFF2CC"})
        sheet = book.add_worksheet("Commentary")
        for column, name in enumerate(COLUMNS):
            sheet.write_string(0, column, name, header)
            sheet.set_column(column, column, _WIDTHS.get(name, 12), wrap)
        for number, row in enumerate(rows, start=1):
            cells = (
                row.section,
                row.ref,
                row.indicator,
                row.value,
                row.target,
                row.facts_to_explain,
                row.draft,
                "",
                "",
                "no",
                row.period,
                json.dumps(dict(row.written_against), ensure_ascii=False),
            )
            for column, cell in enumerate(cells):
                style = fill_in if COLUMNS[column] in ("commentary", "author", "public") else wrap
                sheet.write_string(number, column, cell, style)
        sheet.freeze_panes(1, 3)
        sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
        sheet.data_validation(
            1,
            COLUMNS.index("public"),
            max(len(rows), 1),
            COLUMNS.index("public"),
            {"validate": "list", "source": ["yes", "no"]},
        )
        sheet.set_header(f"&L{title}")
    finally:
        book.close()
    return path


def _against(text: str) -> tuple[tuple[str, str], ...]:
    try:
        loaded = json.loads(text) if text else {}
    except json.JSONDecodeError:
        return ()
    return tuple((str(k), str(v)) for k, v in loaded.items()) if isinstance(loaded, dict) else ()


def read_sheet(path: Path) -> list[Commentary]:
    """Every filled-in row of a commentary workbook's first sheet."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        return []
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    text_column = "commentary" if "commentary" in header else "text"
    if "section" not in header or text_column not in header:
        raise ValueError(f"{path}: the first row needs 'section' and 'commentary' columns; found {header}")

    def get(row: tuple[object, ...], name: str) -> str:
        at = header.index(name) if name in header else -1
        return str(row[at] or "").strip() if 0 <= at < len(row) else ""

    found: list[Commentary] = []
    for row in rows[1:]:
        code, text = get(row, "section").upper(), get(row, text_column)
        if code not in SECTION_CODES or not text:
            continue
        refs = tuple(r.strip() for r in f"{get(row, 'ref')},{get(row, 'refs')}".split(",") if r.strip())
        found.append(
            Commentary(
                code,
                text,
                refs,
                get(row, "author"),
                get(row, "public").lower() in YES,
                _against(get(row, "written_against")),
                get(row, "period"),
            )
        )
    return found
