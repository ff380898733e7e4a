"""Revisions: "first reported X, now Y" when the definition is unchanged; "definition changed" when not."""

from __future__ import annotations

from datetime import date

import pytest
from history_helpers import COUNCIL, extract, month_end

from csc_scorecard.history import HistoryStore, format_value, previous_year_revisions, revisions
from csc_scorecard.history.revisions import year_earlier

FEB, MAR = date(2023, 2, 6), date(2023, 3, 6)
DEC, JAN = (2022, 12), (2023, 1)

FEB_EXTRACT = extract(
    {("FD1", DEC): 1196.0, ("FD1", JAN): 1348.0, ("CIN4", JAN): 0.22, ("CIN8", JAN): 0.92, ("EH1", JAN): 2.1},
    FEB,
)
# A month later: late recording adds contacts to December and January; CIN8's definition changed;
# CIN4 moves below the printed precision (22.4% → still 22%); February is new.
MAR_EXTRACT = extract(
    {
        ("FD1", DEC): 1204.0,
        ("FD1", JAN): 1348.0,
        ("FD1", (2023, 2)): 1290.0,
        ("CIN4", JAN): 0.224,
        ("CIN8", JAN): 0.88,
        ("EH1", JAN): 2.3,
    },
    MAR,
    definition_hashes={"CIN8": "def-cin8-calendar-days"},
)


def _by_key(table):
    return {(r["ref"], r["period_end"]): r for r in table.to_pylist()}


@pytest.fixture
def store(tmp_path):
    history = HistoryStore(tmp_path)
    history.append_run(FEB_EXTRACT, "s")
    return history


def test_each_row_is_unchanged_revised_definition_changed_or_new(store):
    found = _by_key(revisions(store, MAR_EXTRACT))
    december = found[("FD1", month_end(*DEC))]
    assert december["revision_status"] == "revised"
    assert december["revision_note"] == "first reported 1,196 (extract 2023-02-06), now 1,204"
    assert december["first_reported_value"] == 1196.0
    assert december["first_reported_extract_date"] == FEB
    assert december["current_value"] == 1204.0
    assert found[("FD1", month_end(*JAN))]["revision_status"] == "unchanged"
    assert found[("CIN4", month_end(*JAN))]["revision_status"] == "unchanged"  # 22% either way
    changed = found[("CIN8", month_end(*JAN))]
    assert changed["revision_status"] == "definition_changed"
    assert changed["revision_note"] == "definition changed since first reported (extract 2023-02-06)"
    assert "first reported 92%" not in changed["revision_note"]
    assert (
        found[("EH1", month_end(*JAN))]["revision_note"] == "first reported 2.1 (extract 2023-02-06), now 2.3"
    )
    new = found[("FD1", month_end(2023, 2))]
    assert (new["revision_status"], new["revision_note"], new["first_reported_value"]) == ("new", "", None)
    assert all(r["council"] == COUNCIL for r in found.values())


def test_the_answer_is_the_same_after_the_current_run_is_stored(store):
    before = revisions(store, MAR_EXTRACT)
    store.append_run(MAR_EXTRACT, "s")
    assert revisions(store, MAR_EXTRACT).equals(before)


def test_first_reported_is_the_earliest_extract_not_the_latest(store):
    store.append_run(MAR_EXTRACT, "s")
    april = extract({("FD1", DEC): 1210.0}, date(2023, 4, 6))
    (row,) = revisions(store, april).to_pylist()
    assert row["revision_note"] == "first reported 1,196 (extract 2023-02-06), now 1,210"


def test_a_not_yet_available_row_is_never_first_reported(tmp_path):
    store = HistoryStore(tmp_path)
    from history_helpers import results, row

    store.append_run(results([row("FD1", JAN, None, extract=FEB, status="not_yet_available")]), "s")
    (found,) = revisions(store, extract({("FD1", JAN): 1348.0}, MAR)).to_pylist()
    assert found["revision_status"] == "new"


def test_a_figure_first_not_available_then_computed_is_a_revision(tmp_path):
    store = HistoryStore(tmp_path)
    from history_helpers import results, row

    store.append_run(results([row("FD1", JAN, None, extract=FEB, status="not_available")]), "s")
    (found,) = revisions(store, extract({("FD1", JAN): 1348.0}, MAR)).to_pylist()
    assert found["revision_note"] == "first reported not available (extract 2023-02-06), now 1,348"


def test_previous_year_value_is_recomputed_with_its_first_reported_note(tmp_path):
    store = HistoryStore(tmp_path)
    store.append_run(extract({("FD1", (2022, 1)): 1221.0}, date(2022, 2, 7)), "s")
    current = extract({("FD1", (2022, 1)): 1230.0, ("FD1", JAN): 1348.0}, FEB)
    (row,) = previous_year_revisions(store, current).to_pylist()
    assert row["period_end"] == month_end(*JAN)
    assert row["previous_year_period_end"] == month_end(2022, 1)
    assert row["previous_year_value"] == 1230.0  # from the current extract
    assert row["first_reported_value"] == 1221.0
    assert row["revision_note"] == "first reported 1,221 (extract 2022-02-07), now 1,230"


def test_year_earlier_handles_february():
    assert year_earlier(date(2024, 2, 29)) == date(2023, 2, 28)
    assert year_earlier(date(2023, 1, 31)) == date(2022, 1, 31)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (0.22, "percent", "22%"),
        (0.027, "percent", "2.7%"),
        (0.92, "percent", "92%"),
        (0.05, "percent", "5%"),
        (1204.0, "count", "1,204"),
        (722.4, "rate_per_10k", "722"),
        (2.14, "days", "2.1"),
        (14.8, "cases_per_worker", "14.8"),
        (None, "count", "not available"),
        (float("nan"), "percent", "not available"),
    ],
)
def test_format_value(value, unit, text):
    assert format_value(value, unit) == text
