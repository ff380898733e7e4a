"""What the pandas baselines start from: the columns they need, as DataFrames, and the shared helpers.

The baselines read the same loaded, typed tables as the engine (the bench's DuckDB file), only the
columns they use, as an analyst would select them. Months are integer indexes (year × 12 + month − 1)
as in the engine, so both sides put a row in the same month by the same rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

# table → the columns the slice reads (the same columns the engine's views read).
COLUMNS: dict[str, tuple[str, ...]] = {
    "ssd_contacts": ("cont_contact_date", "cont_contact_outcome_new_referral_flag"),
    "ext_screening": ("scrn_start_dttm", "scrn_completed_dttm", "scrn_outcome", "scrn_is_rfi"),
    "ssd_early_help_episodes": ("earl_episode_id", "earl_episode_start_date", "earl_episode_end_date"),
    "ssd_cin_episodes": ("cine_person_id", "cine_referral_date", "cine_close_date"),
    "ssd_cin_assessments": ("cina_assessment_start_date", "cina_assessment_auth_date"),
    "ssd_s47_enquiry": ("s47e_s47_enquiry_id", "s47e_s47_start_date", "s47e_s47_end_date"),
    "ssd_initial_cp_conference": (
        "icpc_person_id",
        "icpc_icpc_meeting_id",
        "icpc_s47_enquiry_id",
        "icpc_icpc_date",
        "icpc_icpc_transfer_in",
    ),
    "ssd_cp_plans": (
        "cppl_person_id",
        "cppl_cp_plan_start_date",
        "cppl_cp_plan_end_date",
        "cppl_cp_plan_ola",
    ),
    "ssd_cla_episodes": ("clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
    "ssd_legal_status": (
        "lega_person_id",
        "lega_legal_status",
        "lega_legal_status_start_date",
        "lega_legal_status_end_date",
    ),
    "ssd_cla_placement": (
        "clap_cla_placement_id",
        "clap_person_id",
        "clap_cla_placement_start_date",
        "clap_cla_placement_end_date",
        "clap_cla_placement_type",
        "clap_cla_placement_change_reason",
    ),
    "ssd_involvements": (
        "invo_professional_id",
        "invo_person_id",
        "invo_involvement_start_date",
        "invo_involvement_end_date",
    ),
    "ref_population": ("year", "population"),
}


@dataclass
class PandasInputs:
    """The tables (council first), the months to report and the working-day calendar."""

    councils: list[str]
    first_month: int  # the first month reported (month index)
    last_month: int
    tables: dict[str, pd.DataFrame]
    holidays: np.ndarray  # datetime64[D]: England bank holidays and council closure days
    population: dict[tuple[str, int], float] = field(default_factory=dict)
    allocated_worker_roles: tuple[str, ...] = ()

    @property
    def spine_start(self) -> int:
        """Rolling windows reach 11 months before the first month reported."""
        return self.first_month - 11

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def month_of(values: pd.Series) -> pd.Series:
    """The month index of each date (NaN where there is none)."""
    months: pd.Series = values.dt.year * 12 + values.dt.month - 1
    return months


def population_year(month: pd.Series | np.ndarray) -> np.ndarray:
    """The mid-year of the DfE reporting year (April to March) containing the month."""
    m = np.asarray(month, dtype="int64")
    return np.where(m % 12 + 1 >= 4, m // 12, m // 12 - 1)


def read_inputs(
    con: Any,
    first_month: str,
    last_month: str,
    councils: int | None = None,
    results_from: str | None = None,
    allocated_worker_roles: tuple[str, ...] = (),
    batch: Sequence[str] | None = None,
) -> PandasInputs:
    """Read the slice's columns from a DuckDB connection.

    Every council with contacts by default; `councils` keeps N councils of median size (the row-wise
    subset); `batch` reads exactly these councils, as given (one batch of a run in batches).
    """
    from csc_scorecard import reference
    from csc_scorecard.engine.calendar import england_bank_holidays, parse_month

    present = _present_columns(con)
    chosen = list(batch) if batch is not None else _councils_by_size(con, present, councils)
    where = "WHERE council IN (" + ", ".join(f"'{c}'" for c in chosen) + ")" if chosen else ""
    if batch is not None and not chosen:
        where = "WHERE false"  # an empty batch reads nothing, not every council
    tables: dict[str, pd.DataFrame] = {}
    for table, columns in COLUMNS.items():
        available = present.get(table, set())
        wanted = [c for c in columns if c in available]
        if not wanted:
            tables[table] = pd.DataFrame({c: pd.Series(dtype="object") for c in ("council", *columns)})
            continue
        listed = ", ".join(f'"{c}"' for c in ("council", *wanted))
        frame = con.execute(f'SELECT {listed} FROM "{table}" {where}').df()
        for missing in set(columns) - set(wanted):
            frame[missing] = None
        tables[table] = frame
    closures: list[date] = []
    if "ref_working_calendar" in present:
        # As the engine does: a closure day of any council's working calendar is a non-working day.
        rows = con.execute(
            'SELECT DISTINCT "date" FROM ref_working_calendar WHERE NOT is_working_day'
        ).fetchall()
        closures = [d for (d,) in rows if d is not None]
    first, last = parse_month(results_from or first_month), parse_month(last_month)
    bank = england_bank_holidays(date(1990, 1, 1), date(last // 12 + 3, 12, 31))
    holidays = np.array(sorted(set(bank) | set(closures)), dtype="datetime64[D]")
    population: dict[tuple[str, int], float] = {}
    ref_population = tables["ref_population"].dropna(subset=["year", "population"])
    for council in chosen:
        for year in range((first - 11) // 12 - 1, last // 12 + 1):
            found = reference_population(reference, council, year)
            if found is not None:
                population[(council, year)] = float(found)
    for council, year, value in zip(
        ref_population.council, ref_population.year, ref_population.population, strict=True
    ):
        population[(str(council), int(year))] = float(value)
    return PandasInputs(chosen, first, last, tables, holidays, population, allocated_worker_roles)


def _councils_by_size(con: Any, present: dict[str, set[str]], councils: int | None) -> list[str]:
    """Councils with contacts, sorted; with `councils`, the N councils around the median size.

    Councils are sized by their contacts; a subset is the N around the median, so that what is scaled
    up from it is a typical council, not the smallest.
    """
    if "ssd_contacts" not in present:
        return []
    by_size = [
        c
        for (c, _) in con.execute(
            'SELECT council, count(*) AS n FROM "ssd_contacts" GROUP BY council ORDER BY n, council'
        ).fetchall()
    ]
    if councils and councils < len(by_size):
        middle = max(0, len(by_size) // 2 - councils // 2)
        return sorted(by_size[middle : middle + councils])
    return sorted(by_size)


def council_rows(con: Any, councils: Sequence[str]) -> dict[str, int]:
    """Each council's rows over every input table of the bench file, in the order of `councils`.

    This is the count the engine cuts its batches by (a council's `rows_accepted` summed over its
    tables): the bench file holds the accepted rows, one table per input table, each with a
    `council` column. Quarantined rows (`quarantine_<table>`) are not input rows, so only tables
    named after an input table are counted.
    """
    from csc_scorecard.schema import TABLES

    tables = [t for t, columns in _present_columns(con).items() if t in TABLES and "council" in columns]
    if not tables:
        return dict.fromkeys(councils, 0)
    counts = " UNION ALL ".join(f'SELECT council, count(*) AS n FROM "{t}" GROUP BY council' for t in tables)
    found = dict(con.execute(f"SELECT council, sum(n) FROM ({counts}) GROUP BY council").fetchall())
    return {council: int(found.get(council, 0)) for council in councils}


def reference_population(reference: Any, council: str, year: int) -> int | None:
    try:
        value = reference.population_0_17(council, year)
    except KeyError:
        return None
    return int(value) if value is not None else None


def _present_columns(con: Any) -> dict[str, set[str]]:
    rows = con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return out
