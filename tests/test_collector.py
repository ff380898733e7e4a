"""collector.fewer_collections: the garbage collector's threshold is raised meanwhile and put back."""

from __future__ import annotations

import gc

import pytest

from csc_scorecard.collector import FEWER_COLLECTIONS, fewer_collections


def test_fewer_collections_puts_the_threshold_back_even_on_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], FEWER_COLLECTIONS)
        assert gc.get_threshold()[1:] == before[1:]  # the older generations are left alone
        raise RuntimeError("a query failed to build")
    assert gc.get_threshold() == before


def test_a_higher_threshold_already_set_is_kept() -> None:
    before = gc.get_threshold()
    gc.set_threshold(FEWER_COLLECTIONS * 2, *before[1:])
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == FEWER_COLLECTIONS * 2
        assert gc.get_threshold()[0] == FEWER_COLLECTIONS * 2
    finally:
        gc.set_threshold(*before)
