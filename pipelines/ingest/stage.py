"""Validate the rows just read against their contract: stg_<source> gets the good rows, quarantine the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

from pipelines.contracts import CONTRACTS, Contract
from pipelines.ingest.corrections import CORRECTIONS_DDL
from pipelines.ingest.load_raw import drop_load_tables, raw_view
from pipelines.ingest.raw_files import MALFORMED_DDL, record_outcomes, source_delivered
from pipelines.ingest.validate_sql import _q, checked_select
from pipelines.ingest.value_formats import ColumnFormat

if TYPE_CHECKING:
    from pipelines.ingest.derive import Derivation
from pipelines.warehouse.connection import table_exists

# Exact copies of rows already loaded from an earlier file: expected when a drop is re-delivered.
REDELIVERED_RULE = "duplicate_redelivered"

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
    unchecked_references: list[str] = field(default_factory=list)

    @property
    def rows_new(self) -> int:
        """Rows read that were not exact copies of rows already loaded from an earlier file."""
        return self.rows_in - self.rows_redelivered

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
                 formats: dict[str, ColumnFormat] | None = None, derivation: Derivation | None = None
                 ) -> StageReport:
    """Type, check and deduplicate the rows just read (raw_view); the raw files are never changed."""
    report = StageReport(source=contract.name)
    con.execute(QUARANTINE_DDL)
    con.execute("DELETE FROM quarantine WHERE source = ?", [contract.name])
    con.execute(CORRECTIONS_DDL)
    con.execute("DELETE FROM corrections WHERE source = ?", [contract.name])
    fk_tables = _reference_tables(con, contract, report)
    table = _q(stg_table(contract.name))
    # Every row goes into the staging table with its verdict, in one pass over the text as read;
    # the bad ones are then copied to quarantine and deleted, and the verdict columns dropped.
    con.execute(f"CREATE OR REPLACE TABLE {table} AS "
                f"{checked_select(contract, raw_view(contract.name), fk_tables, formats, *_derived(derivation))}")
    drop_load_tables(con, contract.name)  # frees the memory the text as read holds
    for keys in fk_tables.values():
        con.execute(f"DROP TABLE IF EXISTS {_q(keys)}")
    _mark_duplicates(con, contract, table)
    _write_quarantine(con, contract, table)
    malformed = _append_malformed(con, contract)
    rows_checked, report.rows_accepted = (int(v or 0) for v in con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE NOT _bad) FROM {table}").fetchone())
    con.execute(f"DELETE FROM {table} WHERE _bad")
    for verdict in ("_bad", "_problems", "_raw_record"):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {verdict}")
    report.rows_in = rows_checked + malformed
    report.rows_redelivered, report.rows_quarantined = (int(v or 0) for v in con.execute(
        "SELECT count(*) FILTER (WHERE rule = ?), count(*) FILTER (WHERE rule <> ?) FROM "
        "(SELECT DISTINCT source_file, source_row, first(rule) AS rule FROM quarantine WHERE source = ? "
        "GROUP BY ALL)",
        [REDELIVERED_RULE, REDELIVERED_RULE, contract.name],
    ).fetchone())
    record_outcomes(con, contract.name, stg_table(contract.name))
    return report


def _derived(derivation: Derivation | None) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    return (derivation.raw, derivation.typed) if derivation else (None, None)


def _reference_tables(con: duckdb.DuckDBPyConnection, contract: Contract, report: StageReport) -> dict[str, str]:
    """Distinct-key tables for each foreign key whose referenced source was delivered."""
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
        out[col.name] = keys
    return out


def _mark_duplicates(con: duckdb.DuckDBPyConnection, contract: Contract, table: str) -> None:
    """Among otherwise-good rows, the first by (file, row) wins each key; later ones are duplicates."""
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
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _dupes AS
        SELECT c._source_file, c._source_row,
               first_value(c._source_file) OVER w AS first_file,
               first_value(c._source_row) OVER w AS first_row,
               {row_hash} AS h, first_value({row_hash}) OVER w AS first_h,
               row_number() OVER w AS rank, {key_text} AS key_text, {record}::VARCHAR AS record
        FROM {table} c JOIN _dupe_keys d ON {join}
        WHERE NOT c._bad
        WINDOW w AS (PARTITION BY {', '.join('c.' + _q(k) for k in contract.key)}
                     ORDER BY c._source_file, c._source_row)
    """)
    con.execute(f"""
        UPDATE {table} SET _bad = true, _raw_record = d.record, _problems = [{{
            'column': {_key_col(contract)},
            'value': d.key_text,
            'rule': CASE WHEN d.h = d.first_h AND d._source_file <> d.first_file
                         THEN '{REDELIVERED_RULE}: identical row already loaded from ' || d.first_file
                              || ' row ' || d.first_row
                         ELSE 'duplicate key: ' || d.key_text || ' already loaded from ' || d.first_file
                              || ' row ' || d.first_row END
        }}]
        FROM _dupes d
        WHERE d.rank > 1 AND {table}._source_file = d._source_file AND {table}._source_row = d._source_row
    """)


def _key_col(contract: Contract) -> str:
    return "'" + "+".join(contract.key) + "'"


def _write_quarantine(con: duckdb.DuckDBPyConnection, contract: Contract, table: str) -> None:
    con.execute(f"""
        INSERT INTO quarantine
        SELECT ? AS source, _source_file, _source_row, p.column, p.value,
               CASE WHEN starts_with(p.rule, '{REDELIVERED_RULE}') THEN '{REDELIVERED_RULE}'
                    WHEN starts_with(p.rule, 'duplicate key') THEN 'duplicate key' ELSE p.rule END,
               _source_file || ' row ' || _source_row || ', column ' || p.column || ': value '''
                   || coalesce(p.value, '') || ''' breaks rule: ' || p.rule AS reason,
               _raw_record
        FROM (SELECT _source_file, _source_row, _raw_record, unnest(_problems) AS p FROM {table} WHERE _bad)
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
