"""The fixed words of the report: the definitions appendix, the conventions and the settings used."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from csc_scorecard.render import formats
from csc_scorecard.render.model_types import Definition

if TYPE_CHECKING:
    from csc_scorecard.catalogue.model import Catalogue
    from csc_scorecard.config.model import CouncilConfig

POLARITY_WORDS = {
    "higher_is_better": "Higher is better",
    "lower_is_better": "Lower is better",
    "neutral": "Neither (context measure)",
}
PERIOD_BASIS_WORDS = {
    "month": "The calendar month",
    "month_end": "A snapshot at the month's last day",
    "rolling_12_months": "The 12 months ending with the month",
    "financial_year_to_date": "1 April to the month's end",
    "quarter": "The last complete financial quarter",
}


def _financial_year(day: date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def definitions(
    catalogue: Catalogue, config: CouncilConfig, rename: Mapping[str, str], period_end: date
) -> tuple[Definition, ...]:
    """One entry per indicator, from its catalogue record and the council's target for the year."""
    year = _financial_year(period_end)
    out = []
    for indicator in catalogue.indicators:
        unit = str(indicator.unit)
        polarity = config.targets.polarity(indicator.ref) or indicator.polarity
        out.append(
            Definition(
                ref=indicator.ref,
                title=rename.get(indicator.ref, indicator.title),
                section=getattr(config.report.sections, str(indicator.section.value).upper()),
                unit_label=formats.UNIT_LABELS.get(unit, unit).capitalize(),
                polarity=POLARITY_WORDS.get(str(polarity), str(polarity)),
                period_basis=PERIOD_BASIS_WORDS.get(str(indicator.period_basis), str(indicator.period_basis)),
                definition=" ".join(indicator.definition.split()),
                source=indicator.source,
                target=formats.format_target(config.targets.target(indicator.ref, year), unit),
            )
        )
    return tuple(out)


def conventions(public: bool) -> tuple[tuple[str, str], ...]:
    """How to read the report: what each column, colour and symbol means."""
    rows = [
        (
            "Figures",
            "Percentages are rounded half up to whole numbers unless shown with a decimal; rates are per "
            "10,000 children aged 0 to 17 (ONS mid-year estimates); durations are mean days.",
        ),
        ("Previous year", "The same month a year earlier, from the same data and definitions."),
        (
            "Target",
            "As set by the council for the financial year: a point (85%), a range (85–90%, beyond the "
            "good end is exceeding), a band (20–24%: off target on both sides) or a bound (<7%).",
        ),
        (
            "RAG",
            "Green: on target or exceeding. Amber: off target, within tolerance. Red: off target by more "
            "than the tolerance. Shown by colour, letter and shape; no RAG without a target.",
        ),
        (
            "Direction of travel",
            "Compared with the previous month (a quarter earlier for quarterly figures). Improving or "
            "worsening where the indicator has a good direction; up or down for context measures. Small "
            "changes (under 1 percentage point, or 2% of a count) read as no change.",
        ),
        (
            "SPC",
            "Statistical process control, NHS England 'Making Data Count': the variation icon says "
            "whether the latest month shows a real change (special cause) or ordinary variation (common "
            "cause); the assurance icon says whether the process will reliably meet its target. Not "
            "applied to rolling, year-to-date or quarterly figures, or to fewer than 12 months.",
        ),
        (
            "Trend chart",
            "The 24 months to the reporting month. The dashed line is the SPC mean; the shaded band the "
            "process limits; a filled orange point is special cause concern, a filled blue point "
            "improvement, a filled grey point an unusual value of a context measure.",
        ),
        (
            "Comparators",
            "DfE published statistics for the year shown: England, the region, statistical neighbours "
            "and any group the council names. They are annual, so they lag the monthly figures.",
        ),
        (
            "Statuses",
            "Not available: an input table or column is missing. Not yet available: the month is beyond "
            "the data. Incomplete history: the look-back starts before the data. Caveat: computed, with a "
            "limitation named. A missing figure is never shown as zero.",
        ),
        ("Revised", "The figure has changed since first reported, because of late recording."),
    ]
    if public:
        rows.append(
            (
                "c",
                "Suppressed to protect confidentiality: counts of 1 to 5, percentages and rates whose "
                "numerator or denominator is 1 to 5, and any figure from which one could be worked out.",
            )
        )
    return tuple(rows)


def settings_used(
    config: CouncilConfig, spc: Mapping[str, Any], direction_basis: str
) -> tuple[tuple[str, str], ...]:
    """The settings this report was made with, so a reader can reproduce every icon and colour."""
    tolerance = config.targets
    rows = [
        (
            "RAG tolerance",
            f"{formats.format_number(tolerance.tolerance, 1)} ({tolerance.tolerance_basis.value})",
        ),
        ("Direction of travel compared with", direction_basis.replace("_", " ")),
        ("Statistical neighbours model", str(config.comparators.statistical_neighbours)),
    ]
    labels = {
        "limit_factor": "SPC XmR limit factor",
        "p_chart_sigmas": "SPC p-chart sigmas",
        "shift_length": "SPC shift run length",
        "trend_length": "SPC trend run length",
        "minimum_points": "SPC minimum points",
        "screen_moving_ranges": "SPC moving-range screening",
        "baseline_points": "SPC baseline points",
    }
    for key, label in labels.items():
        if key in spc:
            value = spc[key]
            rows.append((label, "every point" if value is None else str(value).lower()))
    return tuple(rows)
