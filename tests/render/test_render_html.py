from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from csc_scorecard.render.html import css_string, render_html
from csc_scorecard.render.model_types import ReportModel


class _Collector(HTMLParser):
    """Tags with their attributes, and whether any <script> element exists."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(html)
    return parser.tags


def test_text_from_data_is_escaped_never_run(html_text: str) -> None:
    assert "<script" not in html_text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html_text  # commentary and section title
    assert not any(tag == "script" for tag, _ in _tags(html_text))


def test_six_sections_each_with_a_captioned_table(html_text: str, model: ReportModel) -> None:
    tags = _tags(html_text)
    sections = [a for t, a in tags if t == "section" and "report-section" in (a.get("class") or "")]
    assert [s["id"] for s in sections] == [f"section-{c}" for c in ("fd", "eh", "cin", "cf", "sg", "wf")]
    assert html_text.count("<caption") >= 6 + 1  # plus the at-a-glance table
    for ref in {r.ref for r in model.rows}:
        assert f">{ref}<" in html_text


def test_every_header_cell_is_scoped(html_text: str) -> None:
    headers = [a for t, a in _tags(html_text) if t == "th"]
    assert headers and all(a.get("scope") in ("col", "row") for a in headers)


def test_every_chart_and_icon_has_an_accessible_name(html_text: str, model: ReportModel) -> None:
    images = [a for t, a in _tags(html_text) if t == "svg" and a.get("role") == "img"]
    assert images and all(a.get("aria-label") for a in images)
    names = {a["aria-label"] for a in images}
    fd1 = next(r for r in model.rows if r.ref == "FD1")
    assert fd1.chart_label in names
    assert "1,310 in January 2023" in fd1.chart_label
    decorative = [a for t, a in _tags(html_text) if t == "svg" and a.get("role") != "img"]
    assert all(a.get("aria-hidden") == "true" for a in decorative)


def test_numbers_are_right_aligned(html_text: str) -> None:
    assert re.search(r'<td class="num current">1,310</td>', html_text)


def test_rag_is_given_by_text_and_shape_not_colour_alone(html_text: str) -> None:
    assert 'class="rag rag-green"' in html_text
    match = re.search(r'<span class="rag rag-green"[^>]*>(.*?)</span>', html_text, re.S)
    assert match and "Green" in match.group(1) and "<circle" in match.group(1)


def test_statuses_revisions_stamps_and_licence(html_text: str) -> None:
    for words in (
        "Not yet available: the extract ends before the month does",
        "Not available: table ssd_cla_health missing",
        "Revised: first reported 1,196",
        "Data as at",
        "DRAFT",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        "OFFICIAL-SENSITIVE",
        "Definitions, conventions and settings",
        "Data quality",
    ):
        assert words in html_text


def test_self_contained_no_external_resources(html_text: str) -> None:
    for tag, attrs in _tags(html_text):
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")), (tag, value)
    assert "@import" not in html_text and "url(" not in html_text


def test_no_synthetic_person_identifiers(html_text: str) -> None:
    assert "SYN-P-" not in html_text


def test_footer_text_cannot_break_out_of_css() -> None:
    quoted = css_string('a"b</style><script>')
    assert "</style>" not in quoted and quoted.count('"') == 2


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("#0b0c0c", "#ffffff"),  # body text
        ("#505a5f", "#ffffff"),  # muted text
        ("#505a5f", "#f8f8f7"),  # muted text on a striped row
        ("#ffffff", "#12436d"),  # table headers
        ("#1d70b8", "#ffffff"),  # links
        ("#ffffff", "#00703c"),  # RAG green
        ("#0b0c0c", "#f47738"),  # RAG amber
        ("#ffffff", "#c0311a"),  # RAG red
        ("#00703c", "#ffffff"),  # improving
        ("#b3261e", "#ffffff"),  # worsening
        ("#ffffff", "#1d70b8"),  # SPC improvement icon letter
        ("#ffffff", "#b54d00"),  # SPC concern icon letter
        ("#ffffff", "#4c2c92"),  # SPC neither icon letter
        ("#ffffff", "#6f777b"),  # SPC hit-and-miss letter (large, bold text: 3:1 would do)
    ],
)
def test_colours_meet_aa_contrast(text: str, background: str) -> None:
    assert _contrast(text, background) >= 4.5


def test_renders_without_optional_panels(model: ReportModel) -> None:
    import dataclasses

    from csc_scorecard.render.model_types import DataQuality

    bare = dataclasses.replace(model, data_quality=DataQuality(), definitions=())
    assert "No data-quality summary was supplied" in render_html(bare)
