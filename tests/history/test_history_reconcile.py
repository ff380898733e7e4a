"""Reconcile: per ref, published against computed, and the likely cause of each difference.

The done-when test of issue 9 with hand-made results: a "published" table is printed from an
earlier extract in which one ref (CIN8) was computed under a different definition setting; a later
extract is reconciled against it, and every differing row gets its cause.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from history_helpers import COUNCIL, results, row

from csc_scorecard.history import (
    Cause,
    HistoryStore,
    format_value,
    read_published,
    reconcile,
    store_published,
)
from csc_scorecard.history.published import published_rows_from_records

FEB, MAR = date(2023, 2, 6), date(2023, 3, 6)
JAN = (2023, 1)

# The earlier extract: what the council published for January 2023. CIN8 was then computed under
# another setting (counting calendar days), so its definition hash differs from today's.
EARLIER = results(
    [
        row("FD1", JAN, 1348.0, extract=FEB),
        row("CIN4", JAN, 0.2213, extract=FEB),
        row("CIN8", JAN, 0.92, extract=FEB, definition_hash="def-cin8-calendar-days"),
        row("CIN2", JAN, 722.4, extract=FEB),
        row("EH1", JAN, 2.1, extract=FEB),
        row("WF3", JAN, 0.19, extract=FEB),
    ]
)
# The later extract: late-recorded contacts (FD1), CIN8 under today's definition, the workforce
# table missing this time (WF3), and SG16's table not yet covering January.
LATER = results(
    [
        row("FD1", JAN, 1360.0, extract=MAR),
        row("CIN4", JAN, 0.2204, extract=MAR),
        row("CIN8", JAN, 0.88, extract=MAR),
        row("CIN2", JAN, 722.4, extract=MAR),
        row("EH1", JAN, 2.1, extract=MAR),
        row("WF3", JAN, None, extract=MAR, status="not_available", note="ssd_professionals is missing"),
        row("SG16", JAN, None, extract=MAR, status="not_yet_available"),
    ]
)


def _published_from(earlier, extra_rows=()):
    """Print the earlier extract's January figures as the published scorecard table prints them."""
    records = [
        {
            "ref": r["ref"],
            "indicator": f"indicator {r['ref']}",
            "current": format_value(r["value"], r["unit"]),
            "previous_year": "",
            "target": "",
        }
        for r in earlier.table.to_pylist()
    ]
    return published_rows_from_records([*records, *extra_rows])


EXTRA = [
    {"ref": "SG16", "indicator": "Audits completed", "current": "Not Yet Available", "previous_year": "15"},
    {"ref": "CF1", "indicator": "Cared for Children (No.)", "current": "661", "previous_year": "666"},
    {"ref": "FD8a", "indicator": "MASH Screenings", "current": "", "previous_year": ""},
]


@pytest.fixture
def store(tmp_path):
    history = HistoryStore(tmp_path)
    history.append_run(EARLIER, "settings-a")
    return history


def _causes(table):
    return {r["ref"]: r for r in table.to_pylist()}


def test_each_differing_row_gets_its_cause(store):
    published = _published_from(EARLIER, EXTRA)
    table = reconcile(published, LATER, store, settings_hash="settings-a")
    found = _causes(table)
    assert {ref: r["cause"] for ref, r in found.items()} == {
        "FD1": Cause.DATA_REVISION,
        "CIN4": Cause.MATCH,  # 22.13% and 22.04% both print as 22%
        "CIN8": Cause.DEFINITION_SETTING,
        "CIN2": Cause.MATCH,
        "EH1": Cause.MATCH,
        "WF3": Cause.MISSING_TABLE,
        "SG16": Cause.NOT_YET_AVAILABLE,
        "CF1": Cause.NOT_COMPUTED,
        "FD8a": Cause.NOT_PUBLISHED,
    }
    fd1 = found["FD1"]
    assert (fd1["published"], fd1["computed"], fd1["difference"]) == ("1,348", "1,360", "+12")
    assert fd1["explanation"].startswith("extract 2023-02-06 gave 1,348, as published")
    assert fd1["difference_value"] == 12.0
    cin8 = found["CIN8"]
    assert (cin8["published"], cin8["computed"], cin8["difference"]) == ("92%", "88%", "-4.0 pts")
    assert "different definition" in cin8["explanation"]
    assert found["WF3"]["explanation"] == "ssd_professionals is missing"
    assert found["CIN4"]["difference"] == ""
    assert table.num_rows == len(published)


