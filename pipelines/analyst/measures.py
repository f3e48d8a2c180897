"""Business quantities the dashboards compute themselves today (page code or a page query), not a mart.

Each name here is the one definition the dashboards use; when the quantity moves into an int_ model
(the dbt migration), the name stays and reads the model instead.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipelines import dashboards
from pipelines.dashboards.pages.costs import rolling_ratio
from pipelines.dashboards.pages.inventory import non_effective_inventory as _non_effective
from pipelines.sql_files import sql_file


def non_effective_inventory(stock: pd.DataFrame, period: str) -> pd.DataFrame:
    """非有效库存 per product for the month `period` ('YYYY-MM'): average stock value of the last two months
    above the average monthly cost of sales. `stock`: company-warehouse stock per product and month with
    product_id, product_name, category, month_start, closing_value, cogs."""
    return _non_effective(stock.assign(period=pd.to_datetime(stock["month_start"]).dt.strftime("%Y-%m")), period)


def rolling_expense_ratio(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Expenses over sales of the trailing three months per key (columns month_start, expense_amount,
    sales_amount and the keys), as the cost-control page shows it; adds `ratio`."""
    return rolling_ratio(df, keys)


def _dashboard_query(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    return con.execute(sql_file(Path(dashboards.__file__).resolve().parent / "queries", name)).df()


def sell_in_sell_out(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Units sold into distributors (sell-in) and units they sold on (sell-out) per region and month:
    region_id, month_start, sell_in_qty, sell_out_qty."""
    return _dashboard_query(con, "sell_in_sell_out_month")


def channel_weeks_of_supply(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each distributor's stock at its latest count against its weekly sell-out before it: distributor_id,
    distributor_name, region_id, snapshot_date, on_hand_qty, sell_out_per_week, weeks_of_supply."""
    return _dashboard_query(con, "channel_weeks_of_supply")
