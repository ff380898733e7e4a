from __future__ import annotations

import dataclasses
from datetime import date

import pyarrow as pa
from render_fixtures import HYPERLINK, REFS, make_model

from csc_scorecard.catalogue import Catalogue
from csc_scorecard.config.model import CouncilConfig
from csc_scorecard.render.model_types import LICENCE, ReportModel
from csc_scorecard.render.report_model import parse_period


def _row(model: ReportModel, ref: str, breakdown: str = ""):  # type: ignore[no-untyped-def]
    return next(r for r in model.rows if r.ref == ref and r.breakdown_label == breakdown)


def test_six_sections_in_report_order_with_their_titles(model: ReportModel) -> None:
    assert [s.code for s in model.sections] == ["FD", "EH", "CIN", "CF", "SG", "WF"]
    assert model.sections[0].title == "Front Door"
    assert model.sections[1].title.startswith("Early Help")  # the configured title, kept as written


def test_every_ref_has_a_row_and_a_second_figure_its_own_row(model: ReportModel) -> None:
    assert {r.ref for r in model.rows} == set(REFS)
    assert _row(model, "SG7", "meetings").title.endswith("(meetings)")


def test_current_previous_year_and_target_are_formatted_once(model: ReportModel) -> None:
    cin8 = _row(model, "CIN8")
    assert cin8.current == "92%" and cin8.value is not None and 0.9 < cin8.value < 0.93
    assert cin8.previous_year == "75%"
    assert cin8.target == "85%"
    assert cin8.rag == "green" and cin8.rag_label.startswith("Green")
    assert _row(model, "CIN4").target == "20–24%"
    assert _row(model, "FD1").current == "1,310"
    assert _row(model, "WF6").current == "17.4"


def test_statuses_are_explained_in_words(model: ReportModel) -> None:
    assert _row(model, "EH2").status_text == "Not yet available: the extract ends before the month does"
    assert _row(model, "EH2").current == "–"
    assert _row(model, "CF4").status_text == "Not available: table ssd_cla_health missing"
    assert _row(model, "FD7").status_text == "Caveat: transfer-in contacts are not excluded"
    assert _row(model, "FD1").status_text == ""


def test_incomplete_history_months_are_gaps_in_the_series(model: ReportModel) -> None:
    eh1 = _row(model, "EH1")
    assert len(eh1.series) == 24
    assert [p.value is None for p in eh1.series[:6]] == [True] * 6
    assert eh1.series[-1].period_end == date(2023, 1, 31)


def test_chart_name_gives_indicator_latest_value_and_period(model: ReportModel) -> None:
    label = _row(model, "FD1").chart_label
    assert label.startswith("FD1 Contacts received: 1,310 in January 2023.")
    assert "lowest" in label and "highest" in label


def test_revised_figures_are_flagged(model: ReportModel) -> None:
    assert _row(model, "FD1").revised
    assert not _row(model, "FD7").revised


def test_direction_change_names_the_month_compared_with(model: ReportModel) -> None:
    assert _row(model, "CIN8").direction_change == "up 1 point on December 2022"
    assert _row(model, "CIN8").direction_arrow == "↑"


def test_stamps_sign_off_licence_and_appendix(model: ReportModel) -> None:
    assert model.period_label == "January 2023"
    assert model.data_as_at_label == "7 February 2023"
    assert not model.sign_off.signed_off and model.sign_off.text.startswith("DRAFT")
    assert model.licence == LICENCE
    assert [d.ref for d in model.definitions] == list(REFS)
    assert any(term == "SPC" for term, _ in model.conventions)
    assert any(name.startswith("SPC") for name, _ in model.settings)


def test_renamed_title_is_kept_as_data(model: ReportModel) -> None:
    assert _row(model, "WF6").title == HYPERLINK


def test_narrative_and_commentary_slots(model: ReportModel) -> None:
    front_door = model.sections[0]
    assert front_door.narrative[0].refs == ("FD1",)
    assert front_door.commentary[0].author == "Head of MASH"


def test_public_mode_leaves_out_commentary_not_marked_public(
    config: CouncilConfig, catalogue: Catalogue, assessed: pa.Table
) -> None:
    public = make_model(config, catalogue, assessed, public=True)
    assert public.sections[0].commentary == ()
    assert [c.text for c in public.sections[2].commentary] == ["Public note on referrals."]
    assert public.protective_marking == "OFFICIAL"


def test_model_is_frozen(model: ReportModel) -> None:
    try:
        model.sections[0].rows[0].current = "x"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        return
    raise AssertionError("IndicatorRow should be frozen")


def test_periods_parse_to_month_ends() -> None:
    assert parse_period("2023-01") == date(2023, 1, 31)
    assert parse_period("2024-02") == date(2024, 2, 29)


def test_a_quarterly_figure_shows_the_last_complete_quarter() -> None:
    from csc_scorecard.render.report_model import _current_record, _period_note

    rows = [
        {"period_start": date(2022, 7, 1), "period_end": date(2022, 9, 30), "period_basis": "quarter"},
        {"period_start": date(2022, 10, 1), "period_end": date(2022, 12, 31), "period_basis": "quarter"},
    ]
    record = _current_record(rows, date(2023, 1, 31), "quarter")
    assert record["period_end"] == date(2022, 12, 31)
    assert _period_note(record, date(2023, 1, 31)) == "Quarter October to December 2022"
    assert _current_record(rows, date(2023, 1, 31), "month") == {}


def test_second_figures_are_labelled_in_words(model: ReportModel) -> None:
    from csc_scorecard.render.report_model import _breakdown_label

    assert _breakdown_label("outcome", "early_help") == "outcome: early help"
    assert _breakdown_label("count_unit", "meetings") == "meetings"
    assert _breakdown_label("all", "all") == ""
    assert _row(model, "SG7", "meetings").row_id == "sg7-meetings"
