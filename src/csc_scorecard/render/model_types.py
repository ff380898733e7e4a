"""The ReportModel's frozen value types: everything a renderer needs, and nothing it has to compute.

Each figure carries its raw value (for Excel and the data sheet) and its text (for HTML and PDF),
both decided once by `report_model.build_report_model` through the shared formatter. No child-level
data ever reaches these types: only aggregates, labels and statuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0."


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One month of an indicator's trend: the value (None when it could not be given) and its SPC limits."""

    period_end: date
    value: float | None
    text: str
    special_cause: str = ""  # "improvement", "concern", "neutral" or "" for common cause
    mean: float | None = None
    upper: float | None = None
    lower: float | None = None


@dataclass(frozen=True, slots=True)
class ComparatorHeader:
    column: str
    label: str  # "England", "Statistical neighbours"
    year_label: str  # "2021-22" when every row of the section shares it, else ""


@dataclass(frozen=True, slots=True)
class ComparatorValue:
    column: str
    value: float | None  # as published: percentages 0-100
    text: str  # as shown; carries its year when the column header does not
    note: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One row of a section's table."""

    ref: str
    title: str  # with its breakdown: "Screenings completed (outcome: early help)"
    indicator_title: str  # without it
    unit: str
    unit_label: str
    polarity: str
    decimals: int
    breakdown_label: str  # "" for the main figure, e.g. "meetings" or "outcome: early help"
    period_note: (
        str  # "" unless the figure covers other dates than the month: "Quarter October to December 2022"
    )
    value: float | None
    numerator: float | None
    denominator: float | None
    current: str
    previous_year_value: float | None
    previous_year: str
    previous_year_change: str  # "up 152", "down 3 points"
    target: str  # as written: "85–90%"
    target_status: str
    comparators: tuple[ComparatorValue, ...]
    direction: str  # improving, worsening, no_change, up, down, not_comparable, ""
    direction_label: str
    direction_arrow: str  # "↑", "↓", "→" or ""
    direction_change: str  # against the basis the direction is read on: "up 152 on December 2022"
    rag: str  # green, amber, red or ""
    rag_label: str
    spc_variation: str
    spc_variation_label: str
    spc_assurance: str
    spc_assurance_label: str
    spc_note: str
    status: str
    status_text: str  # "Not yet available", "Caveat: ..." ("" when ok)
    revision_note: str  # "" unless the figure was revised since first reported
    suppressed: bool
    series: tuple[SeriesPoint, ...]
    chart_label: str  # the accessible name of the trend chart

    @property
    def revised(self) -> bool:
        return bool(self.revision_note)

    @property
    def row_id(self) -> str:
        """A stable HTML id: "fd1", "fd8a-outcome-early-help"."""
        text = f"{self.ref} {self.breakdown_label}".lower()
        return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True, slots=True)
class NarrativeParagraph:
    """A drafted sentence or paragraph; `refs` are the indicators whose figures it cites."""

    text: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommentaryParagraph:
    """An analyst's or manager's paragraph; left out in public mode unless `public`."""

    text: str
    author: str = ""
    refs: tuple[str, ...] = ()
    public: bool = False
    # "Figures revised since this commentary was written: FD1, FD8." when a figure it was written
    # against has changed since (refs only, never values: public mode must not leak a hidden figure).
    revision_note: str = ""

    @property
    def revised(self) -> bool:
        return bool(self.revision_note)


@dataclass(frozen=True, slots=True)
class ReportSection:
    code: str  # FD, EH, CIN, CF, SG, WF
    title: str
    commentary: tuple[CommentaryParagraph, ...]
    narrative: tuple[NarrativeParagraph, ...]
    comparator_headers: tuple[ComparatorHeader, ...]
    rows: tuple[IndicatorRow, ...]

    @property
    def anchor(self) -> str:
        return f"section-{self.code.lower()}"

    @property
    def rag_counts(self) -> dict[str, int]:
        counts = {"green": 0, "amber": 0, "red": 0}
        for row in self.rows:
            if row.rag in counts:
                counts[row.rag] += 1
        return counts


@dataclass(frozen=True, slots=True)
class DataQualityRow:
    """How one input table loaded: rows read = accepted + quarantined."""

    table: str
    status: str
    rows_read: int
    rows_accepted: int
    rows_quarantined: int
    field_issues: int
    coverage: str  # "April 2017 to January 2023", or "" when the table holds no dated rows
    missing_columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DataQuality:
    rows: tuple[DataQualityRow, ...] = ()
    errors: int = 0
    warnings: int = 0

    @property
    def quarantined(self) -> int:
        return sum(r.rows_quarantined for r in self.rows)


@dataclass(frozen=True, slots=True)
class Definition:
    ref: str
    title: str
    section: str
    unit_label: str
    polarity: str
    period_basis: str
    definition: str
    source: str
    target: str = ""


@dataclass(frozen=True, slots=True)
class SignOffState:
    signed_off: bool
    text: str  # "DRAFT: not signed off" or "Signed off by A. Person on 3 February 2023"


@dataclass(frozen=True)
class ReportModel:
    """The whole report, ready to render: six sections and the panels around them."""

    title: str
    council_name: str
    council_code: str
    period_end: date
    period_label: str  # "January 2023"
    protective_marking: str
    data_as_at: date | None
    generated_at: datetime
    sign_off: SignOffState
    sections: tuple[ReportSection, ...]
    data_quality: DataQuality
    definitions: tuple[Definition, ...]
    conventions: tuple[tuple[str, str], ...]  # (term, explanation)
    settings: tuple[tuple[str, str], ...]  # (setting, value used)
    public: bool = False
    licence: str = LICENCE
    notes: tuple[str, ...] = field(default_factory=tuple)  # run-level notes, e.g. what public mode did

    @property
    def rows(self) -> tuple[IndicatorRow, ...]:
        return tuple(row for section in self.sections for row in section.rows)

    @property
    def data_as_at_label(self) -> str:
        return f"{self.data_as_at.day} {self.data_as_at:%B %Y}" if self.data_as_at else "not known"

    @property
    def generated_at_label(self) -> str:
        return f"{self.generated_at.day} {self.generated_at:%B %Y %H:%M} UTC"
