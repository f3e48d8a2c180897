"""Running the feature and label SQL in pipelines/risk/sql with bound parameters.

The snapshot dates go into a temporary table (`risk_snapshots`) through a bound list parameter,
and scalar settings such as the horizon are bound as `$name` parameters: nothing is formatted
into SQL text. Quantities other parts of the product also use (invoices, purchase days, receivables
by day, weeks of supply) are dbt int_ models the risk SQL reads and only filters or aggregates by
snapshot; the risk SQL derives only what is risk's own.
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
# The shared int_ models the risk SQL reads (built by dbt before the risk runs), besides dims and facts.
SHARED_MODELS = ("int_invoices", "int_customer_purchase_days", "int_customer_receivables_days",
                 "int_channel_weeks_of_supply")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def risk_sql(name: str) -> str:
    return sql_file(SQL_DIR, name)


def set_snapshots(con: duckdb.DuckDBPyConnection, dates: Sequence[date]) -> None:
    """(Re)create the temporary table of snapshot dates the feature SQL joins to."""
    con.sql("CREATE OR REPLACE TEMP TABLE risk_snapshots AS "
            "SELECT DISTINCT CAST(unnest($dates) AS DATE) AS snapshot_date", params={"dates": list(dates)})


def _execute(con: duckdb.DuckDBPyConnection, name: str, snapshots: Sequence[date] | None,
             params: dict[str, object]) -> duckdb.DuckDBPyRelation:
    sql = risk_sql(name)
    if snapshots is not None:
        set_snapshots(con, snapshots)
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
