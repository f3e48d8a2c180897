"""Declarative data tests: each is a query counting violating rows (0 means the check passes)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class TableCheck:
    table: str
    name: str
    description: str
    violations_sql: str  # SELECT returning one integer: the number of violations


def unique_key(table: str, *cols: str) -> TableCheck:
    key = ", ".join(cols)
    return TableCheck(
        table, f"{table}_key_unique", f"{key} identifies one row of {table}",
        f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY ALL HAVING count(*) > 1)",
    )


def not_null(table: str, col: str) -> TableCheck:
    return TableCheck(table, f"{table}_{col}_not_null", f"{table}.{col} is never empty",
                      f"SELECT count(*) FROM {table} WHERE {col} IS NULL")


def references(table: str, col: str, parent: str, parent_col: str) -> TableCheck:
    return TableCheck(
        table, f"{table}_{col}_in_{parent}", f"every {table}.{col} exists in {parent}.{parent_col}",
        f"SELECT count(*) FROM {table} t WHERE t.{col} IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM {parent} p WHERE p.{parent_col} = t.{col})",
    )


def reconciles(table: str, name: str, description: str, left_sql: str, right_sql: str) -> TableCheck:
    """Two (row count, total) pairs that must agree: counts exactly, totals to float rounding."""
    return TableCheck(
        table, name, description,
        f"SELECT CAST(l.n <> r.n AS INT) + CAST(abs(coalesce(l.t, 0) - coalesce(r.t, 0)) > "
        f"0.01 + 1e-9 * abs(coalesce(l.t, 0)) AS INT) FROM ({left_sql}) l(n, t), ({right_sql}) r(n, t)",
    )


AS_OF = "(SELECT as_of FROM build_params)"

MODEL_CHECKS: tuple[TableCheck, ...] = (
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


def checks_for(table: str) -> list[TableCheck]:
    return [c for c in MODEL_CHECKS if c.table == table]


def run_check(con: duckdb.DuckDBPyConnection, check: TableCheck) -> int:
    return int(con.execute(check.violations_sql).fetchone()[0] or 0)
