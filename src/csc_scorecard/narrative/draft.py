"""Choose what to say per section: a handful of sentences, signal before noise, never a wall.

Per section, in this order, each ref in at most one sentence, at most `MAX_SENTENCES`:
1. the headline count (the section's first count, as the reference scorecard opens with contacts,
   referrals, children in care) and its change on the previous month, signal or noise;
2. special-cause signals, concerns first, then improvements, then neutral ones;
3. missed targets (red before amber), then one target met;
4. notable comparator positions (a judged measure away from the averages first);
5. the largest judged changes, when the section has said little else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa

from csc_scorecard.catalogue.display import council_titles
from csc_scorecard.narrative.facts import RefFact, records_of, ref_facts
from csc_scorecard.narrative.sentences import (
    DraftSentence,
    change_sentence,
    chosen_comparators,
    comparator_position,
    comparator_sentence,
    signal_sentence,
    target_sentence,
)
from csc_scorecard.render.model_types import NarrativeParagraph

if TYPE_CHECKING:
    from csc_scorecard.catalogue.model import Catalogue
    from csc_scorecard.compare.benchmarks import ComparatorRow
    from csc_scorecard.config.model import CouncilConfig

SECTION_CODES = ("FD", "EH", "CIN", "CF", "SG", "WF")
MAX_SENTENCES = 5
Narrative = dict[str, tuple[DraftSentence, ...]]

_SIGNAL_ORDER = {"special_cause_concern": 0, "special_cause_improvement": 1}
_RULE_ORDER = {"outside_limits": 0, "shift": 1, "trend": 2, "two_in_three": 3}
_RAG_ORDER = {"red": 0, "amber": 1}


def _relative_change(fact: RefFact) -> float:
    change = fact.change
    if change is None or fact.previous_value is None:
        return 0.0
    if fact.unit == "percent":
        return abs(change) * 5  # 10 points reads as big as a 50% change in a count
    return abs(change) / max(abs(fact.previous_value), 1.0)


def _headline(facts: Sequence[RefFact]) -> RefFact | None:
    return next((f for f in facts if f.unit == "count" and f.change is not None), None)


def _signals(facts: Iterable[RefFact]) -> list[RefFact]:
    found = [f for f in facts if f.special_cause and f.rule and f.spc_assessed and f.value is not None]
    return sorted(found, key=lambda f: (_SIGNAL_ORDER.get(f.point_type, 2), _RULE_ORDER.get(f.rule, 4)))


def _missed(facts: Iterable[RefFact]) -> list[RefFact]:
    found = [f for f in facts if f.target and f.target_status == "off_target" and f.value is not None]
    return sorted(found, key=lambda f: _RAG_ORDER.get(f.rag, 2))


def _met(facts: Iterable[RefFact]) -> list[RefFact]:
    return [
        f for f in facts if f.target and f.target_status in ("on_target", "exceeding") and f.value is not None
    ]


def _notable_comparisons(facts: Iterable[RefFact]) -> list[RefFact]:
    """Refs with comparators whose figure is away from them ("just" or "in line" is not notable)."""

    def notable(fact: RefFact) -> bool:
        positions = [comparator_position(fact, c) for c in chosen_comparators(fact)]
        return bool(positions) and all(p in ("above", "below") for p in positions)

    found = [f for f in facts if f.comparators and notable(f)]
    return sorted(found, key=lambda f: f.polarity == "neutral")


def _largest_changes(facts: Iterable[RefFact]) -> list[RefFact]:
    judged = [f for f in facts if f.direction in ("improving", "worsening", "up", "down")]
    return sorted(judged, key=_relative_change, reverse=True)


def section_sentences(facts: Sequence[RefFact], limit: int = MAX_SENTENCES) -> tuple[DraftSentence, ...]:
    """The drafted sentences for one section's facts (in catalogue order)."""
    chosen: list[DraftSentence] = []
    used: set[str] = set()

    def add(
        candidates: Iterable[RefFact], build: Callable[[RefFact], DraftSentence | None], most: int
    ) -> None:
        added = 0
        for fact in candidates:
            if len(chosen) >= limit or added >= most:
                return
            if fact.ref in used:
                continue
            sentence = build(fact)
            if sentence is not None:
                chosen.append(sentence)
                used.add(fact.ref)
                added += 1

    headline = _headline(facts)
    add([headline] if headline else [], change_sentence, 1)
    add(_signals(facts), signal_sentence, 2)
    add(_missed(facts), target_sentence, 2)
    add(_met(facts), target_sentence, 1)
    add(_notable_comparisons(facts), comparator_sentence, 1)
    if len(chosen) < 3:
        add(_largest_changes(facts), change_sentence, 3 - len(chosen))
    return tuple(chosen)


