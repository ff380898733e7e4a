"""What a compute run needs to know beyond the data: the period, the window and the council's choices.

A plain frozen value, so the engine does not depend on how the configuration file is read;
`from_config` adapts the council configuration once it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from csc_scorecard.engine.calendar import month_index, parse_month

# (council code, mid-year of the estimate) → children aged 0-17, or None when unknown.
PopulationLookup = Callable[[str, int], int | None]


def _no_population(council: str, year: int) -> int | None:
    return None


def default_population_lookup() -> PopulationLookup:
    """The ONS table shipped in `csc_scorecard.reference`; a council it does not know has no population."""
    from csc_scorecard import reference

    def lookup(council: str, year: int) -> int | None:
        try:
            return reference.population_0_17(council, year)
        except KeyError:  # reference.UnknownCodeError, e.g. a test council "999"
            return None

    return lookup


@dataclass(frozen=True)
class ComputeSettings:
    """One compute run's settings.

    Example:
        >>> ComputeSettings.for_period("2023-01", months=36).last_month
        24276
    """

    last_month: int  # month index of the reporting month (see engine.calendar)
    months: int = 36  # how many months of results, ending with last_month
    engine: str = "duckdb"
    # Involvement role codes that mean "allocated social worker"; empty = every involvement counts (caveat).
    allocated_worker_roles: tuple[str, ...] = ()
    # Local standards by name, e.g. {"cp_visit_days": 10}; none of the first slice needs one.
    standards: dict[str, int] = field(default_factory=dict)
    # None: the population of the DfE reporting year containing each month; a year: that year for all.
    population_year: int | None = None
    population: PopulationLookup = field(default=_no_population, compare=False)
    # Working hours: (0, 24) = clock hours on working days; (9, 17) = office hours.
    working_hours: tuple[float, float] = (0.0, 24.0)

    @classmethod
    def for_period(cls, period: str, months: int = 36, **options: Any) -> ComputeSettings:
        if months < 1:
            raise ValueError(f"months must be at least 1, got {months}")
        return cls(last_month=parse_month(period), months=months, **options)

    @property
    def first_month(self) -> int:
        return self.last_month - self.months + 1

    @property
    def spine_start(self) -> int:
        # Rolling 12-month and year-to-date windows reach back at most 11 months before a period.
        return self.first_month - 11

    def population_year_for(self, month: int) -> int:
        """The DfE reporting year (April to March) containing the month, named by its mid-year (June) estimate.

        January 2023 is in 2022-23, whose mid-year point is June 2022: the mid-2022 estimate.
        """
        if self.population_year is not None:
            return self.population_year
        year, number = month // 12, month % 12 + 1
        return year if number >= 4 else year - 1


def from_config(config: Any, period: str, months: int = 36, engine: str = "duckdb") -> ComputeSettings:
    """Settings from a `csc_scorecard.config.CouncilConfig`: roles, working hours and population vintage."""
    hours = config.standards.working_hours
    if hours.rule == "office_hours":
        start, end = hours.office_start, hours.office_end
        working_hours = (start.hour + start.minute / 60, end.hour + end.minute / 60)
    else:
        working_hours = (0.0, 24.0)
    vintage = config.population.vintage
    return ComputeSettings.for_period(
        period,
        months=months,
        engine=engine,
        allocated_worker_roles=tuple(config.roles.allocated_social_worker),
        population_year=vintage if isinstance(vintage, int) else None,
        population=default_population_lookup(),
        working_hours=working_hours,
    )


__all__ = ["ComputeSettings", "PopulationLookup", "default_population_lookup", "from_config", "month_index"]
