"""Every local ref declares its relationships (a total and its parts, a percentage and its count or
denominator: what public-mode suppression reads) or is listed in `STANDS_ALONE` with the reason."""

from __future__ import annotations

from collections import Counter

import pytest
from engine_helpers import CATALOGUE
from local_refs import LOCAL_REFS, STANDS_ALONE

from csc_scorecard.catalogue.model import RelationType, Unit


def test_every_local_ref_declares_relationships_or_is_listed_as_standing_alone():
    declaring = {r for r in LOCAL_REFS if CATALOGUE[r].relationships}
    assert set(STANDS_ALONE) <= set(LOCAL_REFS)
    assert declaring.isdisjoint(STANDS_ALONE), declaring & set(STANDS_ALONE)
    assert declaring | set(STANDS_ALONE) == set(LOCAL_REFS)
    assert all(reason.strip() for reason in STANDS_ALONE.values())


def test_a_ref_listed_as_a_total_is_named_by_another():
    named = {rel.ref for ind in CATALOGUE.indicators for rel in ind.relationships}
    totals = {ref for ref, reason in STANDS_ALONE.items() if reason.startswith(("a total", "a cumulative"))}
    assert totals <= named, totals - named


@pytest.mark.parametrize("ref", sorted(set(LOCAL_REFS) - set(STANDS_ALONE)))
def test_declared_relationships_are_of_the_right_shape(ref):
    this = CATALOGUE[ref]
    for rel in this.relationships:
        other = CATALOGUE[rel.ref]
        assert other.unit is Unit.COUNT, (ref, rel)
        if rel.type is RelationType.PART_OF:
            # a part: a count of the same things over the same period as its total
            assert this.unit is Unit.COUNT, (ref, rel)
            assert (this.count_unit, this.period_basis) == (other.count_unit, other.period_basis), (ref, rel)
        elif rel.type is RelationType.DENOMINATOR:
            # a percentage of the other figure, for the same period
            assert this.unit is Unit.PERCENT, (ref, rel)
            assert this.period_basis == other.period_basis, (ref, rel)
        else:
            # a rate or percentage of the count, or the count summed over a longer period (SG17, the
            # year to date of SG16: shown together, either gives the other away)
            summed = this.unit is Unit.COUNT and this.period_basis != other.period_basis
            assert this.unit in (Unit.PERCENT, Unit.RATE_PER_10K) or summed, (ref, rel)


def test_breakdown_values_are_unique_within_each_ref():
    # results are keyed by (ref, breakdown_value): two breakdowns with one value would overwrite each other
    for indicator in CATALOGUE.indicators:
        repeated = [v for v, n in Counter(b.value for b in indicator.breakdowns).items() if n > 1]
        assert not repeated, (indicator.ref, repeated)
