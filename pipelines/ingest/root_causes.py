"""Root causes first: rows that refer to a rejected master row are reported under that row.

When customers.csv row 17 is quarantined, the 214 sales lines that refer to its customer are orphans, but
the thing to fix is row 17. Their quarantine rule becomes "refers to a rejected <source> row" and their
reason names the root row first; root_causes lists each rejected row once, with how many rows of which
source refer to it, for the build summary and the stop message.
"""

from __future__ import annotations

import re

import duckdb

from pipelines.contracts import Contract
from pipelines.ingest.messages import beside, fix_text, problem_text
from pipelines.ingest.rule_groups import shown_column_sql
from pipelines.ingest.validate_sql import orphan_rule

ROOT_CAUSES_DDL = """
CREATE TABLE IF NOT EXISTS root_causes (
    source VARCHAR, source_file VARCHAR, source_row BIGINT, key_column VARCHAR, key_value VARCHAR,
    reason VARCHAR, referring_source VARCHAR, referring_column VARCHAR, referring_rows BIGINT,
    root_column VARCHAR, root_value VARCHAR, root_rule VARCHAR  -- the root row's problem, for the words of any language
)"""


REJECTED_REFERENCE = "refers to a rejected"


def rejected_reference_rule(ref_source: str) -> str:
    return f"{REJECTED_REFERENCE} {ref_source} row"


def attribute_orphans(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """Re-file this source's orphans whose key was rejected in the referenced source under that root row."""
    con.execute(ROOT_CAUSES_DDL)
    con.execute("DELETE FROM root_causes WHERE referring_source = ?", [contract.name])
    orphaned = {c for (c,) in con.execute("SELECT DISTINCT column_name FROM quarantine WHERE source = ? "
                                          "AND ends_with(rule, '(orphan reference)')", [contract.name]).fetchall()}
    for col in contract.columns:
        if col.name not in orphaned or not col.references or col.references.split(".")[0] == contract.name:
            continue
        ref_source, ref_col = col.references.split(".")
        params = {"source": contract.name, "column": col.name, "orphan": orphan_rule(col.references),
                  "ref_source": ref_source, "ref_col": ref_col, "path": f"$.{ref_col}",
                  "rule": rejected_reference_rule(ref_source)}
        # The rejected row holding the key: its record when it was parsed, any of its cells when it was a
        # malformed line; the first such row (by file and row) and its first problem are the root cause.
        _run(con, """
            CREATE OR REPLACE TEMP TABLE _roots AS
            WITH orphans AS (SELECT DISTINCT value FROM quarantine
                             WHERE source = $source AND column_name = $column AND rule = $orphan),
                 rejected AS (SELECT source_file, source_row, reason, column_name, raw_record, rule,
                                     value AS root_value FROM quarantine
                              WHERE source = $ref_source AND rule NOT IN ('duplicate_redelivered', 'duplicate key'))
            SELECT o.value, arg_min(r.source_file, (r.source_file, r.source_row, r.column_name)) AS file,
                   arg_min(r.source_row, (r.source_file, r.source_row, r.column_name)) AS row,
                   arg_min(r.reason, (r.source_file, r.source_row, r.column_name)) AS reason,
                   arg_min(r.column_name, (r.source_file, r.source_row, r.column_name)) AS root_column,
                   arg_min(r.root_value, (r.source_file, r.source_row, r.column_name)) AS root_value,
                   arg_min(r.rule, (r.source_file, r.source_row, r.column_name)) AS root_rule
            FROM orphans o JOIN rejected r
              ON CASE WHEN json_valid(r.raw_record) THEN json_extract_string(r.raw_record, $path) = o.value
                      ELSE list_contains(list_transform(string_split(r.raw_record, ','), lambda c: trim(c)), o.value)
                 END
            GROUP BY o.value
        """, params)
        _run(con, """
            UPDATE quarantine SET rule = $rule,
                reason = quarantine.source_file || ' row ' || quarantine.source_row || ', column ' || $column
                         || ': value ''' || quarantine.value || ''' refers to a ' || $ref_source
                         || ' row that was rejected; root cause: ' || r.reason
            FROM _roots r
            WHERE quarantine.source = $source AND quarantine.column_name = $column AND quarantine.rule = $orphan
              AND quarantine.value = r.value
        """, params)
        _run(con, """
            INSERT INTO root_causes
            SELECT $ref_source, r.file, r.row, $ref_col, r.value, r.reason, $source, $column, count(*),
                   r.root_column, r.root_value, r.root_rule
            FROM _roots r JOIN quarantine q ON q.source = $source AND q.column_name = $column AND q.rule = $rule
                                           AND q.value = r.value
            GROUP BY ALL ORDER BY r.file, r.row
        """, params)
    con.execute("DROP TABLE IF EXISTS _roots")


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, str]) -> None:
    """Execute with the named parameters the statement uses (DuckDB refuses unused ones)."""
    con.execute(sql, {name: params[name] for name in set(re.findall(r"\$(\w+)", sql))})


def root_cause_lines(con: duckdb.DuckDBPyConnection, referring_source: str | None = None,
                     lang: str = "en") -> list[str]:
    """One line per rejected row that other rows refer to: the row, its problem, who refers to it.

    lang "zh": each line in Chinese with the English beside it, and the fix for the root row's problem.
    """
    rows = con.execute(f"""
        SELECT r.source, r.key_column, r.key_value, r.reason,
               string_agg(r.referring_rows || ' ' || r.referring_source || ' rows (column ' || r.referring_column
                          || ')', ', ' ORDER BY r.referring_source),
               string_agg(r.referring_source || ' ' || r.referring_rows || ' 行（' || r.referring_column || ' 列）',
                          '，' ORDER BY r.referring_source),
               any_value(r.source_file), any_value(r.source_row), any_value(r.root_value), any_value(r.root_rule),
               any_value({shown_column_sql("c", "r.root_column")})
        FROM root_causes r LEFT JOIN raw_columns c
          ON c.source = r.source AND c.source_file = r.source_file AND c.column_name = r.root_column
        WHERE $referring IS NULL OR r.referring_source = $referring
        GROUP BY r.source, r.key_column, r.key_value, r.reason ORDER BY min(r.source_file), min(r.source_row)
    """, {"referring": referring_source}).fetchall()
    lines = []
    for source, column, value, reason, refs, refs_zh, file, row, root_value, rule, shown in rows:
        en = f"ROOT CAUSE {source} {column} {value} was rejected: {reason}; {refs} refer to it"
        problem = problem_text(file, row, shown, root_value, rule, "zh")
        zh = (f"根本原因：{source} 中 {column} 为 {value} 的行被拒收：{problem}；引用它的有 {refs_zh}。"
              f"改法：{fix_text(rule, 'zh')}")
        lines.append(beside(en, zh, lang))
    return lines