def draft_from_facts(facts: Mapping[str, RefFact], limit: int = MAX_SENTENCES) -> Narrative:
    """Section code → its drafted sentences (sections with nothing to say are left out)."""
    narrative: Narrative = {}
    for code in SECTION_CODES:
        section = [f for f in facts.values() if f.section == code]
        sentences = section_sentences(section, limit)
        if sentences:
            narrative[code] = sentences
    return narrative


def draft_narrative(
    assessed: pa.Table | pd.DataFrame,
    *,
    catalogue: Catalogue,
    config: CouncilConfig,
    period: str | date,
    comparators: Sequence[ComparatorRow] = (),
    council: str | None = None,
    decimals: Mapping[str, int] | None = None,
) -> Narrative:
    """The drafted narrative for a council and month, from the assess stage's table (unsuppressed:
    public mode drops sentences afterwards with `drop_suppressed`)."""
    facts = ref_facts(
        assessed,
        catalogue=catalogue,
        period=period,
        council=council or config.council.dfe_code,
        comparators=comparators,
        display_names=council_titles(catalogue, config),
        decimals=decimals,
    )
    return draft_from_facts(facts)


def suppressed_cells(suppressed: pa.Table | pd.DataFrame) -> frozenset[tuple[str, date]]:
    """(ref, month) of every main figure the disclosure stage marked suppressed."""
    return frozenset(
        (str(r["ref"]), r["period_end"])
        for r in records_of(suppressed)
        if r.get("suppressed") and str(r.get("breakdown_value") or "all") == "all"
    )


def drop_suppressed(
    narrative: Mapping[str, Sequence[DraftSentence]], suppressed: pa.Table | pd.DataFrame
) -> Narrative:
    """Public mode: the narrative without any sentence quoting a figure the disclosure stage hid
    (`render.disclosure.suppress` output, which marks suppressed cells)."""
    hidden = suppressed_cells(suppressed)
    kept: Narrative = {}
    for code, sentences in narrative.items():
        shown = tuple(s for s in sentences if not hidden.intersection(s.cites))
        if shown:
            kept[code] = shown
    return kept


def as_paragraphs(narrative: Mapping[str, Sequence[DraftSentence]]) -> dict[str, list[NarrativeParagraph]]:
    """The report model's narrative slot: one paragraph per sentence, linked to its refs."""
    return {
        code: [NarrativeParagraph(s.text, s.refs) for s in sentences] for code, sentences in narrative.items()
    }


def facts_to_explain(
    facts: Mapping[str, RefFact], section: str, largest: int = 3
) -> tuple[DraftSentence, ...]:
    """What a manager's commentary should explain for a section: every special-cause signal, every
    missed target, and the largest changes on the previous month."""
    section_facts = [f for f in facts.values() if f.section == section]
    items: list[DraftSentence] = []
    seen: set[tuple[str, str]] = set()
    for kind, candidates, build in (
        ("signal", _signals(section_facts), signal_sentence),
        ("target", _missed(section_facts), target_sentence),
        ("change", _largest_changes(section_facts)[:largest], change_sentence),
    ):
        for fact in candidates:
            sentence = build(fact)
            if sentence is not None and (fact.ref, kind) not in seen:
                seen.add((fact.ref, kind))
                items.append(sentence)
    return tuple(items)
