"""What was read from each raw file: the warehouse's record of the raw layer (the files themselves).

Every row of a file is accounted for: data_rows (rows after the header, counted independently of the
CSV reader) = rows_skipped (empty and blank rows) + rows_accepted + rows_quarantined + rows_redelivered
(exact copies of rows delivered before) + rows_superseded (replaced by a later delivery, see corrections).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from pipelines.warehouse.connection import ensure_table

RAW_FILES_COLUMNS = (
    "source VARCHAR, source_file VARCHAR, delivery_order INTEGER, modified_at TIMESTAMP, data_rows BIGINT, "
    "rows_read BIGINT, malformed_lines BIGINT, rows_skipped BIGINT, rows_accepted BIGINT, "
    "rows_quarantined BIGINT, rows_redelivered BIGINT, rows_superseded BIGINT"
)
RAW_FILES_DDL = f"CREATE TABLE IF NOT EXISTS raw_files ({RAW_FILES_COLUMNS})"

MALFORMED_DDL = """
CREATE TABLE IF NOT EXISTS raw_malformed_lines (
    source VARCHAR, source_file VARCHAR, source_row BIGINT, error_type VARCHAR, message VARCHAR, line_text VARCHAR
)"""

# Rows of a file that the sum of its outcomes must equal.
UNACCOUNTED = ("data_rows - (rows_skipped + rows_accepted + rows_quarantined + rows_redelivered "
               "+ rows_superseded)")


@dataclass(frozen=True)
class FileRecord:
    shown: str  # the file as the user knows it, relative to the raw folder
    delivery_order: int  # 1 = delivered first (modification time, then name)
    modified: float  # modification time, seconds since the epoch
    data_rows: int
    rows_read: int
    rows_skipped: int


def record_files(con: duckdb.DuckDBPyConnection, source: str, files: list[FileRecord],
                 malformed: list[tuple]) -> None:
    """Replace the source's rows in raw_files: one per file, outcomes filled in by record_outcomes."""
    ensure_table(con, "raw_files", RAW_FILES_DDL)
    con.execute("DELETE FROM raw_files WHERE source = ?", [source])
    bad_lines: dict[str, int] = {}
    for shown, *_rest in malformed:
        bad_lines[shown] = bad_lines.get(shown, 0) + 1
    if files:
        con.executemany(
            "INSERT INTO raw_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0)",
            [(source, f.shown, f.delivery_order, datetime.fromtimestamp(f.modified), f.data_rows, f.rows_read,
              bad_lines.get(f.shown, 0), f.rows_skipped) for f in files])


def record_outcomes(con: duckdb.DuckDBPyConnection, source: str, accepted: dict[str, int]) -> None:
    """Fill in what became of each file's rows once staged: accepted, quarantined, re-delivered, superseded.

    accepted: rows staged per file; quarantine and corrections hold the others.
    """
    con.execute("CREATE OR REPLACE TEMP TABLE _accepted (f VARCHAR, n BIGINT)")
    if accepted:
        con.executemany("INSERT INTO _accepted VALUES (?, ?)", list(accepted.items()))
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _file_outcomes AS
        SELECT f, sum(accepted) AS accepted, sum(bad) AS bad, sum(copies) AS copies, sum(superseded) AS superseded
        FROM (SELECT f, n AS accepted, 0 AS bad, 0 AS copies, 0 AS superseded FROM _accepted
              UNION ALL
              SELECT source_file, 0, count(*) FILTER (WHERE rule <> 'duplicate_redelivered'),
                     count(*) FILTER (WHERE rule = 'duplicate_redelivered'), 0
              FROM (SELECT source_file, source_row, first(rule) AS rule FROM quarantine WHERE source = $source
                    GROUP BY ALL) GROUP BY 1
              UNION ALL
              SELECT superseded_file, 0, 0, 0, count(*) FROM corrections WHERE source = $source GROUP BY 1)
        GROUP BY f
    """, {"source": source})
    con.execute("""
        UPDATE raw_files SET rows_accepted = o.accepted, rows_quarantined = o.bad, rows_redelivered = o.copies,
                             rows_superseded = o.superseded
        FROM _file_outcomes o WHERE raw_files.source = ? AND raw_files.source_file = o.f
    """, [source])
    con.execute("DROP TABLE _file_outcomes")
    con.execute("DROP TABLE _accepted")


def record_malformed_lines(con: duckdb.DuckDBPyConnection, source: str, malformed: list[tuple]) -> None:
    """Replace the source's lines the CSV reader could not split into the header's columns."""
    con.execute(MALFORMED_DDL)
    con.execute("DELETE FROM raw_malformed_lines WHERE source = ?", [source])
    if malformed:
        con.executemany("INSERT INTO raw_malformed_lines VALUES (?, ?, ?, ?, ?, ?)",
                        [(source, *m) for m in malformed])


def unaccounted_files(con: duckdb.DuckDBPyConnection, source: str) -> list[tuple[str, int, int]]:
    """(file, data rows, rows unaccounted for) of each file of the source whose outcomes do not add up."""
    ensure_table(con, "raw_files", RAW_FILES_DDL)
    return [(f, int(n), int(u)) for f, n, u in con.execute(
        f"SELECT source_file, data_rows, {UNACCOUNTED} FROM raw_files WHERE source = ? AND {UNACCOUNTED} <> 0 "
        "ORDER BY delivery_order", [source]).fetchall()]


NOT_READ_DDL = "CREATE TABLE IF NOT EXISTS raw_not_read (source VARCHAR, entry VARCHAR, reason VARCHAR)"


def record_not_read(con: duckdb.DuckDBPyConnection, source: str, entries: list[tuple[str, str]]) -> None:
    """Replace the source's list of what lies in its folder and was not read: (file or folder, why)."""
    con.execute(NOT_READ_DDL)
    con.execute("DELETE FROM raw_not_read WHERE source = ?", [source])
    if entries:
        con.executemany("INSERT INTO raw_not_read VALUES (?, ?, ?)", [(source, *e) for e in entries])


COLUMNS_DDL = """
CREATE TABLE IF NOT EXISTS raw_columns (
    source VARCHAR, source_file VARCHAR, column_name VARCHAR, header VARCHAR, letter VARCHAR
)"""


def record_columns(con: duckdb.DuckDBPyConnection, source: str, columns: list[tuple]) -> None:
    """Replace the source's rows in raw_columns: where each contract column was read from (header, Excel letter)."""
    con.execute(COLUMNS_DDL)
    con.execute("DELETE FROM raw_columns WHERE source = ?", [source])
    if columns:
        con.executemany("INSERT INTO raw_columns VALUES (?, ?, ?, ?, ?)", [(source, *c) for c in columns])


def source_delivered(con: duckdb.DuckDBPyConnection, source: str) -> bool:
    """True when the last load of the source read at least one file."""
    con.execute(RAW_FILES_DDL)
    return bool(con.execute("SELECT count(*) > 0 FROM raw_files WHERE source = ?", [source]).fetchone()[0])
