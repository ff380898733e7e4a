"""Public-mode disclosure control, as DfE applies it to its statistics (shown as "c").

Primary suppression, per council, month and breakdown:
* a count of 1 to 5;
* a percentage or rate whose numerator or denominator is 1 to 5;
* a mean (days, caseload) over 1 to 5 things (its denominator).

Secondary suppression, across the relationships the catalogue declares, until nothing changes:
* `count_of`: a rate and its count are suppressed together (the population is published, so either
  gives the other);
* `part_of`: when a part is suppressed, its total and the other parts must not give it back by
  subtraction, so the smallest other shown part is suppressed too, or the total when no part is left;
* `denominator`: a percentage whose declared denominator is suppressed is suppressed too (a shown
  percentage of a shown denominator gives the numerator, which primary suppression has checked).

Then nothing that could give a suppressed value back is left in the table: the value, numerator and
denominator of a suppressed row are emptied; a comparison with a suppressed month (previous month,
previous year) is emptied; and a series with any suppressed month loses its SPC mean and limits
(the mean and the other months would give the missing one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

if TYPE_CHECKING:
    from csc_scorecard.catalogue.model import Catalogue

SMALL_LOW, SMALL_HIGH = 1, 5
USABLE = ("ok", "caveat")
_KEY = ["council", "period_end", "breakdown", "breakdown_value"]
_SERIES = ["council", "ref", "breakdown", "breakdown_value"]
_VALUE_COLUMNS = ("value", "numerator", "denominator", "target_shortfall")
_SPC_NUMBERS = ("spc_mean", "spc_upper", "spc_lower", "spc_upper_near", "spc_lower_near")


def _small(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    return (numbers >= SMALL_LOW) & (numbers <= SMALL_HIGH)


def primary(frame: pd.DataFrame) -> pd.Series:
    """Rows suppressed for themselves (see the module docstring)."""
    usable = frame["status"].isin(USABLE)
    unit = frame["unit"]
    count = unit.eq("count") & _small(frame["value"])
    ratio = unit.isin(["percent", "rate_per_10k"]) & (
        _small(frame["numerator"]) | _small(frame["denominator"])
    )
    mean = unit.isin(["days", "cases_per_worker"]) & _small(frame["denominator"])
    return (usable & (count | ratio | mean)).fillna(False).astype(bool)


def _relationships(catalogue: Catalogue) -> list[tuple[str, str, str]]:
    """(type, this ref, other ref) for every declared relationship."""
    return [
        (str(rel.type.value), indicator.ref, rel.ref)
        for indicator in catalogue.indicators
        for rel in indicator.relationships
    ]


def secondary(frame: pd.DataFrame, suppressed: pd.Series, catalogue: Catalogue) -> pd.Series:
    """Widen `suppressed` across declared relationships until it stops changing."""
    relationships = _relationships(catalogue)
    result = suppressed.copy()
    shown_value = pd.to_numeric(frame["value"], errors="coerce")
    groups = frame.groupby(_KEY, sort=False, dropna=False).groups
    for index in groups.values():
        refs = frame.loc[index, "ref"]
        by_ref = dict(zip(refs, index, strict=False))
        changed = True
        while changed:
            changed = False
            for kind, this, other in relationships:
                if this not in by_ref or other not in by_ref:
                    continue
                a, b = by_ref[this], by_ref[other]
                if kind == "count_of" and result[a] != result[b]:
                    result[a] = result[b] = True
                    changed = True
                elif kind == "denominator" and result[b] and not result[a]:
                    result[a] = True
                    changed = True
            changed |= _protect_parts(relationships, by_ref, result, shown_value)
    return result


def _protect_parts(
    relationships: list[tuple[str, str, str]], by_ref: dict[str, int], result: pd.Series, value: pd.Series
) -> bool:
    """A total and its parts: exactly one hidden figure among them could be recovered by adding or
    subtracting the others, so a second one (the smallest shown part, else the total) is hidden."""
    totals: dict[str, list[str]] = {}
    for kind, part, total in relationships:
        if kind == "part_of" and part in by_ref and total in by_ref:
            totals.setdefault(total, []).append(part)
    changed = False
    for total, parts in totals.items():
        members = [total, *parts]
        hidden = [m for m in members if result[by_ref[m]]]
        if len(hidden) != 1:
            continue
        shown_parts = [p for p in parts if not result[by_ref[p]]]
        if shown_parts:
            smallest = min(shown_parts, key=lambda p: _size(value[by_ref[p]]))
            result[by_ref[smallest]] = True
        else:
            result[by_ref[total]] = True
        changed = True
    return changed


def _size(number: object) -> float:
    try:
        size = float(number)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float(np.inf)
    return size if not np.isnan(size) else float(np.inf)


def _months_earlier(period_end: pd.Series, months: int) -> pd.Series:
    return (pd.to_datetime(period_end) - pd.offsets.MonthEnd(months)).dt.date


def _clear_comparisons(frame: pd.DataFrame) -> None:
    """Empty every comparison with a suppressed month, and SPC summaries of series with one."""
    hidden = frame.loc[frame["suppressed"], [*_SERIES, "period_end"]].assign(_hidden=True)
    for prefix, months in (("previous_period", 1), ("previous_year", 12)):
        if f"{prefix}_value" not in frame:
            continue
        lookup = frame[_SERIES].copy()
        lookup["period_end"] = _months_earlier(frame["period_end"], months)
        if prefix == "previous_period" and "period_basis" in frame:
            quarterly = frame["period_basis"].eq("quarter")
            lookup.loc[quarterly, "period_end"] = _months_earlier(frame.loc[quarterly, "period_end"], 3)
        lookup["period_end"] = pd.to_datetime(lookup["period_end"]).dt.date
        keyed = hidden.assign(period_end=pd.to_datetime(hidden["period_end"]).dt.date)
        earlier_hidden = lookup.merge(keyed, on=[*_SERIES, "period_end"], how="left")["_hidden"]
        earlier = earlier_hidden.fillna(False).astype(bool).to_numpy()
        # A hidden earlier month empties the comparison; a hidden current month empties only the
        # change (the earlier figure is public, but it and the change would give the current one).
        mask = earlier | frame["suppressed"].to_numpy()
        frame.loc[earlier, f"{prefix}_value"] = np.nan
        frame.loc[mask, f"{prefix}_change"] = np.nan
        frame.loc[mask, f"{prefix}_direction"] = None
        if "direction_basis" in frame:
            on_basis = mask & frame["direction_basis"].eq(prefix).to_numpy()
            frame.loc[on_basis, ["direction", "direction_label"]] = None
    if "spc_mean" in frame:
        touched = frame.groupby(_SERIES, dropna=False)["suppressed"].transform("any").astype(bool)
        for column in _SPC_NUMBERS:
            frame.loc[touched, column] = np.nan


def suppress(table: pa.Table | pd.DataFrame, catalogue: Catalogue) -> pa.Table:
    """The table (Arrow) with a `suppressed` column, and nothing left that would give a suppressed
    value back."""
    frame = table.to_pandas() if isinstance(table, pa.Table) else table.copy()
    return pa.Table.from_pandas(_suppress_frame(frame, catalogue), preserve_index=False)


def _suppress_frame(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame["suppressed"] = secondary(frame, primary(frame), catalogue)
    for column in _VALUE_COLUMNS:
        if column in frame:
            frame.loc[frame["suppressed"], column] = np.nan
    for column in ("rag", "rag_label", "target_status", "target_status_label"):
        if column in frame:
            frame.loc[frame["suppressed"], column] = None
    _clear_comparisons(frame)
    return frame
