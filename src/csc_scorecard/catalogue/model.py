"""The indicator record: one frozen, typed value per catalogue entry (see docs/indicators.md).

The closed lists here (kinds, units, period bases, count units) are the vocabulary every
catalogue file is checked against when it is loaded.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer


class Section(StrEnum):
    """The six sections of the scorecard, in report order."""

    FD = "fd"  # front door
    EH = "eh"  # early help
    CIN = "cin"  # child in need and child protection
    CF = "cf"  # cared-for children
    SG = "sg"  # safeguarding and quality assurance
    WF = "wf"  # workforce

    @property
    def heading(self) -> str:
        """The section's title in the report, e.g. "Front Door"."""
        return _SECTION_TITLES[self]


_SECTION_TITLES = {
    Section.FD: "Front Door",
    Section.EH: "Early Help",
    Section.CIN: "Child in Need and Child Protection",
    Section.CF: "Cared for Children",
    Section.SG: "Safeguarding and Quality Assurance",
    Section.WF: "Workforce",
}


class Kind(StrEnum):
    """The closed list of ways an indicator is computed; each is implemented once in `engine.kinds`."""

    COUNT = "count"  # rows of a view whose date falls in the period
    OPEN_AT_DATE = "open_at_date"  # episodes (or children) open at the period's end date
    DISTINCT_CHILDREN = "distinct_children"  # children with at least one row in the period
    PROPORTION = "proportion"  # one count over another, both from the same view
    RATE_PER_10K = "rate_per_10k"  # a count per 10,000 children aged 0-17
    MEAN_DURATION = "mean_duration"  # mean days between two dates of the rows in the period
    WITHIN_WORKING_DAYS = "within_working_days"  # share of rows whose end is within N working days of start
    WITHIN_WORKING_HOURS = "within_working_hours"  # the same, in working hours
    CASELOAD_MEAN = "caseload_mean"  # children per case-holding worker at the date
    CASELOAD_MAX = "caseload_max"  # the highest individual caseload at the date
    BESPOKE = "bespoke"  # one registered function (catalogue.registry), same signature as a kind


class Unit(StrEnum):
    """What the value is measured in (formatting happens only at render time)."""

    COUNT = "count"
    PERCENT = "percent"  # stored as a fraction 0-1
    RATE_PER_10K = "rate_per_10k"
    DAYS = "days"
    CASES_PER_WORKER = "cases_per_worker"


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEUTRAL = "neutral"  # a context measure: neither direction is good or bad


class PeriodBasis(StrEnum):
    """Which dates a figure for a reporting month covers."""

    MONTH = "month"  # the calendar month
    MONTH_END = "month_end"  # a snapshot at the last day of the month
    ROLLING_12_MONTHS = "rolling_12_months"  # the 12 months ending with the month
    FINANCIAL_YEAR_TO_DATE = "financial_year_to_date"  # 1 April to the month's end
    QUARTER = "quarter"  # the last complete financial quarter

    @property
    def spc_allowed(self) -> bool:
        # Overlapping windows make successive points dependent: SPC rules assume they are not.
        return self in (PeriodBasis.MONTH, PeriodBasis.MONTH_END)


class CountUnit(StrEnum):
    """What one counted thing is."""

    CHILDREN = "children"
    FAMILIES = "families"
    EPISODES = "episodes"  # records: contacts, referrals, assessments, enquiries, plans, placements
    MEETINGS = "meetings"


class RelationType(StrEnum):
    """How this indicator relates to another; declared on the derived figure (public-mode suppression reads it)."""

    PART_OF = "part_of"  # this count is a part of the other ref's total
    COUNT_OF = "count_of"  # this rate (or percentage) has the other ref as its count
    DENOMINATOR = "denominator"  # the other ref is this percentage's denominator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Relationship(_Frozen):
    type: RelationType
    ref: str


