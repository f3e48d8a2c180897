"""Reading one source's files, as text, into a temporary table numbered by file and line.

Everything is read as VARCHAR so that a bad value becomes a quarantined row with a reason,
not a crashed load. Structural problems (unreadable file, missing required column) raise
SourceError and stop this source only.

Files with the same header are read by one multi-file scan: a statement per file costs more than
the reading itself when a source arrives as daily drops. The raw files stay the raw layer; the
warehouse records what was read from each in `raw_files`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from pipelines.contracts import Contract
from pipelines.ingest.discover import not_read_reason, skipped_entries, source_files
from pipelines.ingest.errors import SourceError
from pipelines.ingest.line_accounting import AccountedLines, counted_data_rows, lost_lines
from pipelines.ingest.mapping import SourceMapping, load_mapping
from pipelines.ingest.raw_files import (
    FileRecord,
    record_columns,
    record_files,
    record_malformed_lines,
    record_not_read,
)
from pipelines.ingest.readers.files import OpenReport, RawFile, collapse_file_notes, open_raw_file, unreadable
from pipelines.ingest.readers.totals import reconcile
from pipelines.ingest.validate_sql import _q

LOADED = "_load"  # rows as read, in file order
FILES = "_load_files"  # one row per file read: its path as read, as shown, and its first data line
NUMBERED = "_load_files_numbered"  # FILES with where each file's rows start and end in LOADED


@dataclass
class RawLoadReport:
    source: str
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    malformed_lines: int = 0
    rows_skipped: int = 0  # empty and blank rows
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    not_read: list[tuple[str, str]] = field(default_factory=list)  # (file or folder in the source's folder, why)
    notes: list[str] = field(default_factory=list)
    preview_columns: list[str] = field(default_factory=list)  # the first rows as read (text), for Dagster
    preview_rows: list[tuple] = field(default_factory=list)
    mapping: SourceMapping = field(default_factory=SourceMapping)
    columns_as_read: list[tuple] = field(default_factory=list)  # (file, contract column, header, letter)

    @property
    def present(self) -> bool:
        return bool(self.files)


def raw_view(source: str) -> str:
    """The temporary view over the rows just read: contract columns as text, _source_file, _source_row."""
    return f"_raw_{source}"


def load_raw_source(
    con: duckdb.DuckDBPyConnection, contract: Contract, raw_dir: Path, work_dir: Path
) -> RawLoadReport:
    """Read every file of the source into the temporary view raw_view(source); an absent source reads none."""
    report = RawLoadReport(source=contract.name, mapping=load_mapping(raw_dir, contract))
    files = source_files(raw_dir, contract.name)
    skipped = skipped_entries(raw_dir, contract.name)
    if not files and contract.required_source and not any(source_files(raw_dir, s) for s in contract.required_unless):
        found = f"; found only {', '.join(skipped)}, which are not read" if skipped else ""
        instead = " or ".join(f"{raw_dir / s}/" for s in contract.required_unless)
        instead = f"; a project without sales needs files in {instead} instead" if instead else ""
        raise SourceError(
            contract.name, raw_dir / contract.name,
            f"no CSV, text, Excel or Parquet file found{found}; this source is required",
            hint=f"Put your sales-line exports in {raw_dir / contract.name}/{instead} (see data/raw/README.md)",
        )
    if skipped:
        report.notes.append(f"not read (not a CSV, text, Excel or Parquet file): {', '.join(skipped)}")
    report.not_read = [(entry, not_read_reason(entry)) for entry in skipped]
    record_not_read(con, contract.name, report.not_read)
    raw_files: list[RawFile] = []
    opened = OpenReport(report.notes, report.ignored_columns)
    for path in files:
        raw_files += open_raw_file(con, contract, path, _shown_path(path, raw_dir), work_dir, report.mapping, opened)
    report.columns_as_read = [(f.shown, c, f.match.header_of(f.header, c), f.letter(c))
                              for f in raw_files for c in contract.column_names if c in f.match.positions]
    lines = _read_every_line(con, contract, raw_files, work_dir)
    counts = _number_rows(con, lines.gaps)
    _create_raw_view(con, contract)
    for f in raw_files:
        if f.total:
            report.notes += reconcile(con, raw_view(contract.name), f.total, report.mapping.units)
    report.preview_rows = con.execute(f"SELECT * FROM {_q(raw_view(contract.name))} LIMIT 5").fetchall()
    report.preview_columns = [d[0] for d in con.description]
    report.rows_read = sum(counts.values())
    report.malformed_lines = len(lines.malformed)
    report.files = [f.shown for f in raw_files]
    blank = _blank_rows(con)
    # A CSV's total row is among its data rows by the bytes: it is skipped, not loaded.
    report.rows_skipped = (sum(blank.values()) + sum(lines.empty_rows.values())
                           + sum(int(f.drops_last_row) for f in raw_files))
    record_files(con, contract.name, [
        FileRecord(f.shown, order, f.origin.stat().st_mtime, lines.data_rows.get(f.shown, counts.get(f.shown, 0)),
                   counts.get(f.shown, 0), lines.empty_rows.get(f.shown, 0) + blank.get(f.shown, 0)
                   + int(f.drops_last_row))
        for order, f in enumerate(raw_files, start=1)], lines.malformed)
    record_malformed_lines(con, contract.name, lines.malformed)
    record_columns(con, contract.name, report.columns_as_read)
    report.notes[:] = collapse_file_notes(report.notes, [f.shown for f in raw_files])
    return report


def _shown_path(path: Path, raw_dir: Path) -> str:
    try:
        return str(path.relative_to(raw_dir))
    except ValueError:
        return str(path)


def _create_load_tables(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    cols = ", ".join(f"{_q(c)} VARCHAR" for c in contract.column_names)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {LOADED} ({cols}, _file VARCHAR, _shift BIGINT)")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {FILES} (path VARCHAR, shown VARCHAR, first_line BIGINT, "
                "drop_last BOOLEAN)")


def _blank(contract: Contract) -> str:
    """True for a row with no value in any column read: Excel saves emptied rows as ",,,,,"."""
    return " AND ".join(f"coalesce(l.{_q(c)}, '') = ''" for c in contract.column_names)


def _create_raw_view(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {_q(raw_view(contract.name))} AS SELECT "
        + ", ".join(f"l.{_q(c)}" for c in contract.column_names)
        + f", f.shown AS _source_file, l.rowid - f.start_rowid + f.first_line + l._shift AS _source_row "
        f"FROM {LOADED} l JOIN {NUMBERED} f ON f.path = l._file WHERE NOT ({_blank(contract)}) "
        # A CSV's trailing total row was read with the data; it is reconciled, not loaded.
        f"AND NOT (f.drop_last AND l.rowid = f.end_rowid)"
    )


def _blank_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Blank rows per file: skipped, and counted as skipped rather than as bad rows."""
    return {shown: int(n) for shown, n in con.execute(f"SELECT shown, blank_rows FROM {NUMBERED}").fetchall()}


