"""The history store: every run's results, kept as one immutable Parquet file per run.

Layout of the store folder (its path is `[history] path` in the council configuration):

    runs/run-<extract date>-<catalogue hash>-<settings hash>-<UTC timestamp>.parquet   one per run
    manifest.jsonl      an index of the runs (one JSON object a line); rebuilt from the data files
    signoffs.jsonl      who signed off which run (see `history.signoff`)

The data files are the truth; the manifest is only an index. A run writes its data file first (to a
`.partial` name, fsynced, then renamed) and the manifest second, so a run that dies in between leaves
a complete data file the manifest does not list yet: readers find it anyway, and the next run writes
it into the manifest. Each data file also carries its own manifest entry in its Parquet metadata,
which is how an unlisted file is indexed without reading its rows.

Nothing here takes a file lock (network drives do them badly) and nothing is ever overwritten: two
machines writing at once write two differently named files.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from csc_scorecard.engine.results import RESULTS_SCHEMA, Results
from csc_scorecard.errors import FileLockedError, ScorecardError
from csc_scorecard.history.atomic import (
    PARTIAL_SUFFIX,
    TargetExistsError,
    write_atomically,
    write_text_atomically,
)

RUNS_FOLDER = "runs"
MANIFEST_NAME = "manifest.jsonl"
RUN_METADATA_KEY = b"csc_scorecard.run"

# What the store adds to each results row: which run it came from and when it was recorded.
STORE_EXTRA_FIELDS = [
    pa.field("settings_hash", pa.string()),
    pa.field("run_id", pa.string()),
    pa.field("recorded_at", pa.timestamp("us", tz="UTC")),
    pa.field("source", pa.string()),
]
STORE_SCHEMA = pa.schema([*RESULTS_SCHEMA, *STORE_EXTRA_FIELDS])

# Rows are written in this order so that the same results give the same file.
_ROW_ORDER = [
    ("council", "ascending"),
    ("ref", "ascending"),
    ("breakdown", "ascending"),
    ("breakdown_value", "ascending"),
    ("period_end", "ascending"),
    ("period_start", "ascending"),
    ("period_basis", "ascending"),
]


class Source(StrEnum):
    """Where a run's figures came from."""

    COMPUTED = "computed"  # computed by csc-scorecard from an extract
    PUBLISHED = "published"  # a council's own published scorecard, loaded by `reconcile`


class HistoryStoreError(ScorecardError):
    """The history store cannot be read or written (missing folder, unreadable file)."""


