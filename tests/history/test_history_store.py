"""The history store: one immutable Parquet file per run, a manifest that is only an index."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pyarrow.parquet as pq
import pytest
from history_helpers import COUNCIL, extract, results, row

from csc_scorecard.engine.results import RESULTS_SCHEMA
from csc_scorecard.history import STORE_SCHEMA, HistoryStore, config_settings_hash, settings_hash_of
from csc_scorecard.history.store import MANIFEST_NAME, make_run_id

FEB = date(2023, 2, 6)
JAN_RUN = extract({("FD1", (2023, 1)): 1348.0, ("CIN4", (2023, 1)): 0.22}, FEB)
WHEN = datetime(2023, 2, 7, 9, 30, 0, 123456, tzinfo=UTC)


def test_an_empty_store_reads_as_no_rows(tmp_path):
    store = HistoryStore(tmp_path / "history")
    assert store.runs() == []
    table = store.read()
    assert table.num_rows == 0
    assert table.schema.equals(STORE_SCHEMA)


def test_a_run_is_one_parquet_file_with_its_keys_and_a_manifest_line(tmp_path):
    store = HistoryStore(tmp_path)
    run = store.append_run(JAN_RUN, "settings-a", recorded_at=WHEN)
    assert run.run_id == "20230206-cat1-settingsa-20230207T093000123456Z"
    assert run.period == "2023-01" and run.councils == (COUNCIL,) and run.rows == 2
    assert [p.name for p in store.data_files()] == [f"run-{run.run_id}.parquet"]
    lines = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["run_id"] for line in lines] == [run.run_id]
    stored = store.read()
    assert stored.schema.equals(STORE_SCHEMA)
    assert set(stored.column("settings_hash").to_pylist()) == {"settings-a"}
    assert set(stored.column("run_id").to_pylist()) == {run.run_id}
    assert set(stored.column("source").to_pylist()) == {"computed"}
    assert set(stored.column("extract_date").to_pylist()) == {FEB}


def test_runs_append_and_never_overwrite(tmp_path):
    store = HistoryStore(tmp_path)
    first = store.append_run(JAN_RUN, "s", recorded_at=WHEN)
    # The same run recorded at the same instant (another machine) gets its own file.
    second = store.append_run(JAN_RUN, "s", recorded_at=WHEN)
    assert first.run_id != second.run_id
    assert len(store.data_files()) == 2
    assert store.read().num_rows == 4
    assert [r.run_id for r in store.runs()] == [first.run_id, second.run_id]


def test_what_is_stored_is_deterministic_apart_from_recorded_at(tmp_path):
    shuffled = results(reversed(JAN_RUN.table.to_pylist()))
    a = HistoryStore(tmp_path / "a").append_run(JAN_RUN, "s", recorded_at=WHEN)
    b = HistoryStore(tmp_path / "b").append_run(shuffled, "s", recorded_at=WHEN)
    # Same results (in any row order) and the same recorded_at: the same bytes.
    file_a = (tmp_path / "a" / "runs" / a.file).read_bytes()
    file_b = (tmp_path / "b" / "runs" / b.file).read_bytes()
    assert file_a == file_b
    # Recorded at another time: only run_id and recorded_at differ.
    c = HistoryStore(tmp_path / "c").append_run(JAN_RUN, "s")
    table_a = pq.read_table(tmp_path / "a" / "runs" / a.file).drop_columns(["run_id", "recorded_at"])
    table_c = pq.read_table(tmp_path / "c" / "runs" / c.file).drop_columns(["run_id", "recorded_at"])
    assert table_a.replace_schema_metadata(None).equals(table_c.replace_schema_metadata(None))


def test_a_run_must_have_one_extract_date(tmp_path):
    mixed = results(
        [row("FD1", (2023, 1), 1.0, extract=FEB), row("FD1", (2022, 12), 1.0, extract=date(2023, 1, 6))]
    )
    with pytest.raises(ValueError, match="one extract date"):
        HistoryStore(tmp_path).append_run(mixed, "s")


def test_a_data_file_the_manifest_does_not_list_is_still_read_and_then_indexed(tmp_path):
    # A run that died after renaming its data file but before writing the manifest.
    store = HistoryStore(tmp_path)
    first = store.append_run(JAN_RUN, "s", recorded_at=WHEN)
    manifest_before = store.manifest_path.read_bytes()
    second = store.append_run(JAN_RUN, "s")
    store.manifest_path.write_bytes(manifest_before)
    assert not store.manifest_is_current()
    assert [r.run_id for r in store.runs()] == [first.run_id, second.run_id]
    assert store.read().num_rows == 4
    store.repair_manifest()
    assert store.manifest_is_current()
    assert store.manifest_entries() == store.runs()


def test_a_manifest_entry_without_its_file_is_dropped(tmp_path):
    store = HistoryStore(tmp_path)
    run = store.append_run(JAN_RUN, "s")
    (store.runs_folder / run.file).unlink()
    assert store.runs() == []
    assert store.read().num_rows == 0


def test_a_damaged_manifest_line_does_not_hide_a_run(tmp_path):
    store = HistoryStore(tmp_path)
    run = store.append_run(JAN_RUN, "s")
    store.manifest_path.write_text("{not json\n", encoding="utf-8")
    assert [r.run_id for r in store.runs()] == [run.run_id]


def test_readers_ignore_partial_files(tmp_path):
    store = HistoryStore(tmp_path)
    run = store.append_run(JAN_RUN, "s")
    (store.runs_folder / f".run-x.parquet.abc{'.partial'}").write_bytes(b"PAR1 half a file")
    assert [r.run_id for r in store.runs()] == [run.run_id]
    assert store.read().num_rows == 2
    assert len(store.partial_files()) == 1


def test_the_store_is_readable_by_any_parquet_reader(tmp_path):
    # Power BI and pandas read the runs folder as plain Parquet: no csc-scorecard needed.
    store = HistoryStore(tmp_path)
    store.append_run(JAN_RUN, "s")
    store.append_run(extract({("FD1", (2023, 1)): 1360.0}, date(2023, 3, 6)), "s")
    table = pq.read_table(tmp_path / "runs")
    assert table.num_rows == 3
    assert set(RESULTS_SCHEMA.names) <= set(table.schema.names)


def test_duckdb_connection_never_fetches_extensions(tmp_path):
    store = HistoryStore(tmp_path)
    store.append_run(JAN_RUN, "s")
    connection = store.connect()
    settings = dict(
        connection.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name LIKE 'auto%_known_extensions'"
        ).fetchall()
    )
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
    assert connection.execute("SELECT count(*) FROM history").fetchone() == (2,)
    positional = store.query("SELECT count(*) AS n FROM history WHERE period_end = ?", [date(2023, 1, 31)])
    named = store.query("SELECT count(*) AS n FROM history WHERE ref = $ref", {"ref": "FD1"})
    assert positional.column("n").to_pylist() == [2] and named.column("n").to_pylist() == [1]


def test_latest_run_and_run_results(tmp_path):
    store = HistoryStore(tmp_path)
    store.append_run(JAN_RUN, "s", recorded_at=WHEN)
    later = store.append_run(extract({("FD1", (2023, 1)): 1360.0}, date(2023, 3, 6)), "s")
    assert store.latest_run(COUNCIL, "2023-01") == later
    assert store.latest_run(COUNCIL, "2022-12") is None
    assert store.latest_run("999", "2023-01") is None
    assert store.run_results(later.run_id).table.column("value").to_pylist() == [1360.0]


def test_no_child_identifier_is_ever_stored(tmp_path):
    # Results are aggregates; a synthetic person id (SYN-P-...) must never reach the store.
    store = HistoryStore(tmp_path)
    store.append_run(JAN_RUN, "s")
    pattern = re.compile(r"SYN-P-")
    for path in store.data_files():
        table = pq.read_table(path)
        for name in table.schema.names:
            for value in table.column(name).to_pylist():
                assert not pattern.search(str(value)), (name, value)
    assert not pattern.search(store.manifest_path.read_text(encoding="utf-8"))


def test_settings_hash_ignores_key_order_and_covers_compute_sections():
    assert settings_hash_of({"a": 1, "b": [1, 2]}) == settings_hash_of({"b": [1, 2], "a": 1})
    assert settings_hash_of({"a": 1}) != settings_hash_of({"a": 2})
    from csc_scorecard.config import validate_config_text

    home = '[council]\ndfe_code = "357"\nons_code = "E08000008"\nname = "Tameside"\n'
    plain = config_settings_hash(validate_config_text(home, "council.toml"))
    titled = config_settings_hash(validate_config_text(home + '[report]\ntitle = "X"\n', "council.toml"))
    assert plain == titled  # a report title does not change a computed figure


def test_run_id_is_extract_catalogue_settings_and_utc_time():
    assert make_run_id(FEB, "abc123", "def456", WHEN) == "20230206-abc123-def456-20230207T093000123456Z"
    assert make_run_id(None, "", "", WHEN).startswith("noextract-none-none-")


def test_runs_written_at_the_same_time_are_all_kept(tmp_path):
    # No locks: eight writers at once (as on a shared drive) each add their own file, and every run
    # is read even if some manifest rewrites lost the race.
    from concurrent.futures import ThreadPoolExecutor

    store = HistoryStore(tmp_path)
    with ThreadPoolExecutor(max_workers=8) as pool:
        infos = list(pool.map(lambda _: store.append_run(JAN_RUN, "s", recorded_at=WHEN), range(8)))
    assert len({info.run_id for info in infos}) == 8
    assert len(store.runs()) == 8
    assert store.read().num_rows == 16
    store.repair_manifest()
    assert store.manifest_is_current()


def test_files_use_a_codec_every_reader_has(tmp_path):
    store = HistoryStore(tmp_path)
    run = store.append_run(JAN_RUN, "s")
    metadata = pq.ParquetFile(store.runs_folder / run.file).metadata
    assert metadata.row_group(0).column(0).compression == "SNAPPY"
