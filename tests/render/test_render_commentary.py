from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from csc_scorecard.render.commentary import read_commentary


def test_a_folder_of_section_files(tmp_path: Path) -> None:
    (tmp_path / "FD.md").write_text(
        "Author: Head of MASH\nPublic: yes\n\nFirst paragraph\nwraps here.\n\nSecond paragraph.\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    found = read_commentary(tmp_path)
    assert list(found) == ["FD"]
    assert [p.text for p in found["FD"]] == ["First paragraph wraps here.", "Second paragraph."]
    assert all(p.author == "Head of MASH" and p.public for p in found["FD"])


def test_a_workbook(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Section", "Commentary", "Author", "Public", "Refs"])
    sheet.append(["cin", "Referrals fell.", "Service Manager", "no", "CIN1, CIN2"])
    sheet.append(["XX", "Unknown section, left out.", "", "", ""])
    path = tmp_path / "commentary.xlsx"
    book.save(path)
    found = read_commentary(path)
    assert list(found) == ["CIN"]
    paragraph = found["CIN"][0]
    assert (paragraph.text, paragraph.refs, paragraph.public) == ("Referrals fell.", ("CIN1", "CIN2"), False)


def test_anything_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "commentary.docx"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="folder of section files"):
        read_commentary(path)
