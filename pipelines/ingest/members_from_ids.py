"""Ids without a row in a delivered master file: members named by their id, flagged, never quarantined.

A sales export often names customers, reps or products that the master export leaves out (a master
exported before the customer was opened, a rep who left). Master files are optional, so such an id
becomes a member of its dimension named by the id itself and the rows using it flow on; members_from_ids
lists each such id once per referring column, with how many accepted rows use it, for the build summary,
`salesops check` and a warning check. An id whose master row was delivered but rejected is no member:
the rows using it stay quarantined under that root cause (root_causes.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.contracts import Contract
from pipelines.ingest.validate_sql import _q
from pipelines.warehouse.connection import table_exists

MEMBERS_DDL = """
CREATE TABLE IF NOT EXISTS members_from_ids (
    master_source VARCHAR, key_column VARCHAR, member_id VARCHAR, referring_source VARCHAR,
    referring_column VARCHAR, referring_rows BIGINT, first_file VARCHAR, first_row BIGINT
)"""
SHOWN_IDS = 5  # ids named in a summary line; the table holds them all

# Key values of the rows a source rejected for a problem of their own: the key of a parsed row, any cell of a
# line that could not be parsed (comma- or tab-separated). Re-delivered copies and duplicates are not rejections.
REJECTED_KEYS_SQL = """
    SELECT json_extract_string(raw_record, $path) AS k FROM quarantine
    WHERE source = $ref_source AND rule NOT IN ('duplicate_redelivered', 'duplicate key') AND json_valid(raw_record)
    UNION ALL
    SELECT trim(unnest(regexp_split_to_array(raw_record, '[,\t]'))) FROM quarantine
    WHERE source = $ref_source AND rule NOT IN ('duplicate_redelivered', 'duplicate key')
      AND NOT json_valid(raw_record)"""


@dataclass(frozen=True)
class MemberIds:
    """The ids of one referring column added as members, kept in a temporary table until staging is done."""
    column: str
    master_source: str
    key_column: str
    table: str


def add_members(con: duckdb.DuckDBPyConnection, contract: Contract, column: str, loaded: str,
                keys: str) -> MemberIds:
    """Add to the key table `keys` the ids of `column` (read from `loaded`) that the master neither has nor rejected."""
    ref_source, ref_col = contract.column(column).references.split(".")
    members = MemberIds(column, ref_source, ref_col, f"_members_{contract.name}_{column}")
    # A self reference (a rep's manager) is checked against the ids of this very delivery, rejected rows included.
    rejected = "SELECT NULL AS k WHERE false" if ref_source == contract.name else REJECTED_KEYS_SQL
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {_q(members.table)} AS
        WITH ids AS (SELECT DISTINCT nullif(trim({_q(column)}), '') AS k FROM {_q(loaded)}),
             rejected AS ({rejected})
        SELECT k FROM ids
        WHERE k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {_q(keys)} m WHERE m.k = ids.k)
          AND NOT EXISTS (SELECT 1 FROM rejected r WHERE r.k = ids.k)
    """, {"path": f"$.{ref_col}", "ref_source": ref_source} if rejected == REJECTED_KEYS_SQL else None)
    con.execute(f"INSERT INTO {_q(keys)} SELECT k FROM {_q(members.table)}")
    return members


def record_members(con: duckdb.DuckDBPyConnection, contract: Contract, staged: str,
                   added: list[MemberIds]) -> int:
    """Replace the source's rows in members_from_ids from its accepted rows; return how many ids it lists."""
    con.execute(MEMBERS_DDL)
    con.execute("DELETE FROM members_from_ids WHERE referring_source = ?", [contract.name])
    for m in added:
        if con.execute(f"SELECT count(*) FROM {_q(m.table)}").fetchone()[0]:
            col = _q(m.column)
            con.execute(f"""
                INSERT INTO members_from_ids
                SELECT ?, ?, s.{col}, ?, ?, count(*), arg_min(s._source_file, (s._source_file, s._source_row)),
                       arg_min(s._source_row, (s._source_file, s._source_row))
                FROM {_q(staged)} s SEMI JOIN {_q(m.table)} m ON m.k = s.{col}
                GROUP BY s.{col} ORDER BY 7, 8
            """, [m.master_source, m.key_column, contract.name, m.column])
        con.execute(f"DROP TABLE IF EXISTS {_q(m.table)}")
    return int(con.execute("SELECT count(*) FROM members_from_ids WHERE referring_source = ?",
                           [contract.name]).fetchone()[0])


def member_lines(con: duckdb.DuckDBPyConnection, referring_source: str | None = None) -> list[str]:
    """One line per master: the ids used without a row in it, and which rows use them."""
    if not table_exists(con, "members_from_ids"):
        return []
    rows = con.execute(f"""
        WITH per_id AS (
            SELECT master_source, key_column, member_id, min((first_file, first_row)) AS first,
                   sum(referring_rows) AS n FROM members_from_ids
            WHERE $referring IS NULL OR referring_source = $referring GROUP BY ALL),
        uses AS (
            SELECT master_source, key_column,
                   string_agg(rows || ' ' || referring_source || ' rows (column ' || referring_column || ')', ', '
                              ORDER BY referring_source, referring_column) AS uses
            FROM (SELECT master_source, key_column, referring_source, referring_column, sum(referring_rows) AS rows
                  FROM members_from_ids WHERE $referring IS NULL OR referring_source = $referring GROUP BY ALL)
            GROUP BY ALL)
        SELECT p.master_source, p.key_column, count(*),
               list(p.member_id ORDER BY p.first)[1:{SHOWN_IDS}], any_value(u.uses)
        FROM per_id p JOIN uses u USING (master_source, key_column)
        GROUP BY ALL ORDER BY 1, 2
    """, {"referring": referring_source}).fetchall()
    lines = []
    for master, key, n, shown, uses in rows:
        more = f" and {n - len(shown)} more" if n > len(shown) else ""
        lines.append(f"MEMBERS FROM IDS: {n} {key} value(s) have no row in the {master} export ({', '.join(shown)}"
                     f"{more}); {uses} use them. Kept as members named by their id; add them to the {master} "
                     f"export to give them names: SELECT * FROM members_from_ids WHERE master_source = '{master}'")
    return lines
