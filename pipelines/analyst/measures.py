"""Business quantities the dashboards show, read from the int_ models that define them once.

A notebook and a page show the same number because both call these functions (the dashboard pages read the
quantities below through them too); the names here stay when the models move.
"""

from __future__ import annotations

import duckdb
import pandas as pd

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


# Each distributor's row for all the products of its latest stock count.
LATEST_CHANNEL_COUNT = """
WITH latest AS (
    SELECT distributor_id, max(count_date) AS count_date
    FROM int_channel_weeks_of_supply WHERE product_id IS NULL GROUP BY ALL
)
SELECT w.distributor_id, coalesce(c.customer_name, w.distributor_id) AS distributor_name,
       coalesce(c.region_id, 'UNKNOWN') AS region_id, w.count_date AS snapshot_date, w.on_hand_qty,
       w.sell_out_per_week, w.weeks_of_supply
FROM int_channel_weeks_of_supply w
JOIN latest l USING (distributor_id, count_date)
LEFT JOIN dim_customer c ON c.customer_id = w.distributor_id
WHERE w.product_id IS NULL
ORDER BY w.distributor_id
"""


def channel_weeks_of_supply(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each distributor's stock at its latest count against its weekly sell-out before it
    (int_channel_weeks_of_supply, all products counted that day): distributor_id, distributor_name, region_id,
    snapshot_date, on_hand_qty, sell_out_per_week, weeks_of_supply."""
    return con.execute(LATEST_CHANNEL_COUNT).df()


def days_of_inventory(con: duckdb.DuckDBPyConnection, month: str | None = None) -> pd.DataFrame:
    """Days of inventory (库存天数) and turnover (货物周转率) of each product in the company's warehouses, all
    warehouses together (int_days_of_inventory_month): product_id, product_name, category, month_start,
    closing_value, avg_value_in_month, cogs, turnover, days_of_inventory, had_stock_out. One month ('YYYY-MM')
    or every month when None."""
    sql = ("SELECT d.product_id, coalesce(p.product_name, d.product_id) AS product_name, p.category, d.month_start, "
           "d.closing_value, d.avg_value_in_month, d.cogs, d.turnover, d.days_of_inventory, "
           "d.min_qty_in_month = 0 AS had_stock_out "
           "FROM int_days_of_inventory_month d LEFT JOIN dim_product p USING (product_id) "
           "WHERE d.location_id IS NULL AND d.location_type = 'company_warehouse'")
    params: dict[str, object] = {}
    if month is not None:
        sql += " AND strftime(d.month_start, '%Y-%m') = $month"
        params["month"] = month
    return con.execute(sql + " ORDER BY d.month_start, d.product_id", params).df()