def _read_files(con: duckdb.DuckDBPyConnection, contract: Contract, raw_files: list[RawFile]) -> list[tuple]:
    """Scan every file into the load table; return the lines the CSV reader rejected."""
    _create_load_tables(con, contract)
    malformed: list[tuple] = []
    # Consecutive files with the same layout share one scan; delivery order is kept.
    for _layout, group in groupby(raw_files, key=lambda f: f.layout):
        malformed += _read_group(con, contract, list(group))
    return malformed


def _read_every_line(con: duckdb.DuckDBPyConnection, contract: Contract, raw_files: list[RawFile],
                     work_dir: Path) -> AccountedLines:
    """Read the files and account for every line; read again from cleaned copies when the reader lost lines."""
    text_files = [f for f in raw_files if f.kind == "csv"]
    csv_paths = [f.path for f in text_files]
    # Counting the bytes overlaps with DuckDB's scan (which releases the GIL), so it costs little wall time.
    # Title rows above the header are not data rows.
    with ThreadPoolExecutor(max_workers=1) as pool:
        counting = pool.submit(lambda: {f.path: counted_data_rows(f.path) - f.skip for f in text_files})
        try:
            malformed = _read_files(con, contract, raw_files)
            read = _index_files(con, contract)
        except SourceError:
            if not csv_paths:
                raise
            # The reader gave up on a file (e.g. an empty line in a CRLF file): check every CSV line by line.
            malformed, read = [], {}
        by_bytes = counting.result()
    checked = lost_lines(text_files, by_bytes, read, malformed, work_dir / "line_checked" / contract.name)
    cleaned = [replace(f, path=checked[f.shown].copy) if f.shown in checked and checked[f.shown].set_aside
               else f for f in raw_files]
    if cleaned != raw_files:
        malformed = _read_files(con, contract, cleaned)
        _index_files(con, contract)
    return AccountedLines.of(text_files, by_bytes, checked, malformed)


