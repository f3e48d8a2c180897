"""Reading one source's files, as text, into a temporary table numbered by file and line.

Everything is read as VARCHAR so that a bad value becomes a quarantined row with a reason,
not a crashed load. Structural problems (unreadable file, missing required column) raise
SourceError and stop this source only.

Files with the same header are read by one multi-file scan: a statement per file costs more than
the reading itself when a source arrives as daily drops. The raw files stay the raw layer; the
warehouse records what was read from each in `raw_files`.
"""

from __future__ import annotations

import csv
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path

import duckdb

from pipelines.contracts import Contract
from pipelines.ingest.discover import not_read_reason, skipped_entries, source_files
from pipelines.ingest.encoding import looks_utf8, transcode_gbk_to_utf8
from pipelines.ingest.errors import SourceError
from pipelines.ingest.line_accounting import AccountedLines, counted_data_rows, lost_lines
from pipelines.ingest.raw_files import FileRecord, record_files, record_malformed_lines, record_not_read
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
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    not_read: list[tuple[str, str]] = field(default_factory=list)  # (file or folder in the source's folder, why)
    notes: list[str] = field(default_factory=list)
    preview_columns: list[str] = field(default_factory=list)  # the first rows as read (text), for Dagster
    preview_rows: list[tuple] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.files)


@dataclass(frozen=True)
class RawFile:
    path: Path  # what DuckDB reads (a UTF-8 copy for a GBK file)
    shown: str  # the file as the user knows it, relative to the raw folder
    header: tuple[str, ...]

    @property
    def is_parquet(self) -> bool:
        return self.path.suffix.lower() == ".parquet"


def raw_view(source: str) -> str:
    """The temporary view over the rows just read: contract columns as text, _source_file, _source_row."""
    return f"_raw_{source}"


def load_raw_source(
    con: duckdb.DuckDBPyConnection, contract: Contract, raw_dir: Path, work_dir: Path
) -> RawLoadReport:
    """Read every file of the source into the temporary view raw_view(source); an absent source reads none."""
    report = RawLoadReport(source=contract.name)
    files = source_files(raw_dir, contract.name)
    skipped = skipped_entries(raw_dir, contract.name)
    if not files and contract.required_source and not any(source_files(raw_dir, s) for s in contract.required_unless):
        found = f"; found only {', '.join(skipped)}, which are not read" if skipped else ""
        instead = " or ".join(f"{raw_dir / s}/" for s in contract.required_unless)
        instead = f"; a project without sales needs files in {instead} instead" if instead else ""
        raise SourceError(
            contract.name, raw_dir / contract.name, f"no CSV or Parquet file found{found}; this source is required",
            hint=f"Put your sales-line exports in {raw_dir / contract.name}/{instead} (see data/raw/README.md)",
        )
    if skipped:
        report.notes.append(f"not read (only .csv and .parquet files are): {', '.join(skipped)}")
    report.not_read = [(entry, not_read_reason(entry)) for entry in skipped]
    record_not_read(con, contract.name, report.not_read)
    raw_files = []
    for path in files:
        shown = _shown_path(path, raw_dir)
        readable = _readable_copy(contract, path, shown, work_dir, report)
        header = _header(con, contract, readable, shown)
        _check_columns(contract, header, shown, report)
        raw_files.append(RawFile(readable, shown, header))
    lines = _read_every_line(con, contract, raw_files, work_dir)
    counts = _number_rows(con, lines.gaps)
    _create_raw_view(con, contract)
    report.preview_rows = con.execute(f"SELECT * FROM {_q(raw_view(contract.name))} LIMIT 5").fetchall()
    report.preview_columns = [d[0] for d in con.description]
    report.rows_read = sum(counts.values())
    report.malformed_lines = len(lines.malformed)
    report.files = [f.shown for f in raw_files]
    blank = _blank_rows(con, contract)
    record_files(con, contract.name, [
        FileRecord(f.shown, order, path.stat().st_mtime, lines.data_rows.get(f.shown, counts.get(f.shown, 0)),
                   counts.get(f.shown, 0), lines.empty_rows.get(f.shown, 0) + blank.get(f.shown, 0))
        for order, (f, path) in enumerate(zip(raw_files, files, strict=True), start=1)], lines.malformed)
    record_malformed_lines(con, contract.name, lines.malformed)
    return report


