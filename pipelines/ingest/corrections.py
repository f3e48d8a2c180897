"""Corrections: a row delivered again with changed values replaces the earlier delivery's row.

Rule: among the good rows sharing a key, the version in the latest delivery wins (delivery order is
recorded in raw_files: file modification time to the second, then name). The superseded rows leave
staging and are kept here beside the row that replaced them, so both versions stay auditable.
Exact copies are re-deliveries (quarantine rule duplicate_redelivered) and two rows with the same key
in one file are a duplicate key (quarantined): neither is a correction.
"""

from __future__ import annotations

CORRECTIONS_DDL = """
CREATE TABLE IF NOT EXISTS corrections (
    source VARCHAR, key VARCHAR, changed_columns VARCHAR[],
    superseded_file VARCHAR, superseded_row BIGINT, superseded_record VARCHAR,
    kept_file VARCHAR, kept_row BIGINT, kept_record VARCHAR
)"""