def _read_group(con: duckdb.DuckDBPyConnection, contract: Contract, group: list[RawFile]) -> list[tuple]:
    """Append one scan of files sharing a layout to the load table; return the lines the CSV reader rejected."""
    first = group[0]
    # Column i of the scan gets a name we choose, so the header's spelling (language, spaces, case) does not matter.
    positions = first.match.positions
    selects = [f"CAST({_q(first.header[positions[c]]) if first.is_parquet else f'c{positions[c]}'} AS VARCHAR)"
               if c in positions else "NULL::VARCHAR" for c in contract.column_names]
    # Rows are numbered rowid - first rowid + first_line (+ _shift): a CSV's data starts below its header,
    # a sheet's rows carry their own numbers (first_line 0, _shift = row - position).
    first_line = {"parquet": 1, "csv": first.skip + 2, "sheet": 0}[first.kind]
    con.executemany(f"INSERT INTO {FILES} VALUES (?, ?, ?, ?)",
                    [(str(f.path), f.shown, first_line, f.drops_last_row) for f in group])
    if first.kind == "sheet":
        _insert_sheets(con, group, selects)
        return []
    paths = [str(f.path) for f in group]
    if first.is_parquet:
        reader = "read_parquet($paths, filename = true)"
    else:
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(first.header))) + "}"
        delim = "\\t" if first.delim == "\t" else first.delim
        reader = (f"read_csv($paths, columns = {columns}, header = true, auto_detect = false, delim = '{delim}', "
                  f"skip = {first.skip}, quote = '\"', escape = '\"', filename = true, store_rejects = true, "
                  "rejects_table = '_csv_rejects', rejects_scan = '_csv_rejects_scan')")
        # The reader's reject tables accumulate; start each scan from empty ones.
        con.execute("DROP TABLE IF EXISTS _csv_rejects")
        con.execute("DROP TABLE IF EXISTS _csv_rejects_scan")
    try:
        con.execute(f"INSERT INTO {LOADED} SELECT {', '.join(selects)}, filename, 0 FROM {reader}", {"paths": paths})
    except duckdb.Error as exc:
        shown = first.shown if len(group) == 1 else f"{first.shown} .. {group[-1].shown}"
        raise unreadable(contract, shown, exc) from exc
    return [] if first.is_parquet else _rejected_lines(con, group)


def _insert_sheets(con: duckdb.DuckDBPyConnection, group: list[RawFile], selects: list[str]) -> None:
    """Excel sheets' text cells, Arrow straight into the load table, each row with its sheet row number."""
    tables = []
    for f in group:
        cells = f.sheet.cells
        shift = f.sheet.rows - np.arange(cells.num_rows, dtype=np.int64)
        tables.append(cells.append_column("_file", pa.array([str(f.path)] * cells.num_rows, pa.string()))
                      .append_column("_shift", pa.array(shift, pa.int64())))
    con.register("_sheet_rows", pa.concat_tables(tables, promote_options="permissive"))
    try:
        con.execute(f"INSERT INTO {LOADED} SELECT {', '.join(selects)}, _file, _shift FROM _sheet_rows")
    finally:
        con.unregister("_sheet_rows")