def _shown_path(path: Path, raw_dir: Path) -> str:
    try:
        return str(path.relative_to(raw_dir))
    except ValueError:
        return str(path)


def _readable_copy(contract: Contract, path: Path, shown: str, work_dir: Path, report: RawLoadReport) -> Path:
    if path.stat().st_size == 0:
        raise SourceError(contract.name, shown, "the file is empty (0 bytes)",
                          hint="Re-export it, or remove it if it was delivered by mistake")
    if path.suffix.lower() != ".csv" or looks_utf8(path):
        return path
    copy = work_dir / "transcoded" / contract.name / path.name
    if transcode_gbk_to_utf8(path, copy):
        report.notes.append(f"{shown} was GBK-encoded; read through a UTF-8 copy")
        return copy
    raise SourceError(contract.name, shown, "the file is neither UTF-8 nor GBK text",
                      hint="Save it from Excel as 'CSV UTF-8 (comma delimited)'")


def _unreadable(contract: Contract, shown: str, problem: object) -> SourceError:
    first_line = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
    return SourceError(contract.name, shown, f"the file cannot be read ({first_line})",
                       hint="Check that it is a CSV with a header row or a Parquet file")


def _header(con: duckdb.DuckDBPyConnection, contract: Contract, path: Path, shown: str) -> tuple[str, ...]:
    """Column names as written in the file (a CSV's first line, a Parquet file's schema)."""
    if path.suffix.lower() == ".parquet":
        try:
            described = con.execute("DESCRIBE SELECT * FROM read_parquet($path)", {"path": str(path)}).fetchall()
        except duckdb.Error as exc:
            raise _unreadable(contract, shown, exc) from exc
        return tuple(row[0] for row in described)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            first = next(csv.reader(fh), [])
    except (csv.Error, UnicodeDecodeError) as exc:
        raise _unreadable(contract, shown, exc) from exc
    return tuple(first)


def _normalise(header_name: str) -> str:
    return header_name.strip().lower()


def _check_columns(contract: Contract, header: tuple[str, ...], shown: str, report: RawLoadReport) -> None:
    normalised = [_normalise(h) for h in header]
    seen: set[str] = set()
    for name in normalised:
        if name and name in seen:
            raise SourceError(contract.name, shown, "the header names this column twice", row=1, column=name,
                              hint="Delete or rename one of the two columns")
        seen.add(name)
    for col in contract.columns:
        if col.required and col.name not in seen:
            raise SourceError(
                contract.name, shown, "required column is missing from the header", row=1, column=col.name,
                hint=f"Found columns: {', '.join(normalised)}",
            )
    unknown = [h or f"(unnamed column {i + 1})" for i, h in enumerate(normalised) if h not in contract.column_names]
    if unknown and contract.strict:
        raise SourceError(contract.name, shown, "column is not in the contract", row=1, column=unknown[0],
                          hint=f"Allowed columns: {', '.join(contract.column_names)}")
    if unknown:
        report.ignored_columns[shown] = unknown


def _create_load_tables(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    cols = ", ".join(f"{_q(c)} VARCHAR" for c in contract.column_names)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {LOADED} ({cols}, _file VARCHAR, _shift BIGINT)")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {FILES} (path VARCHAR, shown VARCHAR, first_line BIGINT)")


def _blank(contract: Contract) -> str:
    """True for a row with no value in any column read: Excel saves emptied rows as ",,,,,"."""
    return " AND ".join(f"coalesce(l.{_q(c)}, '') = ''" for c in contract.column_names)


def _create_raw_view(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {_q(raw_view(contract.name))} AS SELECT "
        + ", ".join(f"l.{_q(c)}" for c in contract.column_names)
        + f", f.shown AS _source_file, l.rowid - f.start_rowid + f.first_line + l._shift AS _source_row "
        f"FROM {LOADED} l JOIN {NUMBERED} f ON f.path = l._file WHERE NOT ({_blank(contract)})"
    )


def _blank_rows(con: duckdb.DuckDBPyConnection, contract: Contract) -> dict[str, int]:
    """Blank rows per file: skipped, and counted as skipped rather than as bad rows."""
    return {shown: int(n) for shown, n in con.execute(
        f"SELECT f.shown, count(*) FROM {LOADED} l JOIN {NUMBERED} f ON f.path = l._file "
        f"WHERE {_blank(contract)} GROUP BY 1").fetchall()}


