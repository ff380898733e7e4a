"""`commentary init`: per section, a Markdown file pre-filled with the draft and the facts to explain,
and one workbook with a row per section and per ref, for managers to fill in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from csc_scorecard.commentary.markdown import render_section_file
from csc_scorecard.commentary.sheet import SheetRow, write_sheet
from csc_scorecard.narrative import DraftSentence, RefFact, facts_to_explain, month_end, sentence_title
from csc_scorecard.render import formats

SHEET_NAME = "commentary.xlsx"


def current_figures(facts: Mapping[str, RefFact]) -> dict[str, str]:
    """ref → its figure as the report prints it (what commentary is written against)."""
    return {
        ref: fact.current
        for ref, fact in facts.items()
        if fact.current not in (formats.MISSING, formats.SUPPRESSED)
    }


def _cited(sentences: Sequence[DraftSentence]) -> list[str]:
    refs: list[str] = []
    for sentence in sentences:
        refs.extend(r for r in sentence.refs if r not in refs)
    return refs


def _with_refs(sentence: DraftSentence) -> str:
    return f"{sentence.text} ({', '.join(sentence.refs)})"


def sheet_rows(
    facts: Mapping[str, RefFact],
    narrative: Mapping[str, Sequence[DraftSentence]],
    *,
    period: str,
    section_codes: Sequence[str],
) -> list[SheetRow]:
    """A row per section (its draft and facts), then a row per ref of the section with a figure."""
    rows: list[SheetRow] = []
    figures = current_figures(facts)
    for code in section_codes:
        section_facts = [f for f in facts.values() if f.section == code]
        against = tuple((f.ref, figures[f.ref]) for f in section_facts if f.ref in figures)
        explain = facts_to_explain(facts, code)
        draft = narrative.get(code, ())
        rows.append(
            SheetRow(
                code,
                "",
                "(whole section)",
                "",
                "",
                "\n".join(_with_refs(s) for s in explain),
                " ".join(s.text for s in draft),
                period,
                against,
            )
        )
        for fact in section_facts:
            rows.append(
                SheetRow(
                    code,
                    fact.ref,
                    sentence_title(fact.title),
                    fact.current,
                    fact.target,
                    "\n".join(s.text for s in explain if fact.ref in s.refs),
                    " ".join(s.text for s in draft if fact.ref in s.refs),
                    period,
                    tuple((ref, text) for ref, text in against if ref == fact.ref),
                )
            )
    return rows


def init_commentary(
    facts: Mapping[str, RefFact],
    narrative: Mapping[str, Sequence[DraftSentence]],
    *,
    period: str,
    section_titles: Mapping[str, str],
    out: Path,
    report_title: str = "Commentary",
) -> tuple[Path, ...]:
    """Write OUT/FD.md ... OUT/WF.md and OUT/commentary.xlsx; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    period_label = formats.format_period(month_end(period))
    figures = current_figures(facts)
    written: list[Path] = []
    for code, title in section_titles.items():
        draft = narrative.get(code, ())
        explain = facts_to_explain(facts, code)
        section_refs = [f.ref for f in facts.values() if f.section == code]
        text = render_section_file(
            section=code,
            title=title,
            period=period,
            period_label=period_label,
            draft=[s.text for s in draft],
            facts=[_with_refs(s) for s in explain],
            refs=_cited([*draft, *explain]),
            written_against={ref: figures[ref] for ref in section_refs if ref in figures},
        )
        path = out / f"{code}.md"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    rows = sheet_rows(facts, narrative, period=period, section_codes=tuple(section_titles))
    written.append(write_sheet(out / SHEET_NAME, rows, title=f"{report_title}: {period_label}"))
    return tuple(written)
