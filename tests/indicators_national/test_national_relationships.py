"""Every nationally defined ref (issue 5) declares its relationships: a part its total, a percentage
its denominator and its count, a rate its count. Public-mode suppression reads them
(render.disclosure), so a missing one could let a suppressed figure be worked back.

Two checks: the declarations are exactly the ones listed here (reviewed by hand, with the reason a
ref has none), and a rule over the catalogue finds every percentage or rate whose denominator or
count is another ref's figure, so a new ref of this kind cannot be added without its relationship.
"""

from __future__ import annotations

import pytest
from engine_helpers import CATALOGUE

from csc_scorecard.catalogue.model import Indicator, Kind

ISSUE_5 = (
    *("EH4", "EH5", "EH10a", "EH11"),
    *("CIN5", "CIN7", "CIN14", "CIN15", "CIN16", "CIN20", "CIN21", "CIN22", "CIN24"),
    *("CF3", "CF5", "CF6", "CF8", "CF10", "CF11", "CF12", "CF13", "CF14", "CF15", "CF16", "CF17", "CF18"),
    *("CF21", "CF22", "CF23", "CF25", "CF29"),
    *("SG11", "SG12", "SG15"),
    *("WF5", "WF9", "WF10", "WF11", "WF12", "WF13"),
)

PART, COUNT, DENOMINATOR = "part_of", "count_of", "denominator"
DECLARED = {
    "EH10a": {(PART, "EH5")},  # episodes ending in step-up are some of the episodes ending
    "CIN5": {(DENOMINATOR, "CIN6")},
    "CIN7": {(COUNT, "CIN6")},
    "CIN14": {(COUNT, "CIN13")},
    "CIN22": {(PART, "CIN21")},
    "CF3": {(DENOMINATOR, "CF1")},
    "CF6": {(DENOMINATOR, "CF1")},
    "CF8": {(PART, "CF1")},
    "CF10": {(PART, "CF1")},
    "CF11": {(DENOMINATOR, "CF1"), (COUNT, "CF10")},
    "CF12": {(PART, "CF1")},
    "CF13": {(DENOMINATOR, "CF1"), (COUNT, "CF12")},
    "CF14": {(PART, "CF1")},
    "CF15": {(DENOMINATOR, "CF1"), (COUNT, "CF14")},
    "CF16": {(PART, "CF1")},
    "CF17": {(DENOMINATOR, "CF1"), (COUNT, "CF16")},
    "CF18": {(PART, "CF1")},
    "WF5": {(DENOMINATOR, "WF1")},
}
# The rest have none, because no other ref holds their total, denominator or count:
NONE_BECAUSE = {
    "EH4": "early help episodes started: no total of which they are a part",
    "EH5": "early help episodes ended: the total EH10a is part of",
    "EH11": "no ref counts child in need closures",
    "CIN15": "enquiries completed this year: CIN13 is the month's, not the year's",
    "CIN16": "children on CIN plans: WF1 is built from referrals, so CIN16 is not a strict part of it",
    "CIN20": "children due a visit: no ref counts them",
    "CIN21": "missing incidents: the total CIN22 is part of",
    "CIN24": "children, not incidents: not a part of CIN21",
    "CF5": "its cohort (under 16, 2.5 years in care) is no other ref",
    "CF21": "initial health assessments due this year: no ref counts them",
    "CF22": "initial health assessments due this month: no ref counts them",
    "CF23": "the 12-month cohort: no ref counts it",
    "CF25": "the 12-month cohort: no ref counts it",
    "CF29": "care leavers: no ref counts them",
    "SG11": "children with a review due: no ref counts them",
    "SG12": "reviews due: no ref counts them",
    "SG15": "reviews due: no ref counts them (late and not recorded are breakdowns of SG15 itself)",
    "WF9": "a mean caseload is neither a part nor a count",
    "WF10": "a mean caseload is neither a part nor a count",
    "WF11": "a mean caseload is neither a part nor a count",
    "WF12": "a mean caseload is neither a part nor a count",
    "WF13": "a mean caseload is neither a part nor a count",
}
# Views that extend another with more counters count the same children by the same predicates.
SAME_COUNTS_AS = {"cla_children_detail": "cla_children"}
COUNTS = (Kind.COUNT, Kind.OPEN_AT_DATE)


