"""Commentary files and the sheet: written pre-filled, read back, merged, marked when figures change."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from csc_scorecard.catalogue.load import load_catalogue
from csc_scorecard.commentary import (
    SHEET_NAME,
    Commentary,
    commentary_for_report,
    current_figures,
    init_commentary,
    parse_section_file,
    read_commentary_entries,
)
from csc_scorecard.narrative import draft_from_facts, ref_facts
from csc_scorecard.render.commentary import read_commentary

TITLES = {"FD": "Front Door", "CIN": "Child in Need and Child Protection"}
END = date(2023, 1, 31)


def _row(ref: str, unit: str, value: float, previous: float, **extra: object) -> dict[str, object]:
    return {
        "council": "357",
        "ref": ref,
        "period_end": END,
        "period_basis": "month",
        "unit": unit,
        "breakdown": "all",
        "breakdown_value": "all",
        "value": value,
        "status": "ok",
        "previous_period_value": previous,
        "previous_period_direction": "up" if value > previous else "down",
        "spc_point_type": "common_cause",
        "spc_rule": None,
        "spc_outcome": "assessed",
        "spc_mean": value,
        "target": None,
        "target_status": "no_target",
        **extra,
    }


def _facts(fd1: float = 1348.0):  # type: ignore[no-untyped-def]
    catalogue = load_catalogue().select(["FD1", "FD8", "CIN1", "CIN4"])
    rows = [
        _row("FD1", "count", fd1, 1196.0),
        _row(
            "FD8",
            "percent",
            0.934,
            0.9,
            spc_point_type="special_cause_improvement",
            spc_rule="outside_limits",
        ),
        _row("CIN1", "count", 211.0, 247.0),
        _row("CIN4", "percent", 0.22, 0.33, target="{band = [20, 24]}", target_status="on_target"),
    ]
    return ref_facts(pd.DataFrame(rows), catalogue=catalogue, period="2023-01", council="357")


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, tuple[Path, ...]]:
    facts = _facts()
    paths = init_commentary(
        facts, draft_from_facts(facts), period="2023-01", section_titles=TITLES, out=tmp_path
    )
    return tmp_path, paths


def test_init_writes_a_file_per_section_and_the_sheet(written: tuple[Path, tuple[Path, ...]]) -> None:
    folder, paths = written
    assert [p.name for p in paths] == ["FD.md", "CIN.md", SHEET_NAME]
    text = (folder / "FD.md").read_text(encoding="utf-8")
    assert text.startswith("---\nsection: FD\n")
    assert "public: false" in text and "author: ''" in text
    assert "FD1: 1,348" in text and "FD8: 93%" in text  # the figures it is written against
    assert "## Facts to explain" in text and "special cause: improvement" in text
    assert "Contacts received increased from 1,196 in December 2022 to 1,348 in January 2023" in text
    sheet = load_workbook(folder / SHEET_NAME, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("section", "ref")
    assert [(r[0], r[1] or "") for r in rows[1:]] == [
        ("FD", ""),
        ("FD", "FD1"),
        ("FD", "FD8"),
        ("CIN", ""),
        ("CIN", "CIN1"),
        ("CIN", "CIN4"),
    ]


def test_a_draft_left_as_it_is_is_not_read_as_commentary(written: tuple[Path, tuple[Path, ...]]) -> None:
    folder, _ = written
    assert read_commentary_entries(folder) == []


def test_edited_commentary_reads_back_for_a_section_and_a_ref(written: tuple[Path, tuple[Path, ...]]) -> None:
    folder, _ = written
    path = folder / "FD.md"
    text = path.read_text(encoding="utf-8").replace("author: ''", "author: Head of MASH")
    text = text.replace("public: false", "public: true")
    text += "\nSchools were back after Christmas.\n\n### FD8\nThe new screening rota is working.\n"
    path.write_text(text, encoding="utf-8")
    entries = read_commentary_entries(folder)
    # Once edited, the whole section part is the manager's: the two drafted paragraphs and the new one.
    assert [(e.section, e.refs) for e in entries] == [("FD", ())] * 3 + [("FD", ("FD8",))]
    assert all(e.author == "Head of MASH" and e.public and e.period == "2023-01" for e in entries)
    assert entries[-1].text == "The new screening rota is working."
    paragraphs = read_commentary(folder, current_figures(_facts()))
    assert not any(p.revised for p in paragraphs["FD"])


def test_a_paragraph_is_marked_when_its_figures_are_revised(written: tuple[Path, tuple[Path, ...]]) -> None:
    folder, _ = written
    path = folder / "FD.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nContacts rose as expected.\n\n### FD8\nScreening held up.\n",
        encoding="utf-8",
    )
    now = current_figures(_facts(fd1=1352.0))  # a late-recorded contact moved FD1
    paragraphs = commentary_for_report(read_commentary_entries(folder), now)["FD"]
    by_text = {p.text.split(".")[0]: p for p in paragraphs}
    section = next(p for p in paragraphs if not p.refs)
    assert section.revision_note == "Figures revised since this commentary was written: FD1"
    assert not by_text["Screening held up"].revised  # FD8 did not change


def test_the_sheet_reads_back_filled_rows_only(written: tuple[Path, tuple[Path, ...]]) -> None:
    folder, _ = written
    path = folder / SHEET_NAME
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("ref")].value == "CIN4":
            row[header.index("commentary")].value = "Re-referrals are back within target."
            row[header.index("author")].value = "Service Manager"
            row[header.index("public")].value = "yes"
    book.save(path)
    (entry,) = read_commentary_entries(path)
    assert (entry.section, entry.refs, entry.author, entry.public) == (
        "CIN",
        ("CIN4",),
        "Service Manager",
        True,
    )
    assert dict(entry.written_against) == {"CIN4": "22%"}
    revised = commentary_for_report([entry], {"CIN4": "23%"})["CIN"][0]
    assert revised.revised


def test_front_matter_errors_say_which_file(tmp_path: Path) -> None:
    (tmp_path / "FD.md").write_text("---\nsection: [unclosed\n---\nText.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"FD\.md"):
        read_commentary_entries(tmp_path)


def test_commentary_revised_refs_looks_at_its_own_refs() -> None:
    entry = Commentary("FD", "About FD8.", ("FD8",), written_against=(("FD1", "1,348"), ("FD8", "93%")))
    assert entry.revised_refs({"FD1": "1,352", "FD8": "93%"}) == ()
    assert entry.revised_refs({"FD1": "1,352", "FD8": "94%"}) == ("FD8",)
    assert parse_section_file("Author: A\n\nOne.\n\nTwo.", "EH")[1].text == "Two."


def test_commentary_files_carry_no_child_identifiers(written: tuple[Path, tuple[Path, ...]]) -> None:
    _, paths = written
    for path in paths:
        data = path.read_bytes()
        assert not re.search(rb"SYN-P-", data), path
