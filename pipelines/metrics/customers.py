"""Customer look-ups notebooks and dashboards call with their own threshold."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.metrics.sql import metric_sql


def customers_not_buying(con: duckdb.DuckDBPyConnection, days: int) -> pd.DataFrame:
    """Customers whose last purchase is at least `days` days before the as-of date, longest silence first.

    Works on any built warehouse (the nightly mart mart_customer_not_buying holds the default N).
    """
    if int(days) < 0:
        raise ValueError(f"days must be zero or more, got {days}")
    return con.execute(metric_sql("customers_not_buying"), {"days": int(days)}).df()
