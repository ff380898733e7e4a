"""The queries' wide monthly figures → rows of the results: values, populations, statuses, report order.

A batch's rows carry their council, ref, breakdown and breakdown value as categories (`RowKeys`):
every fact about a ref or a council (its kind, unit, status rules, extract date) is worked out once
per ref or council and then taken by the rows' codes, never looked up or joined row by row on
strings. At ten councils (one batch, about 150,000 rows) the step took 0.9–1.0 s by strings and
takes 0.35 s by codes (docs/engines-and-bench.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from csc_scorecard.catalogue.model import Catalogue, Indicator, Kind, PeriodBasis, Unit
from csc_scorecard.engine import kinds
from csc_scorecard.engine.population import population_table
from csc_scorecard.engine.results import RESULTS_SCHEMA
from csc_scorecard.engine.status import assign_statuses

if TYPE_CHECKING:
    from csc_scorecard.engine.settings import ComputeSettings
    from csc_scorecard.ingest.dataset import Dataset

_RATIO_UNITS = (Unit.PERCENT, Unit.DAYS, Unit.CASES_PER_WORKER)
_VALUE_IS_RATIO = (
    Kind.PROPORTION,
    Kind.WITHIN_WORKING_HOURS,
    Kind.WITHIN_WORKING_DAYS,
    Kind.MEAN_DURATION,
    Kind.CASELOAD_MEAN,
)
_ALL = "all"
CodedField = Literal["refs", "breakdowns", "breakdown_values"]


@dataclass(frozen=True)
class RowKeys:
    """The categories of a batch's rows. Councils are sorted, so that their codes sort as their names
    do; refs keep the catalogue's order, which is the report's."""

    councils: pd.CategoricalDtype
    refs: pd.CategoricalDtype
    breakdowns: pd.CategoricalDtype
    breakdown_values: pd.CategoricalDtype

    @classmethod
    def of(cls, catalogue: Catalogue, councils: Sequence[str]) -> RowKeys:
        names = {_ALL: None, **{b.name: None for i in catalogue.indicators for b in i.breakdowns}}
        values = {_ALL: None, **{b.value: None for i in catalogue.indicators for b in i.breakdowns}}
        return cls(
            pd.CategoricalDtype(sorted(set(councils))),
            pd.CategoricalDtype(list(catalogue.refs)),
            pd.CategoricalDtype(list(names)),
            pd.CategoricalDtype(list(values)),
        )

    @cached_property
    def _positions(self) -> dict[CodedField, dict[str, int]]:
        # Each category's code, made once per batch: every query of the batch looks its figures' refs,
        # breakdowns and breakdown values up here (a pandas Index per lookup cost about 0.4 CPU-s of
        # a 150-council first slice, 11 queries × 24 batches, three columns each).
        fields: tuple[CodedField, ...] = ("refs", "breakdowns", "breakdown_values")
        return {f: {c: i for i, c in enumerate(getattr(self, f).categories)} for f in fields}

    def codes(self, field: CodedField, values: Sequence[str]) -> np.ndarray:
        """The codes of `values` among the categories of `field`."""
        position = self._positions[field]
        return np.array([position[v] for v in values], dtype="int64")


@dataclass(frozen=True)
class LongFigures:
    """One query's figures, a row per council, month, ref and breakdown: whole columns as arrays, the
    council, ref, breakdown and breakdown value as codes of the batch's `RowKeys`.

    Arrays, not a DataFrame: a batch's queries' figures are joined and made one DataFrame once, in
    `tidy_batch`. A DataFrame of categories per query, then concatenated, cost about 0.4 CPU-s of
    a 150-council first slice (11 queries × 24 batches)."""

    council: np.ndarray
    month: np.ndarray
    ref: np.ndarray
    breakdown: np.ndarray
    breakdown_value: np.ndarray
    numerator: np.ndarray
    denominator: np.ndarray

    @classmethod
    def joined(cls, parts: Sequence[LongFigures]) -> LongFigures:
        """The parts' rows one after another, in the parts' order."""
        return cls(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)))

    def taken(self, rows: np.ndarray) -> LongFigures:
        """The rows that `rows` (a mask, or positions) picks."""
        return LongFigures(*(getattr(self, f.name)[rows] for f in fields(self)))

    def frame(self, keys: RowKeys) -> pd.DataFrame:
        """The rows as a DataFrame whose council, ref, breakdown and breakdown value are categories."""
        return pd.DataFrame(
            {
                "council": pd.Categorical.from_codes(self.council, dtype=keys.councils),
                "month": self.month,
                "ref": pd.Categorical.from_codes(self.ref, dtype=keys.refs),
                "breakdown": pd.Categorical.from_codes(self.breakdown, dtype=keys.breakdowns),
                "breakdown_value": pd.Categorical.from_codes(
                    self.breakdown_value, dtype=keys.breakdown_values
                ),
                "numerator": self.numerator,
                "denominator": self.denominator,
            }
        )


def long_figures(wide: pa.Table, indicators: Sequence[Indicator], keys: RowKeys) -> LongFigures:
    """One query's wide `n__REF`/`d__REF` columns → one row per council, month, ref and breakdown.

    Built from whole columns: each figure's rows are the wide table's rows, in order."""
    figures = [
        (ind, suffix, breakdown, value)
        for ind in indicators
        for suffix, breakdown, value in [
            (None, _ALL, _ALL),
            *((b.value, b.name, b.value) for b in ind.breakdowns),
        ]
    ]
    rows = wide.num_rows
    missing = np.full(rows, np.nan)
    names = set(wide.column_names)

    def column(name: str, divisor: int = 1) -> np.ndarray:
        if name not in names:
            return missing
        values = wide[name]
        # WF3's and WF4's exact FTE sums (decimals) are each converted as Python's float() does.
        exact = (
            values.to_pylist() if pa.types.is_decimal(values.type) else values.to_numpy(zero_copy_only=False)
        )
        return np.asarray(exact, dtype="float64") / divisor

    councils = pc.index_in(wide["council"], value_set=pa.array(keys.councils.categories, pa.string()))
    if councils.null_count:
        raise ValueError("a query returned a council outside its batch")
    return LongFigures(
        council=np.tile(councils.to_numpy(zero_copy_only=False).astype("int64"), len(figures)),
        month=np.tile(wide["month"].to_numpy(zero_copy_only=False).astype("int64"), len(figures)),
        ref=np.repeat(keys.codes("refs", [i.ref for i, _, _, _ in figures]), rows),
        breakdown=np.repeat(keys.codes("breakdowns", [b for _, _, b, _ in figures]), rows),
        breakdown_value=np.repeat(keys.codes("breakdown_values", [v for _, _, _, v in figures]), rows),
        numerator=np.concatenate(
            [
                column(kinds.numerator_column(ind.ref, suffix), kinds.numerator_divisor(ind))
                for ind, suffix, _, _ in figures
            ]
            or [missing[:0]]
        ),
        denominator=np.concatenate(
            [column(kinds.denominator_column(ind.ref, suffix)) for ind, suffix, _, _ in figures]
            or [missing[:0]]
        ),
    )


def tidy_batch(
    parts: list[LongFigures],
    keys: RowKeys,
    dataset: Dataset,
    catalogue: Catalogue,
    settings: ComputeSettings,
    populations: Mapping[tuple[str, int], int],
) -> pa.Table:
    """One batch's `long_figures` → its rows of the results, in report order."""
    empty = pa.table({"council": pa.array([], pa.string()), "month": pa.array([], pa.int64())})
    figures = LongFigures.joined(parts) if parts else long_figures(empty, [], keys)
    indicators = {i.ref: i for i in catalogue.indicators}
    reported = figures.taken(_reported(figures, keys, indicators, settings.first_month))
    monthly = reported.frame(keys)
    per_ref = _per_ref(reported.ref, keys, indicators)
    # Rates: the denominator is the 0-17 population of the reporting year containing the period.
    is_rate = per_ref(lambda i: i.kind is Kind.RATE_PER_10K)
    months, month_of_row = np.unique(monthly.month.to_numpy(), return_inverse=True)
    population_year = np.array([settings.population_year_for(int(m)) for m in months], dtype="int64")[
        month_of_row
    ]
    numerator = monthly.numerator.to_numpy(dtype="float64", copy=True)
    denominator = monthly.denominator.to_numpy(dtype="float64", copy=True)
    denominator[is_rate] = _populations(monthly.council, population_year, is_rate, settings, populations)
    has_denominator = denominator > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(has_denominator, numerator / denominator, np.nan)
        per_10k = np.where(has_denominator, numerator * 10_000 / denominator, np.nan)
    value = numerator.copy()
    # A bespoke figure measured as a percentage, in days or per worker is its numerator over its denominator.
    ratio = per_ref(
        lambda i: i.kind in _VALUE_IS_RATIO or (i.kind is Kind.BESPOKE and i.unit in _RATIO_UNITS)
    )
    value[ratio] = share[ratio]
    value[is_rate] = per_10k[is_rate]
    is_max = per_ref(lambda i: i.kind is Kind.CASELOAD_MAX)
    value[is_max] = np.where(has_denominator, numerator, np.nan)[is_max]
    rows = assign_statuses(
        monthly.assign(
            numerator=numerator, denominator=denominator, value=value, population_year=population_year
        ),
        is_rate,
        dataset,
        indicators,
        settings,
    )
    return _results_table(rows, dataset, catalogue, indicators, keys)


