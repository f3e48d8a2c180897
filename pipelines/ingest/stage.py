"""Validate the rows just read against their contract: stg_<source> gets the good rows, quarantine the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

from pipelines.contracts import CONTRACTS, Contract
from pipelines.contracts.plausibility import DateWindow
from pipelines.ingest.corrections import CORRECTIONS_DDL, record_corrections
from pipelines.ingest.load_raw import LOADED, drop_load_tables, raw_view
from pipelines.ingest.members_from_ids import MemberIds, add_members, record_members
from pipelines.ingest.outliers import flag_outliers
from pipelines.ingest.raw_files import MALFORMED_DDL, record_outcomes, source_delivered
from pipelines.ingest.root_causes import attribute_orphans
from pipelines.ingest.rule_groups import REDELIVERED_RULE
from pipelines.ingest.validate_sql import _q, checked_select
from pipelines.ingest.value_formats import ColumnFormat

if TYPE_CHECKING:
    from pipelines.ingest.derive import Derivation
from pipelines.warehouse.connection import table_exists

QUARANTINE_DDL = """
CREATE TABLE IF NOT EXISTS quarantine (
    source VARCHAR, source_file VARCHAR, source_row BIGINT, column_name VARCHAR, value VARCHAR,
    rule VARCHAR, reason VARCHAR, raw_record VARCHAR
)"""


@dataclass
class StageReport:
    source: str
    rows_in: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    rows_redelivered: int = 0
    rows_superseded: int = 0  # replaced by a later delivery of the same key (corrections)
    values_flagged: int = 0  # accepted values far beyond the rest of their column (outliers table)
    members_from_ids: int = 0  # ids with no row in their delivered master, kept as members (members_from_ids)
    unchecked_references: list[str] = field(default_factory=list)

    @property
    def rows_new(self) -> int:
        """Rows read that were neither exact copies of earlier rows nor replaced by a later delivery."""
        return self.rows_in - self.rows_redelivered - self.rows_superseded

    @property
    def quarantined_share(self) -> float:
        """Share of the new rows rejected for a real problem.

        Exact re-deliveries count on neither side: re-sending a whole month must not dilute that month's problems.
        """
        return self.rows_quarantined / self.rows_new if self.rows_new else 0.0


def stg_table(source: str) -> str:
    return f"stg_{source}"


def key_table(source: str, column: str) -> str:
    return f"_keys_{source}_{column}"


def stage_source(con: duckdb.DuckDBPyConnection, contract: Contract,
                 formats: dict[str, ColumnFormat] | None = None, derivation: Derivation | None = None,
                 window: DateWindow | None = None
                 ) -> StageReport:
    """Type, check and deduplicate the rows just read (raw_view); the raw files are never changed."""
    report = StageReport(source=contract.name)
    con.execute(QUARANTINE_DDL)
    con.execute("DELETE FROM quarantine WHERE source = ?", [contract.name])
    con.execute(CORRECTIONS_DDL)
    con.execute("DELETE FROM corrections WHERE source = ?", [contract.name])
    members: list[MemberIds] = []
    fk_tables = _reference_tables(con, contract, report, members)
    table = _q(stg_table(contract.name))
    # Every row goes into the staging table with its verdict, in one pass over the text as read;
    # the bad ones are then copied to quarantine and deleted, and the verdict columns dropped.
    checked = checked_select(contract, raw_view(contract.name), fk_tables, formats, *_derived(derivation), window)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS {checked}")
    drop_load_tables(con, contract.name)  # frees the memory the text as read holds
    for keys in fk_tables.values():
        con.execute(f"DROP TABLE IF EXISTS {_q(keys)}")
    _mark_duplicates(con, contract, table)
    _write_quarantine(con, contract, table)
    malformed = _append_malformed(con, contract)
    attribute_orphans(con, contract)
    per_file = con.execute(f"SELECT _source_file, count(*), count(*) FILTER (WHERE NOT _bad) FROM {table} "
                           "GROUP BY 1").fetchall()
    rows_checked, report.rows_accepted = sum(n for _f, n, _ok in per_file), sum(ok for _f, _n, ok in per_file)
    con.execute(f"DELETE FROM {table} WHERE _bad")
    report.members_from_ids = record_members(con, contract, stg_table(contract.name), members)
    for verdict in ("_bad", "_problems", "_raw_record"):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {verdict}")
    report.rows_in = rows_checked + malformed
    report.rows_redelivered, report.rows_quarantined = (int(v or 0) for v in con.execute(
        "SELECT count(*) FILTER (WHERE rule = ?), count(*) FILTER (WHERE rule <> ?) FROM "
        "(SELECT DISTINCT source_file, source_row, first(rule) AS rule FROM quarantine WHERE source = ? "
        "GROUP BY ALL)",
        [REDELIVERED_RULE, REDELIVERED_RULE, contract.name],
    ).fetchone())
    report.rows_superseded = int(con.execute("SELECT count(*) FROM corrections WHERE source = ?",
                                             [contract.name]).fetchone()[0])
    record_outcomes(con, contract.name, {f: ok for f, _n, ok in per_file})
    report.values_flagged = flag_outliers(con, contract, stg_table(contract.name), report.rows_accepted)
    return report


def _derived(derivation: Derivation | None) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    return (derivation.raw, derivation.typed) if derivation else (None, None)


def _reference_tables(con: duckdb.DuckDBPyConnection, contract: Contract, report: StageReport,
                      members: list[MemberIds]) -> dict[str, str]:
    """Distinct-key tables for each foreign key whose referenced source was delivered.

    A master that allows members from ids gets the ids it lacks added to its keys (listed in `members`).
    """
    out: dict[str, str] = {}
    for col in contract.columns:
        if not col.references:
            continue
        ref_source, ref_col = col.references.split(".")
        keys = key_table(contract.name, col.name)
        if ref_source == contract.name:
            # Self reference (a rep's manager is a rep): any id present in this delivery.
            con.execute(f"CREATE OR REPLACE TEMP TABLE {_q(keys)} AS SELECT DISTINCT nullif(trim({_q(ref_col)}), '') "
                        f"AS k FROM {_q(raw_view(contract.name))}")
        elif table_exists(con, stg_table(ref_source)) and source_delivered(con, ref_source):
            con.execute(f"CREATE OR REPLACE TEMP TABLE {_q(keys)} AS SELECT DISTINCT {_q(ref_col)} AS k "
                        f"FROM {_q(stg_table(ref_source))}")
        else:
            report.unchecked_references.append(f"{col.name} (source {ref_source} absent)")
            continue
        if CONTRACTS[ref_source].members_from_ids:
            members.append(add_members(con, contract, col.name, LOADED, keys))
        out[col.name] = keys
    return out


def _mark_duplicates(con: duckdb.DuckDBPyConnection, contract: Contract, table: str) -> None:
    """Among otherwise-good rows sharing a key, keep one: later deliveries correct earlier ones.

    The others are exact re-deliveries, duplicates within a file (quarantined) or superseded (corrections).
    """
    key = ", ".join(_q(k) for k in contract.key)
    # Grouping on a 64-bit hash of the key is faster than on the key's text; a hash shared by two
    # different keys only costs the exact second pass, restricted to the few rows with such hashes.
    con.execute(f"CREATE OR REPLACE TEMP TABLE _dupe_hashes AS SELECT hash({key}) AS h FROM {table} "
                "WHERE NOT _bad GROUP BY ALL HAVING count(*) > 1")
    if not con.execute("SELECT count(*) FROM _dupe_hashes").fetchone()[0]:
        return
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _dupe_keys AS SELECT {key} FROM {table} "
        f"WHERE NOT _bad AND hash({key}) IN (SELECT h FROM _dupe_hashes) GROUP BY ALL HAVING count(*) > 1"
    )
    if not con.execute("SELECT count(*) FROM _dupe_keys").fetchone()[0]:
        return
    join = " AND ".join(f"c.{_q(k)} IS NOT DISTINCT FROM d.{_q(k)}" for k in contract.key)
    key_text = " || ', ' || ".join(f"'{k}=' || coalesce(CAST(c.{_q(k)} AS VARCHAR), '')" for k in contract.key)
    row_hash = f"hash(ROW({', '.join('c.' + _q(x) for x in contract.column_names)}))"
    # A duplicate passed every check, so its typed values spell out the row as delivered.
    record = "to_json({" + ", ".join(f"{_q(x)}: CAST(c.{_q(x)} AS VARCHAR)" for x in contract.column_names) + "})"
    by_key = f"PARTITION BY {', '.join(_q(k) for k in contract.key)}"
    # The winning version of a key is the first row of the latest delivery holding it (see corrections.py);
    # the row kept is the first delivered with that content, so an exact re-delivery keeps the earlier row.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _dupes AS
        WITH c AS (
            SELECT {', '.join('c.' + _q(k) for k in contract.key)}, c._source_file, c._source_row,
                   o.delivery_order AS d, {row_hash} AS h, {key_text} AS key_text, {record}::VARCHAR AS record
            FROM {table} c JOIN _dupe_keys d ON {join}
            JOIN raw_files o ON o.source = $source AND o.source_file = c._source_file
            WHERE NOT c._bad),
        w AS (SELECT *, max(d) OVER k AS last_d, first_value(h) OVER (k ORDER BY d DESC, _source_row) AS win_h
              FROM c WINDOW k AS ({by_key})),
        kept AS (SELECT *, min(CASE WHEN h = win_h THEN {{'d': d, 'row': _source_row, 'file': _source_file,
                                                         'record': record}} END) OVER ({by_key}) AS k
                 FROM w)
        SELECT _source_file, _source_row, key_text, record, k.file AS kept_file, k.row AS kept_row,
               k.record AS kept_record,
               CASE WHEN h = win_h AND _source_file <> k.file THEN 'redelivered'
                    WHEN d < last_d AND _source_file <> k.file THEN 'superseded'
                    ELSE 'duplicate' END AS verdict
        FROM kept WHERE (_source_file, _source_row) <> (k.file, k.row)
    """, {"source": contract.name})
    record_corrections(con, contract)
    con.execute(f"""
        UPDATE {table} SET _bad = true, _raw_record = d.record, _problems = CASE d.verdict
            WHEN 'redelivered' THEN [{{'column': {_key_col(contract)}, 'value': d.key_text,
                'rule': '{REDELIVERED_RULE}: identical row already loaded from ' || d.kept_file || ' row '
                        || d.kept_row}}]
            WHEN 'duplicate' THEN [{{'column': {_key_col(contract)}, 'value': d.key_text,
                'rule': 'duplicate key: ' || d.key_text || ' already loaded from ' || d.kept_file || ' row '
                        || d.kept_row}}]
            END  -- a superseded row has no problem: it is listed in corrections, not in quarantine
        FROM _dupes d
        WHERE {table}._source_file = d._source_file AND {table}._source_row = d._source_row
    """)


