"""Corrections: a row delivered again with changed values replaces the earlier delivery's row.

Rule: among the good rows sharing a key, the version in the latest delivery wins (delivery order is
recorded in raw_files: file modification time to the second, then name). The superseded rows leave
staging and are kept here beside the row that replaced them, so both versions stay auditable.
Exact copies are re-deliveries (quarantine rule duplicate_redelivered) and two rows with the same key
in one file are a duplicate key (quarantined): neither is a correction.
"""

from __future__ import annotations

import duckdb

from pipelines.contracts import Contract

CORRECTIONS_DDL = """
CREATE TABLE IF NOT EXISTS corrections (
    source VARCHAR, key VARCHAR, changed_columns VARCHAR[],
    superseded_file VARCHAR, superseded_row BIGINT, superseded_record VARCHAR,
    kept_file VARCHAR, kept_row BIGINT, kept_record VARCHAR
)"""


def record_corrections(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """Copy the superseded rows of _dupes (verdict 'superseded') to corrections, with the row that replaced them."""
    names = ", ".join("'" + c + "'" for c in contract.column_names)
    con.execute(f"""
        INSERT INTO corrections
        SELECT $source, key_text,
               list_filter([{names}], lambda n: json_extract_string(record, '$.' || n)
                                                IS DISTINCT FROM json_extract_string(kept_record, '$.' || n)),
               _source_file, _source_row, record, kept_file, kept_row, kept_record
        FROM _dupes WHERE verdict = 'superseded' ORDER BY _source_file, _source_row
    """, {"source": contract.name})