def _read_files(con: duckdb.DuckDBPyConnection, contract: Contract, raw_files: list[RawFile]) -> list[tuple]:
    """Scan every file into the load table; return the lines the CSV reader rejected."""
    _create_load_tables(con, contract)
    malformed: list[tuple] = []
    # Consecutive files with the same layout share one scan; delivery order is kept.
    for (is_parquet, header), group in groupby(raw_files, key=lambda f: (f.is_parquet, f.header)):
        malformed += _read_group(con, contract, list(group), is_parquet, header)
    return malformed


def _read_every_line(con: duckdb.DuckDBPyConnection, contract: Contract, raw_files: list[RawFile],
                     work_dir: Path) -> AccountedLines:
    """Read the files and account for every line; read again from cleaned copies when the reader lost lines."""
    csv_paths = [f.path for f in raw_files if not f.is_parquet]
    # Counting the bytes overlaps with DuckDB's scan (which releases the GIL), so it costs little wall time.
    with ThreadPoolExecutor(max_workers=1) as pool:
        counting = pool.submit(lambda: {p: counted_data_rows(p) for p in csv_paths})
        try:
            malformed = _read_files(con, contract, raw_files)
            read = _index_files(con)
        except SourceError:
            if not csv_paths:
                raise
            # The reader gave up on a file (e.g. an empty line in a CRLF file): check every CSV line by line.
            malformed, read = [], {}
        by_bytes = counting.result()
    checked = lost_lines(raw_files, by_bytes, read, malformed, work_dir / "line_checked" / contract.name)
    cleaned = [replace(f, path=checked[f.shown].copy) if f.shown in checked and checked[f.shown].set_aside
               else f for f in raw_files]
    if cleaned != raw_files:
        malformed = _read_files(con, contract, cleaned)
        _index_files(con)
    return AccountedLines.of(raw_files, by_bytes, checked, malformed)


def _read_group(
    con: duckdb.DuckDBPyConnection, contract: Contract, group: list[RawFile], is_parquet: bool,
    header: tuple[str, ...],
) -> list[tuple]:
    """Append one scan of files sharing a header to the load table; return the lines the CSV reader rejected."""
    by_name = {_normalise(h): i for i, h in enumerate(header)}
    # Column i of the scan gets a name we choose, so the header's spelling (spaces, case) does not matter.
    scan_names = [f"c{i}" for i in range(len(header))]
    selects = [f"CAST({_q(header[by_name[c]]) if is_parquet else scan_names[by_name[c]]} AS VARCHAR)"
               if c in by_name else "NULL::VARCHAR" for c in contract.column_names]
    con.executemany(f"INSERT INTO {FILES} VALUES (?, ?, ?)",
                    [(str(f.path), f.shown, 1 if is_parquet else 2) for f in group])
    paths = [str(f.path) for f in group]
    if is_parquet:
        reader = "read_parquet($paths, filename = true)"
    else:
        columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in scan_names) + "}"
        reader = (f"read_csv($paths, columns = {columns}, header = true, auto_detect = false, delim = ',', "
                  "quote = '\"', escape = '\"', filename = true, store_rejects = true, "
                  "rejects_table = '_csv_rejects', rejects_scan = '_csv_rejects_scan')")
        # The reader's reject tables accumulate; start each scan from empty ones.
        con.execute("DROP TABLE IF EXISTS _csv_rejects")
        con.execute("DROP TABLE IF EXISTS _csv_rejects_scan")
    try:
        con.execute(f"INSERT INTO {LOADED} SELECT {', '.join(selects)}, filename, 0 FROM {reader}", {"paths": paths})
    except duckdb.Error as exc:
        shown = group[0].shown if len(group) == 1 else f"{group[0].shown} .. {group[-1].shown}"
        raise _unreadable(contract, shown, exc) from exc
    return [] if is_parquet else _rejected_lines(con, group)


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


def _index_files(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Where each file's rows start and end in the load table; return rows read per path as scanned."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {NUMBERED} AS
        SELECT f.path, f.shown, f.first_line, r.start_rowid, r.rows, r.end_rowid
        FROM {FILES} f JOIN (SELECT _file, min(rowid) AS start_rowid, max(rowid) AS end_rowid, count(*) AS rows
                             FROM {LOADED} GROUP BY _file) r ON r._file = f.path
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
    return {shown: int(rows) for shown, rows in con.execute(f"SELECT shown, rows FROM {NUMBERED}").fetchall()}


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