def _per_ref(
    codes: np.ndarray, keys: RowKeys, indicators: Mapping[str, Indicator]
) -> Callable[[Callable[[Indicator], Any]], np.ndarray]:
    """fact → that fact of each row's indicator, worked out once per ref and taken by the rows' ref
    codes (of `keys.refs`)."""

    def fact_of_rows(fact: Callable[[Indicator], Any]) -> np.ndarray:
        per_category = [fact(indicators[r]) for r in keys.refs.categories]
        dtype = bool if all(isinstance(f, bool) for f in per_category) else object
        return np.asarray(per_category, dtype=dtype)[codes] if per_category else np.array([], dtype=dtype)

    return fact_of_rows


def _populations(
    councils: pd.Series,
    population_year: np.ndarray,
    is_rate: np.ndarray,
    settings: ComputeSettings,
    overrides: Mapping[tuple[str, int], int],
) -> np.ndarray:
    """Each rate row's population of children aged 0-17 (NaN where none is known)."""
    names = councils.cat.categories
    code = councils.cat.codes.to_numpy()[is_rate].astype("int64")
    year = population_year[is_rate]
    pair = code * 100_000 + year  # a council's code and a year, as one integer
    pairs = np.unique(pair)
    wanted = [(names[p // 100_000], int(p % 100_000)) for p in pairs]
    known = population_table(overrides, settings.population, wanted)
    count = np.array([known[w] for w in wanted], dtype="float64")  # None → NaN
    return count[np.searchsorted(pairs, pair)] if len(pairs) else np.array([], dtype="float64")


def _reported(
    figures: LongFigures, keys: RowKeys, indicators: Mapping[str, Indicator], first_month: int
) -> np.ndarray:
    """The rows the results report: every month from the first, and for a quarterly figure the row of
    each quarter's last month, from the last complete quarter on or before the first month (a run of
    January alone reports the quarter to December)."""
    quarterly = _per_ref(figures.ref, keys, indicators)(lambda i: i.period_basis is PeriodBasis.QUARTER)
    month = figures.month
    quarter_end = (month % 12 + 1) % 3 == 0
    first_quarter_end = first_month - (first_month % 12 + 1) % 3
    reported: np.ndarray = (~quarterly & (month >= first_month)) | (
        quarterly & quarter_end & (month >= first_quarter_end)
    )
    return reported


def _results_table(
    rows: pd.DataFrame,
    dataset: Dataset,
    catalogue: Catalogue,
    indicators: Mapping[str, Indicator],
    keys: RowKeys,
) -> pa.Table:
    """The rows as the results' Arrow table, in report order: council, the catalogue's order of refs,
    period, then the main figure and its breakdowns in the order the catalogue lists them (age bands
    youngest first, not alphabetical)."""
    council = rows.council.cat.codes.to_numpy()
    ref = rows.ref.cat.codes.to_numpy()
    breakdown_value = rows.breakdown_value.cat.codes.to_numpy()
    period_end = rows.period_end.to_numpy(dtype="datetime64[D]")
    # Within a ref and period, rows keep `long_figures`' order: the main figure, then its breakdowns
    # in the order the catalogue lists them. The sort is stable.
    order = np.lexsort((period_end.astype("int64"), ref, council))  # the last key sorts first

    def taken(values: Sequence[Any] | pd.Index, codes: np.ndarray, type_: pa.DataType) -> pa.Array:
        return pc.take(pa.array(list(values), type_), pa.array(codes[order], pa.int64()))

    def per_ref(fact: Callable[[Indicator], str]) -> pa.Array:
        return taken([fact(indicators[r]) for r in keys.refs.categories], ref, pa.string())

    def figure(name: str) -> pa.Array:  # a missing figure (NaN) is null, as in any other column
        return pa.array(rows[name].to_numpy(dtype="float64")[order], pa.float64(), from_pandas=True)

    extract = dict(dataset.extract_dates)
    columns = {
        "council": taken(keys.councils.categories, council, pa.string()),
        "ref": taken(keys.refs.categories, ref, pa.string()),
        "period_start": pa.array(rows.period_start.to_numpy(dtype="datetime64[D]")[order], pa.date32()),
        "period_end": pa.array(period_end[order], pa.date32()),
        "period_basis": per_ref(lambda i: i.period_basis.value),
        "unit": per_ref(lambda i: i.unit.value),
        "breakdown": taken(keys.breakdowns.categories, rows.breakdown.cat.codes.to_numpy(), pa.string()),
        "breakdown_value": taken(keys.breakdown_values.categories, breakdown_value, pa.string()),
        "value": figure("value"),
        "numerator": figure("numerator"),
        "denominator": figure("denominator"),
        "status": pa.array(rows.status.to_numpy(dtype=object)[order], pa.string()),
        "note": pa.array(rows.note.to_numpy(dtype=object)[order], pa.string()),
        "extract_date": taken([extract.get(c) for c in keys.councils.categories], council, pa.date32()),
        "catalogue_hash": taken([catalogue.catalogue_hash], np.zeros(len(rows), dtype="int64"), pa.string()),
        "definition_hash": per_ref(lambda i: i.definition_hash),
    }
    return pa.table(columns, schema=RESULTS_SCHEMA)


__all__ = ["LongFigures", "RowKeys", "long_figures", "tidy_batch"]
