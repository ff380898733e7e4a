"""A run killed mid-write leaves the store as it was: no partial file visible, the manifest unchanged.

The kill is real (SIGKILL from the test, in a child process), and its moment is made certain rather
than raced: the child pauses at the chosen point (half-way through writing the Parquet file, or just
before the rename) and says so on stdout, and only then is it killed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from history_helpers import extract

from csc_scorecard.history import HistoryStore
from csc_scorecard.history import atomic as atomic_module

HELPERS = Path(__file__).parent

# The child writes a large run; `pause_at` decides where it stops to be killed.
CHILD = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, {helpers!r})
    import pyarrow.parquet as pq
    from history_helpers import big_results
    from csc_scorecard.history import HistoryStore

    pause_at = {pause_at!r}

    def pause():
        print("PAUSED", flush=True)
        time.sleep(120)

    if pause_at == "mid-file":
        original = pq.ParquetWriter.write_table
        def write_table(self, table, *args, **kwargs):
            # Write the first half of the rows, then stop before the rest and the footer.
            original(self, table.slice(0, table.num_rows // 2), *args, **kwargs)
            pause()
        pq.ParquetWriter.write_table = write_table
    elif pause_at == "before-rename":
        from csc_scorecard.history import atomic
        def publish(temporary, target, *, overwrite):
            pause()
        atomic._publish = publish
    HistoryStore({store!r}).append_run(big_results(100_000), "settings-killed")
    print("FINISHED", flush=True)
    """
)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".partial")
    }


def _seeded_store(tmp_path: Path) -> HistoryStore:
    store = HistoryStore(tmp_path / "history")
    store.append_run(
        extract({("FD1", (2023, 1)): 1348.0, ("CIN4", (2023, 1)): 0.22}, date(2023, 2, 6)),
        "settings-a",
        recorded_at=datetime(2023, 2, 7, tzinfo=UTC),
    )
    return store


@pytest.mark.parametrize("pause_at", ["mid-file", "before-rename"])
def test_a_run_killed_mid_write_leaves_the_store_unchanged(tmp_path, pause_at):
    store = _seeded_store(tmp_path)
    before_files = _snapshot(store.folder)
    before_rows = store.read()
    before_manifest = store.manifest_path.read_bytes()

    code = CHILD.format(helpers=str(HELPERS), pause_at=pause_at, store=str(store.folder))
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = child.stdout.readline().strip() if child.stdout else ""
        assert line == "PAUSED", (line, child.stderr.read() if child.stderr else "")
        # The child is inside append_run with a temporary file on disk: kill it there.
        assert store.partial_files(), "the child should have a .partial file open"
        partial_size = sum(p.stat().st_size for p in store.partial_files())
        assert partial_size > 0  # mid-file: half the rows are on disk, with no footer yet
        child.kill()  # SIGKILL on POSIX: no cleanup handlers run
    finally:
        child.wait(timeout=30)
        if child.stdout:
            child.stdout.close()
        if child.stderr:
            child.stderr.close()

    # Readers see exactly what was there before; only an ignored .partial file is left.
    assert _snapshot(store.folder) == before_files
    assert store.manifest_path.read_bytes() == before_manifest
    assert store.read().equals(before_rows)
    assert len(store.runs()) == 1
    assert all(p.name.endswith(".partial") and p.name.startswith(".") for p in store.partial_files())
    # And the store still takes new runs afterwards.
    store.append_run(extract({("FD1", (2023, 1)): 1360.0}, date(2023, 3, 6)), "settings-a")
    assert len(store.runs()) == 2


def test_a_writer_that_fails_part_way_leaves_nothing_behind(tmp_path, monkeypatch):
    store = _seeded_store(tmp_path)
    before_files = _snapshot(store.folder)

    def fail_after_some_bytes(handle):
        handle.write(b"PAR1" + b"\0" * 1000)
        raise OSError("disk full")

    monkeypatch.setattr(
        "csc_scorecard.history.store._write_parquet", lambda table, handle: fail_after_some_bytes(handle)
    )
    with pytest.raises(OSError, match="disk full"):
        store.append_run(extract({("FD1", (2023, 1)): 1360.0}, date(2023, 3, 6)), "settings-a")
    assert _snapshot(store.folder) == before_files
    assert store.partial_files() == []  # an ordinary exception cleans up its temporary file
    assert len(store.runs()) == 1


def test_a_failed_rename_leaves_nothing_behind(tmp_path, monkeypatch):
    store = _seeded_store(tmp_path)
    before_files = _snapshot(store.folder)

    def refuse(source, target, **kwargs):
        raise PermissionError(13, "Access is denied", str(target))

    monkeypatch.setattr(atomic_module, "_publish", refuse)
    with pytest.raises(Exception, match="cannot write to the history store"):
        store.append_run(extract({("FD1", (2023, 1)): 1360.0}, date(2023, 3, 6)), "settings-a")
    monkeypatch.undo()
    assert _snapshot(store.folder) == before_files
    assert store.partial_files() == []


def test_a_data_file_is_never_overwritten_even_in_a_race(tmp_path, monkeypatch):
    # Another machine takes the name between our check and our rename: ours must not replace it.
    from csc_scorecard.history.atomic import TargetExistsError, write_atomically

    target = tmp_path / "run-x.parquet"
    real_publish = atomic_module._publish

    def theirs_first(temporary, final, *, overwrite):
        final.write_bytes(b"their run")
        real_publish(temporary, final, overwrite=overwrite)

    monkeypatch.setattr(atomic_module, "_publish", theirs_first)
    with pytest.raises(TargetExistsError):
        write_atomically(target, lambda handle: handle.write(b"our run"), overwrite=False)
    assert target.read_bytes() == b"their run"
    assert list(tmp_path.glob("*.partial")) == [] and list(tmp_path.glob(".*.partial")) == []


def test_a_locked_manifest_does_not_lose_the_run(tmp_path, monkeypatch):
    # Windows: manifest.jsonl open in Excel. The data file is the truth, so the run is kept and read.
    store = _seeded_store(tmp_path)

    def locked(target, text):
        raise PermissionError(13, "The process cannot access the file", str(target))

    monkeypatch.setattr("csc_scorecard.history.store.write_text_atomically", locked)
    with pytest.warns(UserWarning, match="open in another program"):
        store.append_run(extract({("FD1", (2023, 1)): 1360.0}, date(2023, 3, 6)), "settings-a")
    assert len(store.runs()) == 2
    assert not store.manifest_is_current()
