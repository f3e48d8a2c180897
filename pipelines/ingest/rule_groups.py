"""A source's quarantined rows grouped by rule, most frequent first, with the first examples as the user sees them."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

EXAMPLES = 3
# Exact copies of rows already loaded from an earlier file: expected when a drop is re-delivered, never a problem.
REDELIVERED_RULE = "duplicate_redelivered"


def shown_column_sql(columns: str, column: str) -> str:
    """SQL for a column as the user sees it, "单据日期 (C) -> invoice_date", from a raw_columns row `columns`."""
    return (f"coalesce({columns}.header || ' (' || {columns}.letter || ')' || CASE WHEN {columns}.header <> {column} "
            f"THEN ' -> ' || {column} ELSE '' END, {column})")


@dataclass
class RuleGroup:
    column: str | None
    rule: str
    count: int
    examples: list[tuple[str, int, str, str]]  # (file, row, column as shown, value)


def rule_groups(con: duckdb.DuckDBPyConnection, source: str, examples: int = EXAMPLES,
                leave_out_prefix: str | None = None) -> list[RuleGroup]:
    """Every rule broken in the source (rules starting with leave_out_prefix aside), with counts and examples."""
    rows = con.execute(f"""
        WITH q AS (
            SELECT q.*, {shown_column_sql("c", "q.column_name")} AS shown_column
            FROM quarantine q LEFT JOIN raw_columns c
              ON c.source = q.source AND c.source_file = q.source_file AND c.column_name = q.column_name
            WHERE q.source = $source AND q.rule <> '{REDELIVERED_RULE}'
              AND ($prefix IS NULL OR NOT starts_with(q.rule, $prefix)))
        SELECT column_name, rule, count(*) AS n,
               list([source_file, source_row::VARCHAR, coalesce(shown_column, ''), coalesce(value, '')]
                    ORDER BY source_file, source_row)[1:{int(examples)}]
        FROM q GROUP BY ALL ORDER BY n DESC, column_name, rule
    """, {"source": source, "prefix": leave_out_prefix}).fetchall()
    return [RuleGroup(col, rule, int(n), [(f, int(r), c, v) for f, r, c, v in found])
            for col, rule, n, found in rows]
