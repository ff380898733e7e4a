"""Children aged 0-17 for each council and year: the `ref_population` table first, then the settings' lookup."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csc_scorecard.engine.settings import PopulationLookup
    from csc_scorecard.ingest.dataset import Dataset


def population_overrides(dataset: Dataset) -> dict[tuple[str, int], int]:
    """(council, year) → population from the councils' own `ref_population` rows (none if it is absent).

    Read once per run, before the councils are computed: `compute` makes results tidy on a thread of
    its own, and a DuckDB connection serves one thread at a time.
    """
    overrides: dict[tuple[str, int], int] = {}
    table = dataset.tables.get("ref_population")
    if table is not None and {"year", "population"} <= set(table.columns):
        # A council's own ref_population file speaks for that council, whatever code it writes in la_code.
        for row in table.select("council", "year", "population").to_pyarrow().to_pylist():
            if row["population"] is not None and row["year"] is not None:
                overrides[(str(row["council"]), int(row["year"]))] = int(row["population"])
    return overrides


def population_table(
    overrides: Mapping[tuple[str, int], int], lookup: PopulationLookup, needed: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], int | None]:
    """(council, year) → population for every pair needed; a `ref_population` row (`population_overrides`)
    overrides the lookup."""
    return {
        (council, year): overrides.get((council, year), lookup(council, year)) for council, year in needed
    }
