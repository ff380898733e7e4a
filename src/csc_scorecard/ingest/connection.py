"""The one way ingest opens DuckDB: extensions are never downloaded or loaded on demand.

JSON and Parquet support are built into the DuckDB Python package, so they work with both settings off.
"""

from __future__ import annotations

from typing import Any

SAFE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def connect(database: str = ":memory:", memory_limit: str | None = None) -> Any:
    """A DuckDB connection that will not fetch anything from the internet.

    `memory_limit` (e.g. "3GB") caps what DuckDB holds in memory, its cache included; beyond it,
    DuckDB spills to a temporary folder (DuckDB's default: 80% of the machine's memory).
    """
    import duckdb

    config: dict[str, Any] = dict(SAFE_CONFIG)
    if memory_limit:
        config["memory_limit"] = memory_limit
    con = duckdb.connect(database, config=config)
    # DuckDB draws a progress bar on the terminal during long queries; the CLI has its own output.
    con.execute("SET enable_progress_bar = false")
    return con