def _key_col(contract: Contract) -> str:
    return "'" + "+".join(contract.key) + "'"


def _write_quarantine(con: duckdb.DuckDBPyConnection, contract: Contract, table: str) -> None:
    con.execute(f"""
        INSERT INTO quarantine
        SELECT $1 AS source, _source_file, _source_row, p.column, p.value,
               CASE WHEN starts_with(p.rule, '{REDELIVERED_RULE}') THEN '{REDELIVERED_RULE}'
                    WHEN starts_with(p.rule, 'duplicate key') THEN 'duplicate key' ELSE p.rule END,
               _source_file || ' row ' || _source_row || ', column ' || p.column
                   -- the column as the user sees it: its Excel letter, and its header when named otherwise
                   || coalesce(' (' || CASE WHEN c.header <> p.column THEN c.header || ', ' ELSE '' END
                               || c.letter || ')', '')
                   || ': value ''' || coalesce(p.value, '') || ''' breaks rule: ' || p.rule AS reason,
               _raw_record
        FROM (SELECT _source_file, _source_row, _raw_record, unnest(_problems) AS p FROM {table} WHERE _bad)
        LEFT JOIN raw_columns c ON c.source = $1 AND c.source_file = _source_file AND c.column_name = p.column
    """, [contract.name])


def _append_malformed(con: duckdb.DuckDBPyConnection, contract: Contract) -> int:
    """Quarantine the lines the CSV reader rejected; return how many there were."""
    con.execute(MALFORMED_DDL)
    return int(con.execute("""
        INSERT INTO quarantine
        SELECT source, source_file, source_row, NULL, line_text, 'malformed line',
               source_file || ' row ' || source_row || ': malformed line (' || message || ')', line_text
        FROM raw_malformed_lines WHERE source = ?
    """, [contract.name]).fetchone()[0])


def all_sources() -> list[Contract]:
    return list(CONTRACTS.values())
