"""The one way ingest opens DuckDB: extensions are never downloaded or loaded on demand.

JSON and Parquet support are built into the DuckDB Python package, so they work with both settings off.
"""

from __future__ import annotations

from typing import Any

SAFE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def connect(database: str = ":memory:") -> Any:
    """A DuckDB connection that will not fetch anything from the internet."""
    import duckdb

    con = duckdb.connect(database, config=dict(SAFE_CONFIG))
    # DuckDB draws a progress bar on the terminal during long queries; the CLI has its own output.
    con.execute("SET enable_progress_bar = false")
    return con
