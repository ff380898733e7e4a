"""Shared by every test folder: this file puts tests/ on the import path, so `first_slice` is importable;
and fixtures that tests in more than one file use."""

import ibis
import pytest

from csc_scorecard.engine import intervals


@pytest.fixture
def every_key_one_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Gives every key the same hash, so each split by `intervals.key_hash` sends every row down its
    "shared" path: a query must then tell keys apart by their columns, not by the hash."""
    monkeypatch.setattr(intervals, "key_hash", lambda table, columns: ibis.literal(7, "int64"))
