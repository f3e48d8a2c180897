"""Data tests on the tables Python builds (metric marts in pipelines/metrics): each a query counting violating
rows (0 means the check passes). The SQL models' tests are dbt data tests in pipelines/dbt_project."""

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


def run_check(con: duckdb.DuckDBPyConnection, check: TableCheck) -> int:
    return int(con.execute(check.violations_sql).fetchone()[0] or 0)