def _rejected_lines(con: duckdb.DuckDBPyConnection, group: list[RawFile]) -> list[tuple]:
    """(file shown, line, error type, message, text) per rejected line, one per line."""
    shown = {str(f.path): f.shown for f in group}
    # The reader gives one reject per surplus or missing cell: keep one per line (the one with the true
    # cell count), or the line would be counted twice and later rows' line numbers shifted too far.
    rows = con.execute(
        "SELECT s.file_path, e.line, arg_min(e.error_type, e.column_idx), "
        "CASE WHEN arg_min(e.error_type, e.column_idx) = 'TOO MANY COLUMNS' "
        "THEN arg_max(e.error_message, e.column_idx) ELSE arg_min(e.error_message, e.column_idx) END, "
        "first(e.csv_line) FROM _csv_rejects e JOIN _csv_rejects_scan s USING (scan_id, file_id) "
        "GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    return [(shown[path], int(line), etype, msg, text) for path, line, etype, msg, text in rows]


def _index_files(con: duckdb.DuckDBPyConnection, contract: Contract) -> dict[str, int]:
    """Where each file's rows start and end in the load table, and its blank rows; return rows per path as scanned."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {NUMBERED} AS
        SELECT f.path, f.shown, f.first_line, f.drop_last, r.start_rowid, r.rows, r.end_rowid, r.blank_rows
        FROM {FILES} f JOIN (SELECT _file, min(rowid) AS start_rowid, max(rowid) AS end_rowid, count(*) AS rows,
                                    count(*) FILTER (WHERE {_blank(contract)}) AS blank_rows
                             FROM {LOADED} l GROUP BY _file) r ON r._file = f.path
    """)
    return {path: int(rows) for path, rows in con.execute(f"SELECT path, rows FROM {NUMBERED}").fetchall()}


def _number_rows(con: duckdb.DuckDBPyConnection, gaps: list[tuple[str, int]]) -> dict[str, int]:
    """Give each file's rows their line numbers, past the rows not read (gaps); return rows read per file."""
    # Rows sit in the load table in file order, so a row's line is its rowid minus its file's first rowid,
    # plus the header line, plus the rows not read before it.
    scattered = con.execute(f"SELECT shown FROM {NUMBERED} WHERE end_rowid - start_rowid + 1 <> rows").fetchall()
    if scattered:
        raise RuntimeError(f"rows of {scattered[0][0]} were not read in one block; line numbers would be wrong")
    if gaps:
        _shift_past_gaps(con, gaps)
    return {shown: int(rows) for shown, rows in con.execute(
        f"SELECT shown, rows - drop_last::INT FROM {NUMBERED}").fetchall()}


def _shift_past_gaps(con: duckdb.DuckDBPyConnection, gaps: list[tuple[str, int]]) -> None:
    # Accepted rows were numbered as if no line was skipped: the k-th row not read of a file (0-based)
    # at line L moves every row numbered L - k or later down by one more.
    shifted = []
    for shown, lines in groupby(gaps, key=lambda g: g[0]):
        shifted += [(shown, line - k) for k, (_s, line) in enumerate(lines)]
    con.execute("CREATE OR REPLACE TEMP TABLE _skipped (shown VARCHAR, adjusted BIGINT)")
    con.executemany("INSERT INTO _skipped VALUES (?, ?)", shifted)
    con.execute(f"""
        UPDATE {LOADED} SET _shift = (
            SELECT count(*) FROM _skipped s JOIN {NUMBERED} f ON f.shown = s.shown
            WHERE f.path = {LOADED}._file AND s.adjusted <= {LOADED}.rowid - f.start_rowid + f.first_line)
        WHERE _file IN (SELECT f.path FROM {NUMBERED} f JOIN _skipped USING (shown))
    """)


def drop_load_tables(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Free the memory the rows as read hold, once staging has typed them."""
    con.execute(f"DROP VIEW IF EXISTS {_q(raw_view(source))}")
    for table in (LOADED, NUMBERED, FILES, "_skipped", "_csv_rejects", "_csv_rejects_scan"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
