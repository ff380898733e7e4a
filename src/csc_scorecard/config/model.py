"""The council configuration as typed, frozen values: one model per `[table]` of council.toml.

Every model forbids unknown keys, so a typo is an error rather than a setting that silently does
nothing. docs/configuration.md describes each setting; keep the two in step.
"""

from __future__ import annotations

import re
import typing
from datetime import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from csc_scorecard.config.targets import (
    Polarity,
    Target,
    check_financial_year,
    financial_year_start,
    parse_target_value,
    toml_value_text,
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _pattern(name: str, regex: str, expected: str) -> BeforeValidator:
    """A text check whose error says what was expected, in the analyst's terms."""
    compiled = re.compile(regex)

    def check(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # dfe_code = 357 is as natural to write as "357"
        if isinstance(value, str) and compiled.match(value):
            return value
        raise PydanticCustomError(
            name, f"expected {expected}; found {{found}}", {"found": toml_value_text(value)}
        )

    return BeforeValidator(check)


IndicatorRef = Annotated[
    str, _pattern("ref", r"^[A-Z]{2,3}\d+[a-z]?$", "an indicator reference such as CIN8")
]
DfeCode = Annotated[str, _pattern("dfe_code", r"^\d{3}$", 'a DfE council code of 3 digits such as "357"')]
OnsCode = Annotated[
    str, _pattern("ons_code", r"^E\d{8}$", 'an ONS code of E and 8 digits such as "E08000008"')
]
GroupName = Annotated[str, _pattern("group", r"^[A-Za-z][A-Za-z0-9_]*$", "a name of letters, digits and _")]
FinancialYear = Annotated[str, BeforeValidator(check_financial_year)]
TargetValue = Annotated[Target, BeforeValidator(parse_target_value)]
Text = Annotated[str, Field(min_length=1)]


class SectionCode(StrEnum):
    FD = "FD"
    EH = "EH"
    CIN = "CIN"
    CF = "CF"
    SG = "SG"
    WF = "WF"


class ServiceCode(StrEnum):
    """Canonical receiving services (the `receiving_service` code list of the input contract)."""

    FRONT_DOOR = "FRONT_DOOR"
    OUT_OF_HOURS = "OUT_OF_HOURS"
    EARLY_HELP_HUB = "EARLY_HELP_HUB"
    NEIGHBOURHOOD = "NEIGHBOURHOOD"
    OTHER = "OTHER"


class TeamGroup(StrEnum):
    CSW = "CSW"
    ISCAN = "ISCAN"
    CFC = "CFC"
    ADOPTION = "ADOPTION"
    LEAVING_CARE = "LEAVING_CARE"
    COMPLEX_SAFEGUARDING = "COMPLEX_SAFEGUARDING"
    FRONT_DOOR = "FRONT_DOOR"
    EARLY_HELP = "EARLY_HELP"
    OTHER = "OTHER"


class ToleranceBasis(StrEnum):
    """How a RAG tolerance is measured."""

    AUTO = "auto"  # percentage points for percentage indicators, relative (% of target) for the rest
    POINTS = "points"  # in the indicator's own units (percentage points for a percentage)
    RELATIVE = "relative"  # percent of the target value


DateFormat = Literal["auto", "dd/mm/yyyy", "mm/dd/yyyy", "yyyy-mm-dd", "excel"]
DATE_FORMATS: tuple[str, ...] = typing.get_args(DateFormat)


# --- [council] [report] -----------------------------------------------------------------------------


class CouncilIdentity(_Frozen):
    dfe_code: DfeCode
    ons_code: OnsCode
    name: Text


class SectionTitles(_Frozen):
    FD: Text = "Front Door"
    EH: Text = "Early Help"
    CIN: Text = "Child in Need and Child Protection"
    CF: Text = "Cared for Children"
    SG: Text = "Safeguarding and Quality Assurance"
    WF: Text = "Workforce"


class ReportSettings(_Frozen):
    title: Text = "Performance and Quality Assurance Scorecard"
    protective_marking: str = "OFFICIAL-SENSITIVE"
    sections: SectionTitles = SectionTitles()


# --- [indicators] -----------------------------------------------------------------------------------


class LocalIndicator(_Frozen):
    """An indicator the council adds to the catalogue; `kind` and `params` are checked by the catalogue."""

    ref: IndicatorRef
    title: Text
    section: SectionCode
    kind: Text
    polarity: Polarity | None = None
    params: dict[str, Any] = {}


class IndicatorOverlay(_Frozen):
    include: tuple[IndicatorRef, ...] = ()  # empty: every catalogue indicator
    exclude: tuple[IndicatorRef, ...] = ()
    order: tuple[IndicatorRef, ...] = ()  # these first, in this order; the rest keep catalogue order
    rename: dict[IndicatorRef, Text] = {}
    local: tuple[LocalIndicator, ...] = ()


# --- [targets] --------------------------------------------------------------------------------------


class RagTolerance(_Frozen):
    amount: float
    basis: ToleranceBasis


def _split_settings(value: Any, settings: set[str], rest: str) -> Any:
    """Move the keys of a table that are not settings into `rest`: `[targets.CIN8]` holds both
    settings (polarity) and financial years, so that the TOML stays flat for the person writing it."""
    if not isinstance(value, dict):
        return value
    split = {key: item for key, item in value.items() if key in settings}
    split[rest] = {key: item for key, item in value.items() if key not in settings}
    return split


class IndicatorTargets(_Frozen):
    """`[targets.CIN8]`: a target per financial year, and optional overrides for this indicator."""

    polarity: Polarity | None = None
    tolerance: Annotated[float, Field(ge=0)] | None = None
    tolerance_basis: ToleranceBasis | None = None
    by_year: dict[FinancialYear, TargetValue] = {}

    @model_validator(mode="before")
    @classmethod
    def _years(cls, value: Any) -> Any:
        return _split_settings(value, {"polarity", "tolerance", "tolerance_basis"}, "by_year")


class TargetSettings(_Frozen):
    """`[targets]`: the RAG tolerance for every indicator, then one `[targets.REF]` table per indicator."""

    tolerance: Annotated[float, Field(ge=0)] = 5.0
    tolerance_basis: ToleranceBasis = ToleranceBasis.AUTO
    by_ref: dict[IndicatorRef, IndicatorTargets] = {}

    @model_validator(mode="before")
    @classmethod
    def _refs(cls, value: Any) -> Any:
        return _split_settings(value, {"tolerance", "tolerance_basis"}, "by_ref")

    def target(self, ref: str, financial_year: str) -> Target | None:
        entry = self.by_ref.get(ref)
        return entry.by_year.get(financial_year) if entry else None

    def polarity(self, ref: str) -> Polarity | None:
        """The council's polarity override for `ref`, or None to use the catalogue's."""
        entry = self.by_ref.get(ref)
        return entry.polarity if entry else None

    def tolerance_for(self, ref: str) -> RagTolerance:
        entry = self.by_ref.get(ref)
        amount = entry.tolerance if entry and entry.tolerance is not None else self.tolerance
        basis = entry.tolerance_basis if entry and entry.tolerance_basis is not None else self.tolerance_basis
        return RagTolerance(amount=amount, basis=basis)

    @property
    def count(self) -> int:
        """How many (indicator, year) targets are set."""
        return sum(len(entry.by_year) for entry in self.by_ref.values())


# --- [comparators] [comparator_groups] --------------------------------------------------------------


def _year_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class ComparatorSettings(_Frozen):
    # "auto": the 2021 statistical neighbour groupings for years up to 2023-24, the 2025 model after.
    statistical_neighbours: Annotated[Literal["auto", "2021", "2025"], BeforeValidator(_year_text)] = "auto"
    # ref or published measure → the financial year of the release to compare with, instead of the
    # latest one published on or before the extract date (e.g. to reproduce a scorecard already issued).
    years: dict[Text, FinancialYear] = {}

    def neighbour_model(self, financial_year: str) -> Literal["2021", "2025"]:
        if self.statistical_neighbours != "auto":
            return self.statistical_neighbours
        return "2021" if financial_year_start(financial_year) <= 2023 else "2025"


class ComparatorGroup(_Frozen):
    label: Text
    councils: Annotated[tuple[DfeCode, ...], Field(min_length=1)]
    include_home: StrictBool = False  # whether the home council counts in its own group's mean


# --- [services] [teams] [roles] ---------------------------------------------------------------------


class ServiceMap(_Frozen):
    """Receiving-service names as the case system writes them → canonical service codes."""

    map: dict[Text, ServiceCode] = {}
    display_names: dict[ServiceCode, Text] = {}

    def code_for(self, name: str) -> ServiceCode | None:
        """The canonical code for a service name (a canonical code maps to itself), or None."""
        if name in self.map:
            return self.map[name]
        return ServiceCode(name) if name in ServiceCode.__members__ else None

    def display_name(self, code: ServiceCode) -> str:
        return self.display_names.get(code, DEFAULT_SERVICE_NAMES[code])


DEFAULT_SERVICE_NAMES = {
    ServiceCode.FRONT_DOOR: "Front door",
    ServiceCode.OUT_OF_HOURS: "Out of hours",
    ServiceCode.EARLY_HELP_HUB: "Early help hub",
    ServiceCode.NEIGHBOURHOOD: "Neighbourhood",
    ServiceCode.OTHER: "Other",
}


class TeamMap(_Frozen):
    """Team ids (`dept_team_id`) → scorecard team groups; unmapped teams count as OTHER."""

    map: dict[Text, TeamGroup] = {}
    display_names: dict[TeamGroup, Text] = {}

    def group_for(self, team_id: str) -> TeamGroup:
        return self.map.get(team_id, TeamGroup.OTHER)

    def display_name(self, group: TeamGroup) -> str:
        return self.display_names.get(group, DEFAULT_TEAM_GROUP_NAMES[group])


DEFAULT_TEAM_GROUP_NAMES = {
    TeamGroup.CSW: "Children's Social Work",
    TeamGroup.ISCAN: "Children with Additional Needs",
    TeamGroup.CFC: "Cared for Children",
    TeamGroup.ADOPTION: "Adoption",
    TeamGroup.LEAVING_CARE: "Leaving Care",
    TeamGroup.COMPLEX_SAFEGUARDING: "Complex Safeguarding",
    TeamGroup.FRONT_DOOR: "Front Door",
    TeamGroup.EARLY_HELP: "Early Help",
    TeamGroup.OTHER: "Other",
}


class RoleCodes(_Frozen):
    """Involvement role codes (`invo_professional_role_id`) with a scorecard meaning."""

    allocated_social_worker: tuple[Text, ...] = ()
    personal_adviser: tuple[Text, ...] = ()


# --- [standards] ------------------------------------------------------------------------------------

_INTERVAL = re.compile(r"^\s*(\d+)\s+(working days?|days?|weeks?|months?)\s*$")
IntervalUnit = Literal["days", "working_days", "weeks", "months"]


class Interval(_Frozen):
    """A length of time written as text: "28 days", "10 working days", "6 weeks", "1 month"."""

    amount: Annotated[int, Field(ge=1)]
    unit: IntervalUnit

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, dict | Interval):
            return value
        match = _INTERVAL.match(value) if isinstance(value, str) else None
        if not match or int(match.group(1)) < 1:
            raise PydanticCustomError(
                "interval",
                'expected a length of time such as "28 days", "10 working days", "6 weeks" or "1 month"; '
                "found {found}",
                {"found": toml_value_text(value)},
            )
        unit = match.group(2).removesuffix("s").replace(" ", "_") + "s"
        return {"amount": int(match.group(1)), "unit": unit}

    def __str__(self) -> str:
        unit = self.unit.replace("_", " ")
        return f"{self.amount} {unit if self.amount != 1 else unit.removesuffix('s')}"


def _clock_time(value: Any) -> Any:
    if isinstance(value, str) and re.match(r"^\d{1,2}:\d{2}$", value.strip()):
        hours, minutes = value.strip().split(":")
        if int(hours) < 24 and int(minutes) < 60:
            return time(int(hours), int(minutes))
    if isinstance(value, time):
        return value
    raise PydanticCustomError(
        "clock_time",
        'expected a time of day such as "09:00"; found {found}',
        {"found": toml_value_text(value)},
    )


ClockTime = Annotated[time, BeforeValidator(_clock_time)]


class WorkingHours(_Frozen):
    """How "within 72 working hours" is counted."""

    # clock hours with weekends and bank holidays removed (72 hours = 3 working days), or only office hours
    rule: Literal["clock_hours_on_working_days", "office_hours"] = "clock_hours_on_working_days"
    office_start: ClockTime = time(9, 0)
    office_end: ClockTime = time(17, 0)

    @model_validator(mode="after")
    def _office_day(self) -> WorkingHours:
        if self.office_start >= self.office_end:
            raise PydanticCustomError("office_hours", "office_start must be before office_end")
        return self


def _pep_currency(value: Any) -> Any:
    if value == "termly" or isinstance(value, Interval):
        return value
    try:
        return Interval.model_validate(value)
    except ValidationError:
        raise PydanticCustomError(
            "pep_currency",
            'expected "termly" or a length of time such as "6 months" or "183 days"; found {found}',
            {"found": toml_value_text(value)},
        ) from None


class Standards(_Frozen):
    """Local practice standards: no national rule fixes these (ssd-mapping.md D12, D15)."""

    cp_visit_within: Interval = Interval(amount=1, unit="months")
    cp_visit_min_plan_length: Interval = Interval(amount=1, unit="months")
    cla_visit_rule: Literal["regulation_28", "every_6_weeks"] = "regulation_28"
    cin_review_within: Interval = Interval(amount=3, unit="months")
    working_hours: WorkingHours = WorkingHours()
    # "termly": a PEP in the current school term; or a length of time such as "6 months"
    pep_currency: Annotated[Literal["termly"] | Interval, BeforeValidator(_pep_currency)] = "termly"
    early_help_step_down_window: Interval = Interval(amount=28, unit="days")


# --- [population] [dates] [history] -----------------------------------------------------------------


def _vintage(value: Any) -> Any:
    if value == "reporting_year" or (
        isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100
    ):
        return value
    raise PydanticCustomError(
        "vintage",
        'expected "reporting_year" or a year such as 2021; found {found}',
        {"found": toml_value_text(value)},
    )


class PopulationSettings(_Frozen):
    # "reporting_year": the population of the DfE reporting year that contains the period;
    # a year (e.g. 2021) fixes the vintage, to reproduce a published scorecard.
    vintage: Annotated[Literal["reporting_year"] | int, BeforeValidator(_vintage)] = "reporting_year"


class DateSettings(_Frozen):
    """`[dates]`: `default`, then one key per table whose dates are written differently."""

    model_config = ConfigDict(frozen=True, extra="allow")
    __pydantic_extra__: dict[str, DateFormat] = Field(init=False)

    default: DateFormat = "auto"

    def as_dict(self) -> dict[str, str]:
        return {"default": self.default, **(self.model_extra or {})}


class HistorySettings(_Frozen):
    path: Text = "history"


# --- the whole file ---------------------------------------------------------------------------------


class CouncilConfig(_Frozen):
    """One council's configuration, as loaded from council.toml. Build it with `load_config`."""

    council: CouncilIdentity
    report: ReportSettings = ReportSettings()
    indicators: IndicatorOverlay = IndicatorOverlay()
    targets: TargetSettings = TargetSettings()
    comparators: ComparatorSettings = ComparatorSettings()
    comparator_groups: dict[GroupName, ComparatorGroup] = {}
    services: ServiceMap = ServiceMap()
    teams: TeamMap = TeamMap()
    roles: RoleCodes = RoleCodes()
    value_maps: dict[str, dict[str, dict[Text, Text]]] = {}  # table → column → description → code
    standards: Standards = Standards()
    population: PopulationSettings = PopulationSettings()
    dates: DateSettings = DateSettings()
    history: HistorySettings = HistorySettings()

    # Where it was read from: for relative paths and for messages with line numbers.
    _file_name: str = PrivateAttr(default="council.toml")
    _folder: Path | None = PrivateAttr(default=None)
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)

    @property
    def date_formats(self) -> dict[str, str]:
        """Table name (or "default") → date format of that table's files."""
        return self.dates.as_dict()

    @property
    def history_dir(self) -> Path:
        """The history store folder; a relative path is taken from the configuration file's folder."""
        path = Path(self.history.path)
        return path if path.is_absolute() else (self._folder or Path.cwd()) / path

    def check_against(self, known_refs: set[str], known_kinds: set[str]) -> list[str]:
        """Problems against the indicator catalogue: unknown refs and kinds, each with its line."""
        from csc_scorecard.config.loader import check_against_catalogue

        return check_against_catalogue(self, self._file_name, self._lines, known_refs, known_kinds)
