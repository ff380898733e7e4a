"""Commentary as read back from a section file or the sheet, and how it joins the report.

A `Commentary` belongs to a section (`refs == ()`) or to one or more refs, may be marked public, and
remembers the figures it was written against (ref → the figure as the report printed it). When one
of those figures now prints differently, the report marks the paragraph "figures revised since this
commentary was written".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from csc_scorecard.render.model_types import CommentaryParagraph

SECTION_CODES = ("FD", "EH", "CIN", "CF", "SG", "WF")
REVISED_TEXT = "figures revised since this commentary was written"


@dataclass(frozen=True, slots=True)
class Commentary:
    """One paragraph of a manager's commentary."""

    section: str  # FD, EH, CIN, CF, SG, WF
    text: str
    refs: tuple[str, ...] = ()  # () for the whole section
    author: str = ""
    public: bool = False
    written_against: tuple[tuple[str, str], ...] = ()  # (ref, figure as printed) when written
    period: str = ""  # "2023-01"

    def revised_refs(self, current: Mapping[str, str]) -> tuple[str, ...]:
        """The refs whose figure now prints differently from when this was written. A paragraph about
        named refs is checked against those refs only; a section paragraph against all it recorded."""
        wanted = set(self.refs)
        return tuple(
            ref
            for ref, was in self.written_against
            if (not wanted or ref in wanted) and ref in current and current[ref] != was
        )


def revision_note(revised: Iterable[str]) -> str:
    """ "Figures revised since this commentary was written: FD1, FD8" (refs only: in public mode a
    value here could give back a suppressed figure)."""
    refs = list(revised)
    return f"{REVISED_TEXT[:1].upper()}{REVISED_TEXT[1:]}: {', '.join(refs)}" if refs else ""


def to_paragraphs(
    commentaries: Iterable[Commentary], current: Mapping[str, str] | None = None
) -> dict[str, list[CommentaryParagraph]]:
    """Section code → the report model's commentary paragraphs, section commentary before ref
    commentary, each marked when a figure it was written against has since changed. Without
    `current` (ref → figure as printed now) nothing is marked."""
    found: dict[str, list[CommentaryParagraph]] = {}
    ordered = sorted(commentaries, key=lambda c: bool(c.refs))  # stable: file order within each
    for commentary in ordered:
        if commentary.section not in SECTION_CODES or not commentary.text.strip():
            continue
        note = revision_note(commentary.revised_refs(current)) if current is not None else ""
        found.setdefault(commentary.section, []).append(
            CommentaryParagraph(commentary.text, commentary.author, commentary.refs, commentary.public, note)
        )
    return found
