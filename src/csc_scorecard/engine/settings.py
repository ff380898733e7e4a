"""What a compute run needs to know beyond the data: the period, the window and the council's choices.

A plain frozen value, so the engine does not depend on how the configuration file is read;
`from_config` adapts the council configuration once it exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    # Local standards by name and unit, e.g. {"cp_visit_within_days": 10, "cp_visit_within_months": 1};
    # `standard_settings` turns the configuration's [standards] into these.
    standards: dict[str, int] = field(default_factory=dict)
    # Involvement role codes of personal advisers (care leavers' workers, WF13).
    personal_adviser_roles: tuple[str, ...] = ()
    # None: the population of the DfE reporting year containing each month; a year: that year for all.
    population_year: int | None = None
    population: PopulationLookup = field(default=_no_population, compare=False)
    # Working hours: (0, 24) = clock hours on working days; (9, 17) = office hours.
    working_hours: tuple[float, float] = (0.0, 24.0)
    # Service names as the case system writes them → receiving-service codes ([services.map]);
    # a canonical code (FRONT_DOOR, EARLY_HELP_HUB ...) always stands for itself.
    service_map: Mapping[str, str] = field(default_factory=dict, compare=False)
    # Team ids → scorecard team groups ([teams.map]: CSW, COMPLEX_SAFEGUARDING ...); unmapped = OTHER.
    team_groups: Mapping[str, str] = field(default_factory=dict, compare=False)
    # The configured home council: (DfE code, ONS code, name), used beside the shipped council list
    # to tell a placement inside the council from one outside it (CF7).
    home_council: tuple[str, ...] = ()
    # DuckDB runs the catalogue over councils in batches of about this many input rows, so a run over
    # many councils peaks at the memory of one batch (engine.batches); a council is never split.
    batch_rows: int = 10_000_000

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
        personal_adviser_roles=tuple(config.roles.personal_adviser),
        standards=standard_settings(config.standards),
        population_year=vintage if isinstance(vintage, int) else None,
        population=default_population_lookup(),
        working_hours=working_hours,
        service_map={name: code.value for name, code in config.services.map.items()},
        team_groups={team: group.value for team, group in config.teams.map.items()},
        home_council=(config.council.dfe_code, config.council.ons_code, config.council.name),
    )


def standard_settings(standards: Any) -> dict[str, int]:
    """The configuration's local standards as `{name_unit: amount}`: "6 weeks" → {"..._weeks": 6}.

    Only the standards the engine reads are passed on; an interval keeps its unit in the key so
    "1 month" (calendar months) and "28 days" stay different rules.
    """
    out: dict[str, int] = {}
    for name in ("cp_visit_within", "cp_visit_min_plan_length", "early_help_step_down_window"):
        interval = getattr(standards, name, None)
        if interval is not None:
            out[f"{name}_{interval.unit}"] = interval.amount
    if getattr(standards, "cla_visit_rule", "regulation_28") == "every_6_weeks":
        out["cla_visit_every_6_weeks"] = 1
    return out


__all__ = ["ComputeSettings", "PopulationLookup", "default_population_lookup", "from_config", "month_index"]
