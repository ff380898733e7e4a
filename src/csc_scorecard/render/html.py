"""The HTML report: one self-contained, accessible file (inline CSS and SVG, no scripts or fonts).

    from csc_scorecard.render.html import render_html, write_html
    write_html(model, Path("out/scorecard.html"))

Jinja2 autoescapes every value, so a team name or commentary containing `<script>` prints as text.
The same page is printed to PDF (render.pdf): its print stylesheet sets A4 landscape, starts each
section on a new page, keeps table rows whole and puts the marking, data-as-at and page x of y in
the page margins.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from csc_scorecard.render import formats
from csc_scorecard.render.model_types import IndicatorRow, ReportModel
from csc_scorecard.render.sparkline import Sparkline, sparkline

_TONES = {"improving": "improving", "worsening": "worsening"}


def css_string(text: str) -> Markup:
    """A CSS string literal for `content:`: quotes, backslashes, newlines and `<` are escaped, so
    text from the configuration cannot end the string or the <style> element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-_()/'&+" else f"\\{ord(ch):x} " for ch in text.replace("\n", " ")
    )
    return Markup(f'"{escaped}"')


def _tone(direction: str) -> str:
    return _TONES.get(direction, "neutral")


def _chart(row: IndicatorRow) -> Sparkline:
    return sparkline(row.series)


def _thousands(value: int | float) -> str:
    return formats.format_count(value)


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("csc_scorecard.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
        lstrip_blocks=False,
    )
    environment.filters["thousands"] = _thousands
    environment.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    environment.globals["tone"] = _tone
    environment.globals["chart"] = _chart
    return environment


@cache
def _css() -> Markup:
    text = (
        resources.files("csc_scorecard.render")
        .joinpath("templates/scorecard.css")
        .read_text(encoding="utf-8")
    )
    return Markup(text)


def _year_earlier(day: date) -> str:
    return formats.format_period(date(day.year - 1, day.month, 1))


def render_html(model: ReportModel) -> str:
    """The report as one HTML document."""
    template = _environment().get_template("scorecard.html")
    footer_left = f"{model.protective_marking} · {model.council_name} · data as at {model.data_as_at_label}"
    header_right = f"{model.title}, {model.period_label}" + ("" if model.sign_off.signed_off else " · DRAFT")
    return template.render(
        m=model,
        css=_css(),
        footer_left=css_string(footer_left),
        header_right=css_string(header_right),
        previous_year_label=_year_earlier(model.period_end),
    )


def write_html(model: ReportModel, path: Path) -> Path:
    """Write the report; a file held open elsewhere raises PermissionError (the CLI explains it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(model), encoding="utf-8")
    return path
