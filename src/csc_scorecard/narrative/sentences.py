"""Sentence builders: one `RefFact` (or a part of one) in the register of a council's scorecard.

    "Contacts received increased from 1,196 in December 2022 to 1,348 in January 2023, within normal
     variation."
    "Re-referrals within 12 months of a previous referral stood at 22% in January 2023, within the
     20–24% target and just above the North West average of 21%."

Every builder quotes figures only from `RefFact` texts (formatted by `render.formats`), says
"increased"/"decreased" only with the sign of the change, and says "significant"/"special cause"
only when an SPC rule fired for the month. Sentences are in the past tense, so no verb has to agree
with an indicator's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from csc_scorecard.narrative.facts import ComparatorFact, RefFact
from csc_scorecard.render import formats

_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]

_RULE_DETAIL = {
    "outside_limits": "beyond the control limits",
    "trend": "part of a sustained {movement}",
    "two_in_three": "two of the last three months close to the {edge} control limit",
}
_JUDGEMENT = {
    "special_cause_improvement": "special cause: improvement",
    "special_cause_concern": "special cause: concern",
}
_COMPARATOR_ORDER = {"England": 3, "Statistical neighbours": 2}  # a region or named group first


@dataclass(frozen=True, slots=True)
class DraftSentence:
    """A drafted sentence, the refs it was built from, and the figures it quotes as (ref, month):
    public mode drops a sentence whose figure is suppressed."""

    text: str
    refs: tuple[str, ...]
    cites: tuple[tuple[str, date], ...]
    kind: str  # "change", "signal", "target", "comparator"


def sentence_title(title: str) -> str:
    """A catalogue title as a sentence's subject: "Cared for children in foster placements, number"
    → "Cared for children in foster placements"; "(%)" and "(%, quarter)" lose their "%"."""
    text = re.sub(r",\s*(number|percentage)$", "", title.strip())
    text = re.sub(r"\s*\(%\)", "", text)
    text = text.replace("(%, ", "(")
    return text[:1].upper() + text[1:]


def ordinal(number: int) -> str:
    """3 → "third"; beyond the twentieth there is no word (the caller says "a sustained run")."""
    return _ORDINALS[number - 1] if 1 <= number <= len(_ORDINALS) else ""


def _month(day: date) -> str:
    return formats.format_period(day)


def _cites(fact: RefFact, *, previous: bool = False) -> tuple[tuple[str, date], ...]:
    return ((fact.ref, fact.period_end),) + (((fact.ref, fact.previous_end),) if previous else ())


def _side(fact: RefFact) -> int:
    """+1 when the month is unusually high, −1 when unusually low (from the point type, else the run)."""
    kind = fact.point_type
    if kind.endswith("_high"):
        return 1
    if kind.endswith("_low"):
        return -1
    if kind in _JUDGEMENT and fact.polarity in ("higher_is_better", "lower_is_better"):
        good_is_high = fact.polarity == "higher_is_better"
        return 1 if (kind == "special_cause_improvement") == good_is_high else -1
    return 1 if fact.run_length >= 0 else -1


def signal_clause(fact: RefFact) -> str:
    """Signal or noise, in words; "" when SPC did not judge the series."""
    if not fact.spc_assessed or not fact.point_type:
        return ""
    if not (fact.special_cause and fact.rule):
        return "within normal variation"
    side = _side(fact)
    if fact.rule == "shift":
        where = "above" if side > 0 else "below"
        count = ordinal(abs(fact.run_length))
        detail = (
            f"the {count} month in a row {where} the mean" if count else f"a sustained run {where} the mean"
        )
    else:
        detail = _RULE_DETAIL.get(fact.rule, "an unusual month").format(
            movement="rise" if side > 0 else "fall", edge="upper" if side > 0 else "lower"
        )
    judgement = _JUDGEMENT.get(fact.point_type, "special cause variation")
    return f"significantly {'higher' if side > 0 else 'lower'} than usual, {detail} ({judgement})"


def change_sentence(fact: RefFact, *, with_signal: bool = True) -> DraftSentence | None:
    """ "X increased from A in December 2022 to B in January 2023[, within normal variation]."."""
    change = fact.change
    if change is None or not fact.previous or fact.value is None:
        return None
    title, now, before = sentence_title(fact.title), _month(fact.period_end), _month(fact.previous_end)
    if fact.current == fact.previous:
        text = f"{title} stayed at {fact.current} in {now}, as in {before}"
    elif fact.direction == "no_change" or change == 0:
        text = f"{title} was broadly unchanged: {fact.previous} in {before} and {fact.current} in {now}"
    else:
        moved = "increased" if change > 0 else "decreased"
        text = f"{title} {moved} from {fact.previous} in {before} to {fact.current} in {now}"
        if fact.direction == "improving":
            text += ", an improvement"
        elif fact.direction == "worsening":
            text += ", a deterioration"
    clause = signal_clause(fact) if with_signal else ""
    if clause and fact.special_cause:
        # A month can move one way and still sit unusually far the other way: say so.
        still = "still " if (change > 0) != (_side(fact) > 0) and change != 0 else ""
        text += f"; {still}{clause}"
    elif clause:
        text += f", {clause}"
    return DraftSentence(f"{text}.", (fact.ref,), _cites(fact, previous=True), "change")


def _stood_at(fact: RefFact) -> str:
    return f"{sentence_title(fact.title)} stood at {fact.current} in {_month(fact.period_end)}"


def signal_sentence(fact: RefFact) -> DraftSentence | None:
    """ "X stood at B in January 2023, significantly higher than usual, the seventh month ..."."""
    if fact.value is None or not (fact.special_cause and fact.rule and fact.spc_assessed):
        return None
    return DraftSentence(f"{_stood_at(fact)}, {signal_clause(fact)}.", (fact.ref,), _cites(fact), "signal")


def target_clause(fact: RefFact) -> str:
    if not fact.target or fact.value is None:
        return ""
    ranged = "–" in fact.target
    if fact.target_status == "on_target":
        return f"within the {fact.target} target" if ranged else f"meeting the {fact.target} target"
    if fact.target_status == "exceeding":
        return f"better than the {fact.target} target"
    if fact.target_status == "off_target":
        return f"outside the {fact.target} target" if ranged else f"missing the {fact.target} target"
    return ""


def _comparator_label(comparator: ComparatorFact) -> str:
    return "statistical neighbour" if comparator.label == "Statistical neighbours" else comparator.label


def comparator_position(fact: RefFact, comparator: ComparatorFact) -> str:
    """ "above", "just above", "in line with", "just below", "below" (read on the printed figures
    first, so "22% … in line with 22%" never says above)."""
    if fact.value is None:
        return ""
    if fact.current == comparator.text:
        return "in line with"
    difference = fact.value - comparator.value
    # "Just" is within a point and a half (percentages) or 3% of the comparator (22% v 21%).
    band = 0.015 if fact.unit == "percent" else 0.03 * abs(comparator.value)
    word = "above" if difference > 0 else "below"
    return f"just {word}" if abs(difference) < band else word


def chosen_comparators(fact: RefFact, limit: int = 2) -> tuple[ComparatorFact, ...]:
    ordered = sorted(fact.comparators, key=lambda c: _COMPARATOR_ORDER.get(c.label, 1))
    return tuple(ordered[:limit])


def comparator_clause(fact: RefFact) -> str:
    """ "just above the North West average of 21% and above the England average of 20%"."""
    parts: list[str] = []
    last_position = ""
    for comparator in chosen_comparators(fact):
        position = comparator_position(fact, comparator)
        if not position:
            continue
        lead = "" if position == last_position else f"{position} "
        parts.append(f"{lead}the {_comparator_label(comparator)} average of {comparator.text}")
        last_position = position
    return " and ".join(parts)


def target_sentence(fact: RefFact) -> DraftSentence | None:
    """ "X stood at 22% in January 2023, within the 20–24% target[ and just above the ... average]."."""
    clause = target_clause(fact)
    if not clause:
        return None
    comparison = comparator_clause(fact)
    text = f"{_stood_at(fact)}, {clause}" + (f" and {comparison}" if comparison else "")
    return DraftSentence(f"{text}.", (fact.ref,), _cites(fact), "target")


def comparator_sentence(fact: RefFact) -> DraftSentence | None:
    """ "X stood at 74 in January 2023, above the North West average of 49 and ..."."""
    comparison = comparator_clause(fact)
    if not comparison or fact.value is None:
        return None
    return DraftSentence(f"{_stood_at(fact)}, {comparison}.", (fact.ref,), _cites(fact), "comparator")
