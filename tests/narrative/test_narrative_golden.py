"""A few golden sentences in the register of the reference scorecard (January 2023)."""

from __future__ import annotations

from datetime import date

from narrative_helpers import COUNCIL, PERIOD, catalogue, comparator_row, months_before, row, table

from csc_scorecard.narrative import (
    as_paragraphs,
    draft_from_facts,
    drop_suppressed,
    ref_facts,
    section_sentences,
)
from csc_scorecard.narrative.sentences import ordinal, sentence_title

END = date(2023, 1, 31)


def _facts(rows, comparators=()):  # type: ignore[no-untyped-def]
    return ref_facts(
        table(rows), catalogue=catalogue(), period=PERIOD, council=COUNCIL, comparators=comparators
    )


def test_contacts_increased_within_normal_variation() -> None:
    facts = _facts(
        [
            row(
                "FD1",
                value=1348.0,
                previous_period_value=1196.0,
                previous_period_direction="up",
                spc_point_type="common_cause",
                spc_outcome="assessed",
            )
        ]
    )
    (sentence,) = section_sentences(list(facts.values()))
    assert sentence.text == (
        "Contacts received increased from 1,196 in December 2022 to 1,348 in January 2023, "
        "within normal variation."
    )
    assert sentence.refs == ("FD1",)
    assert sentence.cites == (("FD1", END), ("FD1", date(2022, 12, 31)))


def test_re_referrals_within_a_band_target_and_just_above_the_region() -> None:
    facts = _facts(
        [row("CIN4", value=0.2242, target="{band = [20, 24]}", target_status="on_target", rag="green")],
        [comparator_row("CIN4", "percent", [("region", "North West", 21.0)])],
    )
    (sentence,) = section_sentences(list(facts.values()))
    assert sentence.text == (
        "Re-referrals within 12 months of a previous referral stood at 22% in January 2023, "
        "within the 20–24% target and just above the North West average of 21%."
    )


def test_a_shift_is_a_significant_run_of_months_above_the_mean() -> None:
    series = [
        row("CIN8", months_before(END, back), value=0.90 + back / 1000, spc_mean=0.8, spc_outcome="assessed")
        for back in range(9, 0, -1)
    ]
    series.append(
        row(
            "CIN8",
            value=0.92,
            previous_period_value=0.901,
            previous_period_direction="improving",
            spc_mean=0.8,
            spc_point_type="special_cause_improvement",
            spc_rule="shift",
            spc_outcome="assessed",
            target="85",
            target_status="on_target",
        )
    )
    sentences = section_sentences(list(_facts(series).values()))
    assert sentences[0].text == (
        "Assessments completed within 45 working days stood at 92% in January 2023, significantly higher "
        "than usual, the tenth month in a row above the mean (special cause: improvement)."
    )


def test_a_missed_target_and_a_suppressed_figure_in_public_mode() -> None:
    rows = [
        row("CF4", value=0.079, target='"<7"', target_status="off_target", rag="red"),
        row("CF1", value=3.0, previous_period_value=4.0, previous_period_direction="down"),
    ]
    narrative = draft_from_facts(_facts(rows))
    texts = [s.text for s in narrative["CF"]]
    assert texts == [
        "Cared for children decreased from 4 in December 2022 to 3 in January 2023.",
        "Cared for children with 3 or more placements in the last 12 months stood at 8% in January 2023, "
        "missing the <7% target.",
    ]
    public = drop_suppressed(narrative, table([{**rows[1], "suppressed": True}, rows[0]]))
    assert [s.refs for s in public["CF"]] == [("CF4",)]
    assert as_paragraphs(public)["CF"][0].refs == ("CF4",)


def test_titles_and_ordinals_read_as_words() -> None:
    assert (
        sentence_title("Cared for children in foster placements, number")
        == "Cared for children in foster placements"
    )
    assert sentence_title("Contacts received by children's social care or out of hours (%)") == (
        "Contacts received by children's social care or out of hours"
    )
    assert (ordinal(7), ordinal(21)) == ("seventh", "")