def test_a_published_figure_no_run_explains_is_unexplained(store):
    published = published_rows_from_records([{"ref": "CIN2", "current": "750"}])
    (found,) = reconcile(published, LATER, store).to_pylist()
    assert found["cause"] == Cause.UNEXPLAINED


def test_without_a_history_store_a_revision_cannot_be_told_apart(tmp_path):
    published = _published_from(EARLIER)
    found = _causes(reconcile(published, LATER, HistoryStore(tmp_path / "empty")))
    assert found["FD1"]["cause"] == Cause.UNEXPLAINED
    assert _causes(reconcile(published, LATER, None))["FD1"]["cause"] == Cause.UNEXPLAINED


def test_an_alternative_setting_that_gives_the_published_figure_is_the_cause(tmp_path):
    published = _published_from(EARLIER)
    calendar_days = results([row("CIN8", JAN, 0.9204, extract=MAR, definition_hash="def-cin8-calendar-days")])
    found = _causes(
        reconcile(
            published, LATER, HistoryStore(tmp_path), alternatives={"CIN8 in calendar days": calendar_days}
        )
    )
    assert found["CIN8"]["cause"] == Cause.DEFINITION_SETTING
    assert found["CIN8"]["explanation"] == "under CIN8 in calendar days the figure is 92%, as published"


def test_an_earlier_run_under_other_settings_is_a_setting_not_a_revision(tmp_path):
    store = HistoryStore(tmp_path)
    store.append_run(EARLIER, "settings-old")
    found = _causes(reconcile(_published_from(EARLIER), LATER, store, settings_hash="settings-new"))
    assert found["FD1"]["cause"] == Cause.DEFINITION_SETTING
    assert "different settings" in found["FD1"]["explanation"]
    # Settings and data both changed between the two extracts: the note says a revision may be part of it.
    assert "may be a revision" in found["FD1"]["explanation"]
    # With the same extract also stored under today's settings, the setting is the whole story.
    store.append_run(results([row("FD1", JAN, 1350.0, extract=FEB)]), "settings-new")
    found = _causes(reconcile(_published_from(EARLIER), LATER, store, settings_hash="settings-new"))
    assert found["FD1"]["cause"] == Cause.DEFINITION_SETTING
    assert "may be a revision" not in found["FD1"]["explanation"]


def test_reconcile_ignores_the_published_run_itself(store):
    # Storing the published table as first reported must not make it explain itself.
    published = _published_from(EARLIER)
    store_published(store, published, COUNCIL, "2023-01", "hash-1", LATER)
    found = _causes(reconcile(published, LATER, HistoryStore(store.folder / "nothing")))
    assert found["FD1"]["cause"] == Cause.UNEXPLAINED
    found = _causes(reconcile(published, LATER, store, settings_hash="settings-a"))
    assert found["FD1"]["cause"] == Cause.DATA_REVISION


def test_storing_the_same_published_table_twice_stores_it_once(store):
    published = _published_from(EARLIER)
    first, added = store_published(store, published, COUNCIL, "2023-01", "hash-1", LATER)
    again, added_again = store_published(store, published, COUNCIL, "2023-01", "hash-1", LATER)
    assert added and not added_again and first == again
    assert first.source == "published"


def test_published_figures_become_first_reported_in_revisions(store):
    from csc_scorecard.history import revisions

    published = published_rows_from_records([{"ref": "FD1", "current": "1,350"}])
    store_published(store, published, COUNCIL, "2023-01", "hash-1", LATER)
    (fd1,) = [r for r in revisions(store, LATER).to_pylist() if r["ref"] == "FD1"]
    assert fd1["revision_note"] == "first reported 1,350 (published scorecard), now 1,360"


def test_reconcile_against_the_reference_scorecard_lists_every_ref(store):
    reference = Path(__file__).resolve().parents[3] / "shared" / "reference" / "scorecard-2023-01.csv"
    if not reference.exists():
        pytest.skip("reference scorecard not found")
    rows = read_published(reference)
    table = reconcile(rows, LATER, store, settings_hash="settings-a")
    assert table.column("ref").to_pylist() == [r.ref for r in rows]
    causes = _causes(table)
    assert causes["SG16"]["cause"] == Cause.NOT_YET_AVAILABLE
    assert causes["CF1"]["cause"] == Cause.NOT_COMPUTED
    assert causes["FD1"]["cause"] == Cause.DATA_REVISION  # 1348 published, 1348 in the earlier extract
