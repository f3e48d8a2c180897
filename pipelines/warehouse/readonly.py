"""The read-only door analysts and notebooks use: never blocks or sees a half-built nightly run."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipelines.settings import Settings

CATALOG = "warehouse"


def open_warehouse(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse (data/marts/warehouse.duckdb by default).

    The connection keeps reading the warehouse as it was when opened, even after a nightly build
    publishes a new one; open a new connection to see the new data.
    """
    target = Path(path) if path else Settings.from_env().warehouse
    if not target.exists():
        raise FileNotFoundError(f"no published warehouse at {target}; run `salesops demo` or `salesops build`")
    # duckdb.connect(file) hands back the cached database of any connection to that path still open in
    # this process, i.e. the file as it was before the last publish. An in-memory database with the
    # file attached is always a fresh open of the file that is in place now.
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH $path AS {CATALOG} (READ_ONLY)", {"path": str(target)})
    con.execute(f"USE {CATALOG}")
    return con


def query(sql: str, params: list | dict | None = None, path: Path | str | None = None) -> pd.DataFrame:
    """Run one query on the published warehouse and return a DataFrame; the connection is closed after."""
    con = open_warehouse(path)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()
