"""Properties of the drafted narrative over generated assessed tables (issue 9's "done when")."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from narrative_helpers import (
    COUNCIL,
    PERIOD,
    PERIOD_END,
    allowed_numbers,
    assessed_tables,
    catalogue,
    numbers_in,
)

from csc_scorecard.compare.benchmarks import ComparatorRow
from csc_scorecard.narrative import (
    MAX_SENTENCES,
    DraftSentence,
    draft_from_facts,
    drop_suppressed,
    facts_to_explain,
    ref_facts,
    sentence_title,
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _draft(frame: pd.DataFrame, comparators: tuple[ComparatorRow, ...]) -> list[DraftSentence]:
    facts = ref_facts(frame, catalogue=catalogue(), period=PERIOD, council=COUNCIL, comparators=comparators)
    narrative = draft_from_facts(facts)
    assert all(0 < len(sentences) <= MAX_SENTENCES for sentences in narrative.values())
    explain = [s for code in narrative for s in facts_to_explain(facts, code)]
    return [s for sentences in narrative.values() for s in sentences] + explain


def _text(value: object) -> str:
    """pandas gives NaN for an empty text cell."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _fired(record: dict[str, object]) -> bool:
    """An SPC rule fired for the month's point (and the point was charted)."""
    return (
        _text(record["spc_point_type"]).startswith("special_cause")
        and bool(_text(record["spc_rule"]))
        and record["spc_outcome"] == "assessed"
        and record["status"] in ("ok", "caveat")
        and not record["suppressed"]
    )


def _month_row(frame: pd.DataFrame, ref: str) -> dict[str, object]:
    rows = frame[(frame.ref == ref) & (frame.period_end == PERIOD_END)].to_dict("records")
    assert len(rows) == 1
    return rows[0]


@FAST
@given(assessed_tables())
def test_every_sentence_cites_a_ref_in_the_table(
    case: tuple[pd.DataFrame, tuple[ComparatorRow, ...]],
) -> None:
    frame, comparators = case
    for sentence in _draft(frame, comparators):
        assert sentence.refs, sentence
        assert set(sentence.refs) <= set(frame.ref), sentence
        assert sentence.text.endswith(".")


@FAST
@given(assessed_tables())
def test_every_number_is_a_figure_of_a_cited_ref_or_a_date(
    case: tuple[pd.DataFrame, tuple[ComparatorRow, ...]],
) -> None:
    frame, comparators = case
    for sentence in _draft(frame, comparators):
        titles = [sentence_title(catalogue()[ref].title) for ref in sentence.refs]
        allowed = set().union(*(allowed_numbers(frame, comparators, ref) for ref in sentence.refs))
        for number in numbers_in(sentence.text, titles):
            assert number in allowed, (number, sentence.text, allowed)


@FAST
@given(assessed_tables())
def test_increased_and_decreased_agree_with_the_sign_of_the_change(
    case: tuple[pd.DataFrame, tuple[ComparatorRow, ...]],
) -> None:
    frame, comparators = case
    for sentence in _draft(frame, comparators):
        if "increased" not in sentence.text and "decreased" not in sentence.text:
            continue
        (ref,) = sentence.refs
        record = _month_row(frame, ref)
        change = float(record["value"]) - float(record["previous_period_value"])  # type: ignore[arg-type]
        assert ("increased" in sentence.text) == (change > 0), (sentence.text, change)
        assert ("decreased" in sentence.text) == (change < 0), (sentence.text, change)


@FAST
@given(assessed_tables())
def test_significant_only_where_a_rule_fired(case: tuple[pd.DataFrame, tuple[ComparatorRow, ...]]) -> None:
    frame, comparators = case
    for sentence in _draft(frame, comparators):
        text = sentence.text.lower()
        if "significant" not in text and "special cause" not in text:
            continue
        assert any(_fired(_month_row(frame, ref)) for ref in sentence.refs), sentence.text


@FAST
@given(assessed_tables())
def test_within_normal_variation_only_for_common_cause(
    case: tuple[pd.DataFrame, tuple[ComparatorRow, ...]],
) -> None:
    frame, comparators = case
    for sentence in _draft(frame, comparators):
        if "normal variation" in sentence.text:
            record = _month_row(frame, sentence.refs[0])
            assert not _fired(record), sentence.text


@FAST
@given(assessed_tables())
def test_public_mode_drops_every_sentence_quoting_a_suppressed_figure(
    case: tuple[pd.DataFrame, tuple[ComparatorRow, ...]],
) -> None:
    frame, comparators = case
    visible = frame.assign(suppressed=False)
    facts = ref_facts(visible, catalogue=catalogue(), period=PERIOD, council=COUNCIL, comparators=comparators)
    kept = drop_suppressed(draft_from_facts(facts), frame)
    hidden = {(r["ref"], r["period_end"]) for r in frame.to_dict("records") if r["suppressed"]}
    for sentences in kept.values():
        for sentence in sentences:
            assert not hidden.intersection(sentence.cites), sentence
