"""Bespoke functions for the national indicators that fit no kind (issue 5): SG11 and SG15.

Each has the signature of `catalogue.registry.BespokeFunction`: (view inputs, indicator, calendar,
council × month grid) → one row per council and month with `n__REF`, `d__REF` (and breakdowns).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csc_scorecard.catalogue.model import Indicator, Kind, Measure
from csc_scorecard.catalogue.registry import bespoke
from csc_scorecard.engine import kinds
from csc_scorecard.engine.calendar import month_index_expr

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from csc_scorecard.engine.views import ViewInputs


@bespoke("SG11")
def children_with_all_cp_reviews_on_time(
    inputs: ViewInputs, indicator: Indicator, calendar: ir.Table, grid: ir.Table
) -> ir.Table:
    """Child-level, year to date: children with a CP review due since 1 April, and those of them all
    of whose reviews due since 1 April were held on time.

    Counted additively so the year-to-date window sum works: a child enters the denominator in the
    month of its first due review of the financial year, and leaves the numerator (−1) in the month
    of its first review of the year that was late or not recorded.
    """
    from csc_scorecard.engine.views_national import cp_reviews_due

    view = cp_reviews_due(inputs)
    t = view.mutate(month=month_index_expr(view.event_date).cast("int64"))
    t = t.filter(t.month.between(inputs.spine_start, inputs.spine_end))
    t = t.mutate(year=(t.month - 3) // 12)  # the financial year (April = month 3 of the year)
    per_child = t.group_by(["council", "person_id", "year"]).aggregate(
        first_due=t.month.min(), first_missed=t.month.min(where=~t.on_time)
    )
    firsts = per_child.select("council", month=per_child.first_due)
    entered = firsts.group_by(["council", "month"]).aggregate(entered=firsts.count())
    misses = per_child.filter(per_child.first_missed.notnull()).select("council", month="first_missed")
    missed = misses.group_by(["council", "month"]).aggregate(missed=misses.count())
    n, d = kinds.numerator_column(indicator.ref), kinds.denominator_column(indicator.ref)
    both = grid.left_join(entered, ["council", "month"]).select(
        grid.council, grid.month, entered.entered.fill_null(0).name("entered")
    )
    both = both.left_join(missed, ["council", "month"]).select(
        both.council, both.month, both.entered, missed.missed.fill_null(0).name("missed")
    )
    monthly = both.select("council", "month", **{n: both.entered - both.missed, d: both.entered})
    return kinds.windowed(monthly, [indicator], grid, [n, d])


@bespoke("SG15")
def looked_after_reviews_on_time(
    inputs: ViewInputs, indicator: Indicator, calendar: ir.Table, grid: ir.Table
) -> ir.Table:
    """Reviews due in the period held on time, with two breakdowns of the same reviews due: held
    late, and not (yet) recorded. Each figure is a proportion over the reviews due."""
    from csc_scorecard.engine.views_national_care import cla_reviews_due

    view = cla_reviews_due(inputs)
    figures = [(None, "on_time"), *((b.value, b.key) for b in indicator.breakdowns)]
    proportions = [
        indicator.model_copy(
            update={
                "ref": indicator.ref if value is None else f"{indicator.ref}__{value}",
                "kind": Kind.PROPORTION,
                "breakdowns": (),
                "measure": Measure(view=indicator.measure.view, numerator=flag_name),
            }
        )
        for value, flag_name in figures
    ]
    monthly = kinds.event_aggregates(view, proportions, calendar, inputs.spine_start, inputs.spine_end)
    columns = [c for c in monthly.columns if c not in ("council", "month")]
    windowed = kinds.windowed(monthly, proportions, grid, columns)
    return windowed