class OptionalInput(_Frozen):
    """An input that only an exclusion needs: without it the figure is computed with a caveat."""

    table: str
    columns: tuple[str, ...] = ()
    reason: str  # what is not excluded without it, e.g. "transfer-in conferences are not excluded"


class Measure(_Frozen):
    """What to count, in terms of one of the engine's shared views (engine.views)."""

    view: str
    where: str | None = None  # a flag of the view: only these rows (or children) are counted
    numerator: str | None = None  # proportion, timeliness: the flag that makes a row count in the numerator
    start: str | None = None  # mean duration, timeliness: the start date column of the view
    end: str | None = None  # mean duration, timeliness: the end date column of the view
    within: int | None = None  # timeliness: N working days or hours


class RequiredSetting(StrEnum):
    """A part of the council configuration a breakdown cannot be given without (`needs_setting`)."""

    TEAM_MAP = "team_map"  # [teams.map]: without it every team would fall in OTHER


class Breakdown(_Frozen):
    """A second figure alongside the main one, e.g. meetings alongside children conferenced."""

    name: str  # results column `breakdown`, e.g. "count_unit"
    value: str  # results column `breakdown_value`, e.g. "meetings"
    key: str  # the view column counted distinct for this figure
    requires: dict[str, tuple[str, ...]] = Field(
        default_factory=dict
    )  # inputs this figure needs beyond the main one
    # Without this setting the figure is not_available (engine.status), never a misleading count.
    needs_setting: RequiredSetting | None = None

    @model_serializer(mode="wrap")
    def _omit_absent_setting(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Left out when unset, so every breakdown that needs no setting hashes as it did before
        # the field existed (a definition hash changes only when a definition does).
        data: dict[str, Any] = handler(self)
        if data.get("needs_setting") is None:
            data.pop("needs_setting", None)
        return data


class Indicator(_Frozen):
    """One catalogue record."""

    ref: str = Field(pattern=r"^[A-Z]{2,3}\d+[a-z]?$")
    title: str
    section: Section
    kind: Kind
    unit: Unit
    polarity: Polarity
    period_basis: PeriodBasis
    count_unit: CountUnit
    definition: str
    source: str
    requires: dict[str, tuple[str, ...]]  # table → columns, the first table is the primary one
    optional: tuple[OptionalInput, ...] = ()
    measure: Measure
    parameters: dict[str, int | float | str] = Field(default_factory=dict)
    history_months: int = 0  # months of data before the period the definition looks back over
    breakdowns: tuple[Breakdown, ...] = ()
    relationships: tuple[Relationship, ...] = ()

    @property
    def spc(self) -> bool:
        """Whether SPC may be applied to this series (never to rolling, year-to-date or quarterly ones)."""
        return self.period_basis.spc_allowed

    @property
    def primary_table(self) -> str:
        return next(iter(self.requires))

    def canonical(self) -> dict[str, Any]:
        """The record as plain sorted JSON-able data: what the hashes are taken over."""
        return self.model_dump(mode="json")

    @property
    def definition_hash(self) -> str:
        """Stable across runs and machines: a later run can tell a changed definition from a revised figure."""
        return _hash(self.canonical())


def _hash(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Catalogue(_Frozen):
    """Every indicator, in report order (section, then the order of each section's file)."""

    indicators: tuple[Indicator, ...]

    def __getitem__(self, ref: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.ref == ref:
                return indicator
        raise KeyError(ref)

    def __contains__(self, ref: object) -> bool:
        return any(i.ref == ref for i in self.indicators)

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(i.ref for i in self.indicators)

    @property
    def catalogue_hash(self) -> str:
        return _hash([i.canonical() for i in self.indicators])

    def select(self, refs: list[str] | tuple[str, ...]) -> Catalogue:
        """A catalogue of just these refs, in catalogue order."""
        wanted = set(refs)
        return Catalogue(indicators=tuple(i for i in self.indicators if i.ref in wanted))
