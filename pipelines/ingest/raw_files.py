"""What was read from each raw file: the warehouse's record of the raw layer (the files themselves)."""

from __future__ import annotations

import duckdb

RAW_FILES_DDL = """
CREATE TABLE IF NOT EXISTS raw_files (
    source VARCHAR, source_file VARCHAR, rows_read BIGINT, malformed_lines BIGINT
)"""

MALFORMED_DDL = """
CREATE TABLE IF NOT EXISTS raw_malformed_lines (
    source VARCHAR, source_file VARCHAR, source_row BIGINT, error_type VARCHAR, message VARCHAR, line_text VARCHAR
)"""


def record_files(con: duckdb.DuckDBPyConnection, source: str, rows_per_file: list[tuple[str, int]],
                 malformed: list[tuple]) -> None:
    """Replace the source's rows in raw_files: one per file, with rows read and lines the reader rejected."""
    con.execute(RAW_FILES_DDL)
    con.execute("DELETE FROM raw_files WHERE source = ?", [source])
    bad_lines: dict[str, int] = {}
    for shown, *_rest in malformed:
        bad_lines[shown] = bad_lines.get(shown, 0) + 1
    if rows_per_file:
        con.executemany("INSERT INTO raw_files VALUES (?, ?, ?, ?)",
                        [(source, shown, rows, bad_lines.get(shown, 0)) for shown, rows in rows_per_file])


def record_malformed_lines(con: duckdb.DuckDBPyConnection, source: str, malformed: list[tuple]) -> None:
    """Replace the source's lines the CSV reader could not split into the header's columns."""
    con.execute(MALFORMED_DDL)
    con.execute("DELETE FROM raw_malformed_lines WHERE source = ?", [source])
    if malformed:
        con.executemany("INSERT INTO raw_malformed_lines VALUES (?, ?, ?, ?, ?, ?)",
                        [(source, *m) for m in malformed])


def source_delivered(con: duckdb.DuckDBPyConnection, source: str) -> bool:
    """True when the last load of the source read at least one file."""
    con.execute(RAW_FILES_DDL)
    return bool(con.execute("SELECT count(*) > 0 FROM raw_files WHERE source = ?", [source]).fetchone()[0])
