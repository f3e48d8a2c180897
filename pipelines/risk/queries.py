"""Running the feature and label SQL in pipelines/risk/sql with bound parameters.

The snapshot dates go into a temporary table (`risk_snapshots`) through a bound list parameter,
and scalar settings such as the horizon are bound as `$name` parameters: nothing is formatted
into SQL text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from pipelines.sql_files import sql_file

SQL_DIR = Path(__file__).resolve().parent / "sql"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def risk_sql(name: str) -> str:
    return sql_file(SQL_DIR, name)


def set_snapshots(con: duckdb.DuckDBPyConnection, dates: Sequence[date]) -> None:
    """(Re)create the temporary table of snapshot dates the feature SQL joins to."""
    con.sql("CREATE OR REPLACE TEMP TABLE risk_snapshots AS "
            "SELECT DISTINCT CAST(unnest($dates) AS DATE) AS snapshot_date", params={"dates": list(dates)})


# Query results several SQL files share, materialised once per run as temporary tables.
SHARED_TABLES = ("risk_invoices",)


def refresh_shared(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the shared temporary tables so the next query rebuilds them from the current warehouse."""
    for table in SHARED_TABLES:
        con.sql(f"DROP TABLE IF EXISTS temp.{table}")


def _ensure_shared(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    for table in SHARED_TABLES:
        if re.search(rf"\b{table}\b", sql) and not con.sql(
                "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = $t",
                params={"t": table}).fetchall()[0][0]:
            con.sql(f"CREATE TEMP TABLE {table} AS {risk_sql(table)}")


def _execute(con: duckdb.DuckDBPyConnection, name: str, snapshots: Sequence[date] | None,
             params: dict[str, object]) -> duckdb.DuckDBPyRelation:
    sql = risk_sql(name)
    if snapshots is not None:
        set_snapshots(con, snapshots)
    _ensure_shared(con, re.sub(r"--[^\n]*", "", sql))
    wanted = set(_PARAM.findall(re.sub(r"--[^\n]*", "", sql)))
    missing = wanted - params.keys()
    if missing:
        raise ValueError(f"{name}.sql needs parameters {sorted(missing)}")
    return con.sql(sql, params={k: params[k] for k in sorted(wanted)})


def run_risk_sql(con: duckdb.DuckDBPyConnection, name: str, snapshots: Sequence[date] | None = None,
                 **params: object) -> pd.DataFrame:
    """Run pipelines/risk/sql/<name>.sql and return its rows; binds only the parameters the SQL names."""
    return _execute(con, name, snapshots, params).df()


def run_risk_arrow(con: duckdb.DuckDBPyConnection, name: str, snapshots: Sequence[date] | None = None,
                   **params: object) -> pa.Table:
    """The same as an Arrow table: much faster than pandas for the large event streams."""
    return _execute(con, name, snapshots, params).to_arrow_table()
