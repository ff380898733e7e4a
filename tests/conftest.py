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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Modules with Spark tests first, then modules with slow tests, then the rest (each module's
    tests kept together and in their order).

    `scripts/test.sh` hands whole modules to the workers in this order (`--dist loadfile
    --no-loadscope-reorder`). Started last, the Spark module (some four minutes on a slow machine)
    kept one worker busy long after the other had finished; started first, the short modules fill in
    around it and both workers finish together.
    """
    weight: dict[str, int] = {}
    for item in items:
        marks = {mark.name for mark in item.iter_markers()}
        module = _module(item)
        weight[module] = max(weight.get(module, 0), 2 if "spark" in marks else 1 if "slow" in marks else 0)
    rank = {module: (-heaviest, n) for n, (module, heaviest) in enumerate(weight.items())}
    items.sort(key=lambda item: rank[_module(item)])


def _module(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]
