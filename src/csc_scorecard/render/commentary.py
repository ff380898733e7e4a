"""Read analysts' commentary for the report: a folder of section files, or one workbook.

A folder holds one text file per section, named by its code (`FD.md`, `FD.txt`, ...); paragraphs are
separated by a blank line. A line `Author: Head of MASH` at the top names the writer, and a line
`Public: yes` lets the commentary into the public edition.

A workbook has a header row with `section` and `commentary` (or `text`) columns, and optionally
`author` and `public` (yes/no) and `refs` (comma-separated). Each row is one paragraph.

This is the minimal reader the report needs today; the commentary collection issue replaces it.
"""

from __future__ import annotations

from pathlib import Path

from csc_scorecard.render.model_types import CommentaryParagraph

SECTION_CODES = ("FD", "EH", "CIN", "CF", "SG", "WF")
_YES = {"yes", "y", "true", "1", "public"}


def _from_text(text: str) -> list[CommentaryParagraph]:
    author, public = "", False
    body: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if not body and key.strip().lower() == "author" and value.strip():
            author = value.strip()
        elif not body and key.strip().lower() == "public":
            public = value.strip().lower() in _YES
        else:
            body.append(line)
    paragraphs = [" ".join(p.split()) for p in "\n".join(body).split("\n\n")]
    return [CommentaryParagraph(p, author, (), public) for p in paragraphs if p]


def _from_folder(folder: Path) -> dict[str, list[CommentaryParagraph]]:
    found: dict[str, list[CommentaryParagraph]] = {}
    for code in SECTION_CODES:
        for suffix in (".md", ".txt"):
            path = folder / f"{code}{suffix}"
            if path.is_file():
                found.setdefault(code, []).extend(_from_text(path.read_text(encoding="utf-8-sig")))
    return found


def _from_workbook(path: Path) -> dict[str, list[CommentaryParagraph]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    found: dict[str, list[CommentaryParagraph]] = {}
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        return found
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    text_column = "commentary" if "commentary" in header else "text"
    if "section" not in header or text_column not in header:
        raise ValueError(f"{path}: the first row needs 'section' and 'commentary' columns; found {header}")

    def get(row: tuple[object, ...], name: str) -> str:
        return str(row[header.index(name)] or "").strip() if name in header else ""

    for row in rows[1:]:
        code, text = (
            get(row, "section").upper(),
            get(row, "commentary" if text_column == "commentary" else "text"),
        )
        if code in SECTION_CODES and text:
            refs = tuple(r.strip() for r in get(row, "refs").split(",") if r.strip())
            public = get(row, "public").lower() in _YES
            found.setdefault(code, []).append(CommentaryParagraph(text, get(row, "author"), refs, public))
    return found


def read_commentary(path: Path) -> dict[str, list[CommentaryParagraph]]:
    """Section code → paragraphs, from a folder of section files or an .xlsx workbook."""
    if path.is_dir():
        return _from_folder(path)
    if path.suffix.lower() == ".xlsx":
        return _from_workbook(path)
    raise ValueError(f"{path}: commentary is a folder of section files (FD.md ...) or an .xlsx workbook")
