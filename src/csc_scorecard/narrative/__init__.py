"""The drafted narrative: deterministic sentences per section from the month's assessed figures.

    from csc_scorecard.narrative import as_paragraphs, draft_narrative, drop_suppressed
    draft = draft_narrative(assessed, catalogue=catalogue, config=config, period="2023-01",
                            comparators=comparator_rows)
    draft = drop_suppressed(draft, suppress(assessed, catalogue))   # public mode only
    model = build_report_model(..., narrative=as_paragraphs(draft))

Each sentence carries the refs it was built from, and quotes figures only as `render.formats`
prints them (docs/narrative-and-commentary.md).
"""

from __future__ import annotations

from csc_scorecard.narrative.draft import (
    MAX_SENTENCES,
    SECTION_CODES,
    Narrative,
    as_paragraphs,
    draft_from_facts,
    draft_narrative,
    drop_suppressed,
    facts_to_explain,
    section_sentences,
    suppressed_cells,
)
from csc_scorecard.narrative.facts import ComparatorFact, RefFact, ref_facts
from csc_scorecard.narrative.sentences import DraftSentence, sentence_title
from csc_scorecard.render.report_model import parse_period as month_end

__all__ = [
    "MAX_SENTENCES",
    "SECTION_CODES",
    "ComparatorFact",
    "DraftSentence",
    "Narrative",
    "RefFact",
    "as_paragraphs",
    "draft_from_facts",
    "draft_narrative",
    "drop_suppressed",
    "facts_to_explain",
    "month_end",
    "ref_facts",
    "section_sentences",
    "sentence_title",
    "suppressed_cells",
]
