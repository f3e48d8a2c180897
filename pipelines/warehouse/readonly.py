"""The read-only door analysts and notebooks use: never blocks or sees a half-built nightly run."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipelines.settings import Settings


def open_warehouse(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse (data/marts/warehouse.duckdb by default)."""
    target = Path(path) if path else Settings.from_env().warehouse
    if not target.exists():
        raise FileNotFoundError(f"no published warehouse at {target}; run `salesops demo` or `salesops build`")
    return duckdb.connect(str(target), read_only=True)


def query(sql: str, params: list | dict | None = None, path: Path | str | None = None) -> pd.DataFrame:
    """Run one query on the published warehouse and return a DataFrame; the connection is closed after."""
    con = open_warehouse(path)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()
