"""The catalogue of blocking data tests on the SQL models: keys, references, reconciliation."""

from __future__ import annotations

from pipelines.quality.metric_checks import METRIC_CHECKS
from pipelines.quality.table_checks_base import (
    AS_OF,
    TableCheck,
    not_null,
    reconciles,
    references,
    run_check,
    unique_key,
)

__all__ = ["MODEL_CHECKS", "TableCheck", "checks_for", "run_check"]


CORE_CHECKS: tuple[TableCheck, ...] = (
    unique_key("dim_calendar", "date_day"),
    unique_key("dim_region", "region_id"),
    unique_key("dim_rep", "rep_id"),
    unique_key("dim_customer", "customer_id"),
    unique_key("dim_product", "product_id"),
    not_null("dim_customer", "region_id"),
    references("dim_customer", "region_id", "dim_region", "region_id"),
    references("dim_rep", "region_id", "dim_region", "region_id"),
    unique_key("fct_sales_lines", "invoice_id", "line_no"),
    references("fct_sales_lines", "customer_id", "dim_customer", "customer_id"),
    references("fct_sales_lines", "rep_id", "dim_rep", "rep_id"),
    references("fct_sales_lines", "product_id", "dim_product", "product_id"),
    reconciles("fct_sales_lines", "fct_sales_lines_reconciles_to_staging",
               "fct_sales_lines holds every accepted sales line up to the as-of date (rows and amount)",
               f"SELECT count(*), sum(amount) FROM stg_sales_lines WHERE invoice_date <= {AS_OF}",
               "SELECT count(*), sum(amount) FROM fct_sales_lines"),
    unique_key("fct_collections", "receipt_id"),
    reconciles("fct_collections", "fct_collections_reconciles_to_staging",
               "fct_collections holds every accepted receipt up to the as-of date",
               f"SELECT count(*), sum(amount) FROM stg_collections WHERE receipt_date <= {AS_OF}",
               "SELECT count(*), sum(amount) FROM fct_collections"),
    unique_key("fct_returns", "return_id"),
    reconciles("fct_returns", "fct_returns_reconciles_to_staging",
               "fct_returns holds every accepted return up to the as-of date",
               f"SELECT count(*), sum(amount) FROM stg_returns WHERE return_date <= {AS_OF}",
               "SELECT count(*), sum(amount) FROM fct_returns"),
    unique_key("fct_inventory", "snapshot_date", "location_id", "product_id"),
    unique_key("fct_expenses", "expense_id"),
    reconciles("fct_expenses", "fct_expenses_reconciles_to_staging",
               "fct_expenses holds every accepted expense up to the as-of date",
               f"SELECT count(*), sum(amount) FROM stg_expenses WHERE expense_date <= {AS_OF}",
               "SELECT count(*), sum(amount) FROM fct_expenses"),
    unique_key("fct_visits", "visit_id"),
    unique_key("fct_sell_out", "sell_out_id"),
    reconciles("mart_sales_region_month", "mart_sales_region_month_reconciles",
               "monthly regional sales and collections add up to the facts",
               "SELECT 0, sum(sales_amount) + sum(collected_amount) FROM mart_sales_region_month",
               "SELECT 0, (SELECT coalesce(sum(amount), 0) FROM fct_sales_lines) + "
               "(SELECT coalesce(sum(amount), 0) FROM fct_collections)"),
    reconciles("mart_sales_rep_month", "mart_sales_rep_month_reconciles",
               "monthly rep sales add up to the facts",
               "SELECT 0, sum(sales_amount) FROM mart_sales_rep_month",
               "SELECT 0, sum(amount) FROM fct_sales_lines"),
    reconciles("mart_sales_customer_month", "mart_sales_customer_month_reconciles",
               "monthly customer sales add up to the facts",
               "SELECT 0, sum(sales_amount) FROM mart_sales_customer_month",
               "SELECT 0, sum(amount) FROM fct_sales_lines"),
    reconciles("mart_sales_product_month", "mart_sales_product_month_reconciles",
               "monthly product sales add up to the facts",
               "SELECT 0, sum(sales_amount) FROM mart_sales_product_month",
               "SELECT 0, sum(amount) FROM fct_sales_lines"),
    unique_key("mart_inventory_month", "product_id", "location_id", "month_start"),
    unique_key("mart_rep_activity_month", "rep_id", "month_start"),
)


MODEL_CHECKS: tuple[TableCheck, ...] = CORE_CHECKS + METRIC_CHECKS


def checks_for(table: str) -> list[TableCheck]:
    return [c for c in MODEL_CHECKS if c.table == table]
