"""A source's quarantined rows grouped by rule, most frequent first, with the first examples as the user sees them."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.ingest.stage import REDELIVERED_RULE

EXAMPLES = 3


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
            SELECT q.*, coalesce(c.header || ' (' || c.letter || ')' ||
                                 CASE WHEN c.header <> q.column_name THEN ' -> ' || q.column_name ELSE '' END,
                                 q.column_name) AS shown_column
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
