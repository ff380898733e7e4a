"""Bespoke functions for the local indicators of issue 6 that fit no kind (`catalogue.registry.bespoke`).

Each returns one row per council and month of the grid with `n__REF` and `d__REF`; a bespoke figure
with a percentage unit is n ÷ d (engine.compute). Importing this module registers them.

* WF3, WF4: shares of full-time equivalents in the month's workforce snapshot, not of rows — the
  proportion kind counts rows, and DfE's agency rate is FTE-based.
* EH6: early help assessments open at any point in a quarter — a snapshot (the +1/−1 pattern)
  reported for the last complete quarter, which no kind combines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis

from csc_scorecard.catalogue.registry import bespoke
from csc_scorecard.engine import kinds
from csc_scorecard.engine.intervals import interval_changes
from csc_scorecard.engine.views import (
    StateView,
    ViewInputs,
    column,
    empty_changes,
    has_columns,
    month_of,
    union_all,
)
from csc_scorecard.engine.views_local_cohorts import latest_snapshot

if TYPE_CHECKING:
    from collections.abc import Callable

    import ibis.expr.types as ir

    from csc_scorecard.catalogue.model import Indicator

# CSWW organisational roles below first-line manager: senior practitioner, case holder, qualified
# without cases (WF4's "non-managerial social work staff").
NON_MANAGERIAL_ROLES = ("4", "5", "6")
ASYE_STATUS = "1"  # CSWW CFKSSstatus 1: assessed and supported year in employment
_FTE_DECIMAL = "decimal(18, 6)"


def _fte_share(
    inputs: ViewInputs,
    ind: Indicator,
    grid: ir.Table,
    staff: Callable[[ir.Table], ir.BooleanValue],
    counted: Callable[[ir.Table], ir.BooleanValue],
) -> ir.Table:
    n, d = f"n__{ind.ref}", f"d__{ind.ref}"
    rows = latest_snapshot(inputs)
    if rows is None:
        return grid.select("council", "month", **{n: ibis.null("float64"), d: ibis.null("float64")})
    in_staff = staff(rows).fill_null(False)
    # FTE (0.8, 0.5, ...) is added as a decimal to 6 places, exactly: floating-point sums depend on the
    # order the rows are added in, which DuckDB's parallel aggregation changes from run to run (the same
    # extract gave WF3 and WF4 numerators differing in the last bits), and on the engine.
    fte = rows.fte.cast(_FTE_DECIMAL)
    zero = ibis.literal(0, _FTE_DECIMAL)
    monthly = rows.group_by(["council", "month"]).aggregate(
        **{
            n: (in_staff & counted(rows).fill_null(False)).ifelse(fte, zero).sum(),
            d: in_staff.ifelse(fte, zero).sum(),
        }
    )
    joined = grid.left_join(monthly, ["council", "month"])
    return joined.select(
        grid.council, grid.month, joined[n].cast("float64").name(n), joined[d].cast("float64").name(d)
    )


def _code(rows: ir.Table, name: str) -> ir.StringValue:
    return column(rows, name).cast("string").strip()


@bespoke("WF3")
def asye_share(inputs: ViewInputs, ind: Indicator, calendar: Any, grid: ir.Table) -> ir.Table:
    """Social workers in their assessed and supported year (CFKSS status 1), % of all social worker FTE."""
    return _fte_share(
        inputs,
        ind,
        grid,
        staff=lambda r: r.month.notnull(),
        counted=lambda r: _code(r, "cfkss_status") == ASYE_STATUS,
    )


@bespoke("WF4")
def agency_share(inputs: ViewInputs, ind: Indicator, calendar: Any, grid: ir.Table) -> ir.Table:
    """Agency social workers, % of the FTE in non-managerial roles (CSWW roles 4-6)."""
    return _fte_share(
        inputs,
        ind,
        grid,
        staff=lambda r: _code(r, "org_role").isin(NON_MANAGERIAL_ROLES),
        counted=lambda r: column(r, "agency_worker", False, "boolean").fill_null(False),
    )


@bespoke("EH6")
def assessments_open_in_quarter(
    inputs: ViewInputs, ind: Indicator, calendar: Any, grid: ir.Table
) -> ir.Table:
    """Early help assessments of any lead organisation open at any point in the 3 months ending with
    each month; the engine reports the figure of the last complete quarter. Breakdown values are lead
    organisation types (the breakdown's key is the code, e.g. SCHOOL).

    Open at some time in the 3 months ending with month m ⇔ started in a month ≤ m and not closed before
    month m − 2 starts ⇔ m in [start month, closure month + 3): one +1 and one −1 per assessment.
    """
    t = inputs.table("ext_early_help_assessment")
    keys = ("assessment_id",)
    columns = {
        f"n__{ind.ref}": "open",
        **{f"n__{ind.ref}__{b.value}": f"open_{b.key}" for b in ind.breakdowns},
    }
    if not has_columns(t, "eha_id", "eha_start_date", "eha_closed_date"):
        changes = empty_changes(keys)
    else:
        rows = t.filter(t.eha_start_date.notnull()).mutate(
            lead=column(t, "eha_lead_org_type").strip().upper().fill_null("OTHER")
        )
        assessment = {"assessment_id": rows.eha_id.cast("string")}
        parts = [
            interval_changes(
                rows, assessment, "open", month_of(rows.eha_start_date), month_of(rows.eha_closed_date) + 3
            )
        ]
        for b in ind.breakdowns:
            led = rows.filter(rows.lead == b.key)
            parts.append(
                interval_changes(
                    led,
                    {"assessment_id": led.eha_id.cast("string")},
                    f"open_{b.key}",
                    month_of(led.eha_start_date),
                    month_of(led.eha_closed_date) + 3,
                )
            )
        changes = union_all(parts)
    counters = tuple(columns.values())
    view = StateView(keys, counters, changes, {c: _positive(c) for c in counters})
    monthly = kinds.snapshot_aggregates(
        view, {col: (c,) for col, c in columns.items()}, inputs.spine_start, inputs.spine_end
    )
    return kinds.cumulate(monthly, grid, list(columns))


def _positive(counter: str) -> Callable[[ir.Table], ir.BooleanValue]:
    return lambda s: s[counter] > 0
