"""Business quantities the dashboards show, read from the int_ models that define them once.

A notebook and a page show the same number because both select from the same model; the names here stay when
the models move.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipelines import dashboards
from pipelines.sql_files import sql_file

GRAINS = ("company", "region", "rep")
BONUS_PERIODS = ("year", "quarter")


def non_effective_inventory(con: duckdb.DuckDBPyConnection, month: str | None = None, *,
                            period: str = "year") -> pd.DataFrame:
    """非有效库存 per product (int_non_effective_inventory): the bonus period (`period`: 'year' or 'quarter') to
    date at the end of `month` ('YYYY-MM'; every month when None): company_stock_last_two_months,
    distributor_stock_last_two_months, avg_monthly_sales, excess_value. Products with an excess, largest first."""
    if period not in BONUS_PERIODS:
        raise ValueError(f"period must be one of {BONUS_PERIODS}, got {period!r}")
    sql = "SELECT * FROM int_non_effective_inventory WHERE period = $period AND excess_value > 0"
    params: dict[str, object] = {"period": period}
    if month is not None:
        sql += " AND strftime(month_start, '%Y-%m') = $month"
        params["month"] = month
    return con.execute(sql + " ORDER BY month_start, excess_value DESC, product_id", params).df()


def rolling_expense_ratio(con: duckdb.DuckDBPyConnection, grain: str = "region") -> pd.DataFrame:
    """Expense ratios per month at one grain ('company', 'region' or 'rep') from int_expense_ratios_month, as the
    cost-control page shows them: `ratio` is expenses over sales of the trailing months (expense_to_sales_rolling;
    the window is expense_ratio_window_months in int_metric_params)."""
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}, got {grain!r}")
    df = con.execute("SELECT * FROM int_expense_ratios_month WHERE grain = $grain ORDER BY region_id, rep_id, "
                     "month_start", {"grain": grain}).df()
    return df.assign(ratio=df["expense_to_sales_rolling"])


def sell_in_sell_out(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Units sold into distributors (sell-in) and units they sold on (sell-out) per region and month
    (int_sell_in_sell_out_month): region_id, month_start, sell_in_qty, sell_out_qty."""
    return con.execute("SELECT * FROM int_sell_in_sell_out_month ORDER BY region_id, month_start").df()


def _dashboard_query(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    return con.execute(sql_file(Path(dashboards.__file__).resolve().parent / "queries", name)).df()


def channel_weeks_of_supply(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each distributor's stock at its latest count against its weekly sell-out before it: distributor_id,
    distributor_name, region_id, snapshot_date, on_hand_qty, sell_out_per_week, weeks_of_supply."""
    return _dashboard_query(con, "channel_weeks_of_supply")
