"""Sign-off: a run is DRAFT until signed off; a newer run for the month is DRAFT again."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from history_helpers import COUNCIL, extract

from csc_scorecard.history import (
    DRAFT,
    SIGNED_OFF,
    HistoryStore,
    HistoryStoreError,
    record_signoff,
    run_state,
    signoff_status,
    signoffs,
)
from csc_scorecard.history.signoff import SIGNOFFS_NAME

JAN = extract({("FD1", (2023, 1)): 1348.0}, date(2023, 2, 6))
AT = datetime(2023, 2, 10, 14, 0, tzinfo=UTC)


def test_a_run_is_draft_until_signed_off(tmp_path):
    store = HistoryStore(tmp_path)
    run = store.append_run(JAN, "s")
    assert signoff_status(store, COUNCIL, "2023-01") is None
    assert run_state(store, COUNCIL, "2023-01") == DRAFT
    done = record_signoff(store, COUNCIL, "2023-01", " A. Manager ", note="approved at DMT", at=AT)
    assert (done.run_id, done.signed_by, done.signed_at, done.note) == (
        run.run_id,
        "A. Manager",
        AT,
        "approved at DMT",
    )
    assert signoff_status(store, COUNCIL, "2023-01") == done
    assert run_state(store, COUNCIL, "2023-01") == SIGNED_OFF
    line = json.loads((tmp_path / SIGNOFFS_NAME).read_text(encoding="utf-8"))
    assert line["signed_by"] == "A. Manager" and line["signed_at"] == "2023-02-10T14:00:00+00:00"


def test_a_newer_run_after_sign_off_is_draft_again(tmp_path):
    store = HistoryStore(tmp_path)
    store.append_run(JAN, "s")
    first = record_signoff(store, COUNCIL, "2023-01", "A. Manager", at=AT)
    store.append_run(extract({("FD1", (2023, 1)): 1350.0}, date(2023, 2, 8)), "s")
    assert signoff_status(store, COUNCIL, "2023-01") is None
    second = record_signoff(store, COUNCIL, "2023-01", "B. Director")
    assert signoff_status(store, COUNCIL, "2023-01") == second
    # The file is append-only: the first sign-off is still there.
    assert signoffs(store) == [first, second]


def test_sign_off_needs_a_run_a_name_and_a_month(tmp_path):
    store = HistoryStore(tmp_path)
    with pytest.raises(HistoryStoreError, match="no run for council 357, 2023-01"):
        record_signoff(store, COUNCIL, "2023-01", "A. Manager")
    store.append_run(JAN, "s")
    with pytest.raises(ValueError, match="name"):
        record_signoff(store, COUNCIL, "2023-01", "  ")
    with pytest.raises(ValueError, match="2023-01"):
        record_signoff(store, COUNCIL, "Jan 2023", "A. Manager")


def test_sign_off_is_per_council_and_month(tmp_path):
    store = HistoryStore(tmp_path)
    store.append_run(JAN, "s")
    store.append_run(extract({("FD1", (2022, 12)): 1196.0}, date(2023, 1, 6)), "s")
    record_signoff(store, COUNCIL, "2023-01", "A. Manager")
    assert signoff_status(store, COUNCIL, "2022-12") is None
    assert signoff_status(store, "999", "2023-01") is None


def test_a_damaged_sign_off_line_does_not_hide_the_others(tmp_path):
    store = HistoryStore(tmp_path)
    store.append_run(JAN, "s")
    record_signoff(store, COUNCIL, "2023-01", "A. Manager")
    path = tmp_path / SIGNOFFS_NAME
    path.write_text("garbage\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert signoff_status(store, COUNCIL, "2023-01") is not None