def _declared(ref: str) -> set[tuple[str, str]]:
    return {(r.type.value, r.ref) for r in CATALOGUE[ref].relationships}


def _family(ind: Indicator) -> str:
    return SAME_COUNTS_AS.get(ind.measure.view, ind.measure.view)


def _counts_of(family: str, where: str | None, basis: object | None = None) -> set[str]:
    """Count refs over `family` counting the rows (or children) that have flag `where`."""
    return {
        i.ref
        for i in CATALOGUE.indicators
        if i.kind in COUNTS
        and _family(i) == family
        and i.measure.where == where
        and (basis is None or i.period_basis == basis)
    }


def test_every_issue_5_ref_is_listed_once():
    assert set(DECLARED) | set(NONE_BECAUSE) == set(ISSUE_5)
    assert not set(DECLARED) & set(NONE_BECAUSE)
    assert len(ISSUE_5) == 40


@pytest.mark.parametrize("ref", ISSUE_5)
def test_relationships_are_declared(ref):
    assert _declared(ref) == DECLARED.get(ref, set())


@pytest.mark.parametrize("ref", ISSUE_5)
def test_a_percentage_or_rate_names_the_refs_it_is_made_of(ref):
    ind = CATALOGUE[ref]
    declared = _declared(ref)
    if ind.kind is Kind.PROPORTION:
        # Its denominator is another ref's figure when that ref counts the same rows in the same period;
        # its count when that ref counts the rows with the numerator's flag.
        denominators = _counts_of(_family(ind), ind.measure.where, ind.period_basis)
        if denominators:
            assert {r for t, r in declared if t == DENOMINATOR} & denominators, denominators
        counts = _counts_of(_family(ind), ind.measure.numerator, ind.period_basis)
        if counts:
            assert {r for t, r in declared if t == COUNT} & counts, counts
    if ind.kind is Kind.RATE_PER_10K:
        # A rolling rate's count is the month's count summed: the month's ref gives it away too.
        counts = _counts_of(_family(ind), ind.measure.where)
        assert {r for t, r in declared if t == COUNT} & counts, counts


@pytest.mark.parametrize("ref", sorted(DECLARED))
def test_declared_relationships_are_of_the_right_shape(ref):
    this = CATALOGUE[ref]
    for rel in this.relationships:
        other = CATALOGUE[rel.ref]
        assert other.kind in COUNTS, (ref, rel)
        if rel.type.value == PART:
            # a count of the same things over the same period as its total
            assert this.kind in COUNTS, (ref, rel)
            assert (this.count_unit, this.period_basis) == (other.count_unit, other.period_basis), (ref, rel)
        elif rel.type.value == DENOMINATOR:
            # a percentage of the other figure, for the same period
            assert this.kind is Kind.PROPORTION and this.period_basis == other.period_basis, (ref, rel)
        else:
            assert this.kind in (Kind.PROPORTION, Kind.RATE_PER_10K), (ref, rel)


def test_the_rule_finds_the_relationships_it_is_meant_to():
    # The rule is not vacuous: it finds CF1 as the denominator of the placement shares, and CF10 as
    # CF11's count, through the detail view that extends CF1's.
    assert _counts_of("cla_children", "in_care", CATALOGUE["CF11"].period_basis) == {"CF1"}
    assert _counts_of("cla_children", "adoption", CATALOGUE["CF11"].period_basis) == {"CF10"}
    assert _counts_of("assessments", None) == {"CIN6"}