@dataclass(frozen=True)
class RunInfo:
    """One manifest entry: what a run's data file holds."""

    run_id: str
    file: str  # the data file's name inside runs/
    source: str
    councils: tuple[str, ...]
    period: str  # the latest month in the run, "2023-01": the reporting period of a computed run
    extract_date: date | None
    catalogue_hash: str
    settings_hash: str
    recorded_at: datetime
    rows: int

    def to_json(self) -> str:
        data = asdict(self)
        data["councils"] = list(self.councils)
        data["extract_date"] = self.extract_date.isoformat() if self.extract_date else None
        data["recorded_at"] = self.recorded_at.isoformat()
        return json.dumps(data, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> RunInfo:
        data = json.loads(text)
        return cls(
            run_id=str(data["run_id"]),
            file=str(data["file"]),
            source=str(data["source"]),
            councils=tuple(data["councils"]),
            period=str(data["period"]),
            extract_date=date.fromisoformat(data["extract_date"]) if data["extract_date"] else None,
            catalogue_hash=str(data["catalogue_hash"]),
            settings_hash=str(data["settings_hash"]),
            recorded_at=datetime.fromisoformat(data["recorded_at"]),
            rows=int(data["rows"]),
        )


def settings_hash_of(settings: Mapping[str, Any] | Sequence[Any]) -> str:
    """A stable 16-character hash of JSON-able settings (key order does not matter)."""
    text = json.dumps(settings, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# The configuration sections that change what compute produces; targets, report titles and
# comparator groups change only how figures are shown, so they do not make a new settings hash.
_COMPUTE_SECTIONS = (
    "indicators",
    "services",
    "teams",
    "roles",
    "value_maps",
    "standards",
    "population",
    "dates",
)


def config_settings_hash(config: Any) -> str:
    """The settings hash of a `CouncilConfig`: a hash over the sections that change computed figures."""
    dumped = config.model_dump(mode="json")
    return settings_hash_of({name: dumped.get(name) for name in _COMPUTE_SECTIONS})


def _short(text: str) -> str:
    cleaned = "".join(ch for ch in text if ch.isalnum())
    return (cleaned or "none")[:12]


def make_run_id(
    extract_date: date | None, catalogue_hash: str, settings_hash: str, recorded_at: datetime
) -> str:
    """extract date + catalogue hash + settings hash + UTC timestamp (to the microsecond)."""
    extract = extract_date.strftime("%Y%m%d") if extract_date else "noextract"
    stamp = recorded_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{extract}-{_short(catalogue_hash)}-{_short(settings_hash)}-{stamp}"


def _single(values: list[Any], name: str) -> Any:
    distinct = sorted({v for v in values if v is not None}, key=str)
    if len(distinct) > 1:
        raise ValueError(f"a run has one {name}; these results have {len(distinct)}: {distinct[:5]}")
    return distinct[0] if distinct else None


class HistoryStore:
    """A folder of runs. Reading needs only read access; nothing is cached between calls, so a
    store on a shared drive shows other people's runs as soon as their files are renamed into place.
    """

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    @property
    def runs_folder(self) -> Path:
        return self.folder / RUNS_FOLDER

    @property
    def manifest_path(self) -> Path:
        return self.folder / MANIFEST_NAME

    # --- writing -----------------------------------------------------------------------------------

    def append_run(
        self,
        results: Results,
        settings_hash: str,
        *,
        source: Source | str = Source.COMPUTED,
        recorded_at: datetime | None = None,
    ) -> RunInfo:
        """Store one run's results as a new immutable file, then index it in the manifest.

        `recorded_at` defaults to now (UTC); passing it makes the stored file byte-for-byte repeatable.
        """
        source = Source(source)
        table = results.table
        if table.num_rows == 0:
            raise ValueError("there are no results to store")
        extract_date = _single(table.column("extract_date").to_pylist(), "extract date")
        catalogue_hash = _single(table.column("catalogue_hash").to_pylist(), "catalogue hash") or ""
        when = (recorded_at or datetime.now(UTC)).astimezone(UTC)
        councils = tuple(sorted({str(c) for c in table.column("council").to_pylist()}))
        period = max(table.column("period_end").to_pylist()).strftime("%Y-%m")
        while True:
            run_id = make_run_id(extract_date, catalogue_hash, settings_hash, when)
            info = RunInfo(
                run_id=run_id,
                file=f"run-{run_id}.parquet",
                source=source.value,
                councils=councils,
                period=period,
                extract_date=extract_date,
                catalogue_hash=catalogue_hash,
                settings_hash=settings_hash,
                recorded_at=when,
                rows=table.num_rows,
            )
            stored = _stored_table(table, info)
            try:
                write_atomically(
                    self.runs_folder / info.file,
                    functools.partial(_write_parquet, stored),
                    overwrite=False,
                )
                break
            except TargetExistsError:
                # Same settings recorded in the same microsecond (another machine, or a fixed
                # `recorded_at`): move one microsecond on rather than overwrite.
                when += timedelta(microseconds=1)
            except PermissionError as error:
                raise FileLockedError(
                    f"cannot write to the history store {self.runs_folder}: {error.strerror or error}. "
                    "Check that the folder exists and that you may write to it."
                ) from None
        self._write_manifest(extra=info)
        return info

    def _write_manifest(self, extra: RunInfo | None = None) -> None:
        runs = {run.run_id: run for run in self.runs()}
        if extra is not None:
            runs[extra.run_id] = extra
        ordered = sorted(runs.values(), key=lambda run: (run.recorded_at, run.run_id))
        try:
            write_text_atomically(self.manifest_path, "".join(run.to_json() + "\n" for run in ordered))
        except PermissionError:
            # The run's data file is already in place and readers find it without the manifest; the
            # next run (or `history list --repair`) writes the index again. Say so, but do not fail.
            import warnings

            warnings.warn(
                f"could not update {self.manifest_path} (is it open in another program, such as Excel?); "
                "the run is stored and will be indexed next time",
                stacklevel=3,
            )

    def repair_manifest(self) -> None:
        """Write the manifest again from the data files (after a run died before indexing itself)."""
        self._write_manifest()

    # --- reading -----------------------------------------------------------------------------------

    def data_files(self) -> list[Path]:
        """The complete run files; `.partial` files (runs in progress, or that died) are never listed."""
        if not self.runs_folder.is_dir():
            return []
        return sorted(
            path
            for path in self.runs_folder.iterdir()
            if path.suffix == ".parquet" and not path.name.startswith(".") and path.is_file()
        )

    def partial_files(self) -> list[Path]:
        """Temporary files left by runs in progress or that died mid-write (safe to delete when old)."""
        if not self.runs_folder.is_dir():
            return []
        return sorted(p for p in self.runs_folder.iterdir() if p.name.endswith(PARTIAL_SUFFIX))

    def manifest_entries(self) -> list[RunInfo]:
        """The manifest as written (may lag the data files; `runs()` is the checked view)."""
        try:
            text = self.manifest_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        entries = []
        for line in text.splitlines():
            if line.strip():
                try:
                    entries.append(RunInfo.from_json(line))
                except (ValueError, KeyError, TypeError):
                    continue  # an unreadable line is rebuilt from its data file below
        return entries

    def runs(self) -> list[RunInfo]:
        """Every stored run, oldest first: the manifest, checked against the data files.

        A data file the manifest does not list is indexed from its own Parquet metadata; a manifest
        entry whose file is gone is dropped.
        """
        listed = {entry.file: entry for entry in self.manifest_entries()}
        runs = []
        for path in self.data_files():
            entry = listed.get(path.name)
            if entry is None:
                entry = _run_info_from_file(path)
            runs.append(entry)
        return sorted(runs, key=lambda run: (run.recorded_at, run.run_id))

    def manifest_is_current(self) -> bool:
        listed = {entry.file for entry in self.manifest_entries()}
        return listed == {path.name for path in self.data_files()}

    def connect(self) -> Any:
        """A DuckDB connection with a `history` view over every stored run (extensions never fetched)."""
        from csc_scorecard.ingest.connection import connect

        connection = connect()
        files = [str(self.runs_folder / run.file) for run in self.runs()]
        if files:
            connection.read_parquet(files, union_by_name=True).create_view("history")
        else:
            connection.register("history", STORE_SCHEMA.empty_table())
        return connection

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> pa.Table:
        """Run SQL over the `history` view (positional `?` or named `$name` parameters) as Arrow."""
        connection = self.connect()
        try:
            bound = dict(params) if isinstance(params, Mapping) else list(params) if params else None
            return connection.sql(sql, params=bound).to_arrow_table()
        finally:
            connection.close()

    def read(self) -> pa.Table:
        """Every stored row, in the store schema."""
        table = self.query("SELECT * FROM history ORDER BY recorded_at, run_id, council, ref, period_end")
        return table.select(STORE_SCHEMA.names).cast(STORE_SCHEMA)

    def run_results(self, run_id: str) -> Results:
        """One run's rows as Results (without the store's own columns)."""
        for run in self.runs():
            if run.run_id == run_id:
                table = pq.read_table(self.runs_folder / run.file)
                return Results(table.select(RESULTS_SCHEMA.names).cast(RESULTS_SCHEMA))
        raise KeyError(f"no run {run_id} in the history store {self.folder}")

    def latest_run(
        self, council: str, period: str, source: Source | str | None = Source.COMPUTED
    ) -> RunInfo | None:
        """The most recently recorded run for a council whose reporting period is `period` ("2023-01")."""
        found = [
            run
            for run in self.runs()
            if council in run.councils and run.period == period and (source is None or run.source == source)
        ]
        return found[-1] if found else None


def _stored_table(table: pa.Table, info: RunInfo) -> pa.Table:
    rows = table.num_rows
    extra = {
        "settings_hash": pa.array([info.settings_hash] * rows, pa.string()),
        "run_id": pa.array([info.run_id] * rows, pa.string()),
        "recorded_at": pa.array([info.recorded_at] * rows, pa.timestamp("us", tz="UTC")),
        "source": pa.array([info.source] * rows, pa.string()),
    }
    combined = pa.Table.from_arrays(
        [*table.select(RESULTS_SCHEMA.names).columns, *extra.values()], schema=STORE_SCHEMA
    )
    combined = combined.sort_by(_ROW_ORDER)
    metadata = {RUN_METADATA_KEY: info.to_json().encode("utf-8")}
    return combined.replace_schema_metadata(metadata)


def _write_parquet(table: pa.Table, handle: BinaryIO) -> None:
    # Snappy: the codec every Parquet reader has, Power BI's included; the files are small anyway.
    pq.write_table(table, handle, compression="snappy")


def _run_info_from_file(path: Path) -> RunInfo:
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowInvalid) as error:
        raise HistoryStoreError(f"cannot read the history file {path}: {error}") from None
    if RUN_METADATA_KEY not in metadata:
        raise HistoryStoreError(f"{path} is not a csc-scorecard history file (no run metadata)")
    return RunInfo.from_json(metadata[RUN_METADATA_KEY])
