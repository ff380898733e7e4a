"""An indicator that fits no kind: one registered function with the family signature."""

from __future__ import annotations

from builders import make_dataset
from engine_helpers import CATALOGUE, figures

from csc_scorecard.catalogue.model import Catalogue, Kind
from csc_scorecard.catalogue.registry import bespoke
from csc_scorecard.engine.compute import compute
from csc_scorecard.engine.settings import ComputeSettings


@bespoke("CIN99")
def _referrals_on_weekends(inputs, indicator, calendar, grid):
    """Referrals dated on a Saturday or Sunday, per month (a made-up indicator for this test)."""
    t = inputs.table("ssd_cin_episodes")
    weekend = t.filter(t.cine_referral_date.day_of_week.index() >= 5)
    monthly = weekend.group_by(
        council=weekend.council,
        month=(weekend.cine_referral_date.year() * 12 + weekend.cine_referral_date.month() - 1),
    ).aggregate(n__CIN99=weekend.count())
    joined = grid.left_join(monthly, ["council", "month"])
    return joined.select(grid.council, grid.month, n__CIN99=joined.n__CIN99.fill_null(0))


def test_a_bespoke_indicator_is_computed_like_the_others():
    rows = [
        {"cine_referral_id": "R1", "cine_referral_date": "2023-01-07"},  # Saturday
        {"cine_referral_id": "R2", "cine_referral_date": "2023-01-08"},  # Sunday
        {"cine_referral_id": "R3", "cine_referral_date": "2023-01-09"},  # Monday: not counted
    ]
    indicator = CATALOGUE["CIN1"].model_copy(update={"ref": "CIN99", "kind": Kind.BESPOKE})
    results = compute(
        make_dataset({"ssd_cin_episodes": rows}),
        Catalogue(indicators=(indicator,)),
        ComputeSettings.for_period("2023-01", 1),
    )
    assert figures(results, "CIN99", "2023-01-31") == (2, 2, None, "ok")
