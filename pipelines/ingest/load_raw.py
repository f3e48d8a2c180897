"""Loading one source's files, as text, into its raw_<source> table.

Everything is read as VARCHAR so that a bad value becomes a quarantined row with a reason,
not a crashed load. Structural problems (unreadable file, missing required column) raise
SourceError and stop this source only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.contracts import Contract
from pipelines.ingest.discover import skipped_entries, source_files
from pipelines.ingest.encoding import looks_utf8, transcode_gbk_to_utf8
from pipelines.ingest.errors import SourceError

REJECTS_TABLE = "_csv_rejects"
REJECTS_SCAN = "_csv_rejects_scan"


@dataclass
class RawLoadReport:
    source: str
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    malformed_lines: int = 0
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.files)


def raw_table(source: str) -> str:
    return f"raw_{source}"


def create_raw_table(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    cols = ", ".join(f'"{c}" VARCHAR' for c in contract.column_names)
    con.execute(
        f'CREATE OR REPLACE TABLE "{raw_table(contract.name)}" '
        f"({cols}, _source_file VARCHAR, _source_row BIGINT)"
    )


def create_malformed_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS raw_malformed_lines (source VARCHAR, source_file VARCHAR, "
        "source_row BIGINT, error_type VARCHAR, message VARCHAR, line_text VARCHAR)"
    )


def load_raw_source(
    con: duckdb.DuckDBPyConnection, contract: Contract, raw_dir: Path, work_dir: Path
) -> RawLoadReport:
    """(Re)build raw_<source> from every file of the source; an absent source gives an empty table."""
    report = RawLoadReport(source=contract.name)
    create_raw_table(con, contract)
    create_malformed_table(con)
    con.execute("DELETE FROM raw_malformed_lines WHERE source = ?", [contract.name])
    files = source_files(raw_dir, contract.name)
    skipped = skipped_entries(raw_dir, contract.name)
    if not files and contract.required_source:
        found = f"; found only {', '.join(skipped)}, which are not read" if skipped else ""
        raise SourceError(
            contract.name, raw_dir / contract.name, f"no CSV or Parquet file found{found}; this source is required",
            hint=f"Put your sales-line exports in {raw_dir / contract.name}/ (see data/raw/README.md)",
        )
    if skipped:
        report.notes.append(f"not read (only .csv and .parquet files are): {', '.join(skipped)}")
    for path in files:
        shown = _shown_path(path, raw_dir)
        readable = _readable_copy(contract, path, shown, work_dir, report)
        header = _header(con, contract, readable, shown)
        _check_columns(contract, header, shown, report)
        report.rows_read += _insert_file(con, contract, readable, shown, header, report)
        report.files.append(shown)
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


def _reader(path: Path) -> str:
    """Table function reading a file as text; the path is passed as a bound parameter."""
    if path.suffix.lower() == ".parquet":
        return "read_parquet($path)"
    return (
        "read_csv($path, all_varchar = true, header = true, store_rejects = true, "
        f"rejects_table = '{REJECTS_TABLE}', rejects_scan = '{REJECTS_SCAN}')"
    )


def _header(con: duckdb.DuckDBPyConnection, contract: Contract, path: Path, shown: str) -> list[str]:
    if path.suffix.lower() == ".csv":
        line = _header_line(con, contract, path, shown)
        _check_header_unique(contract, line, shown)
        # The CSV reader names columns after the trimmed header; when nothing needs trimming, the line
        # already holds those names and a second read of the file to describe it can be skipped.
        if line and all(h and h == h.strip() for h in line):
            return line
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {_reader(path)}", {"path": str(path)}).fetchall()
    except duckdb.Error as exc:
        raise _unreadable(contract, shown, exc) from exc
    return [row[0] for row in described]


def _unreadable(contract: Contract, shown: str, exc: duckdb.Error) -> SourceError:
    first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return SourceError(contract.name, shown, f"the file cannot be read ({first_line})",
                       hint="Check that it is a CSV with a header row or a Parquet file")


def _header_line(con: duckdb.DuckDBPyConnection, contract: Contract, path: Path, shown: str) -> list[str | None]:
    """The header line as written: the CSV reader renames a repeated header (qty, qty_1) when it names columns."""
    try:
        first = con.execute(
            "SELECT * FROM read_csv($path, all_varchar = true, header = false, ignore_errors = true) LIMIT 1",
            {"path": str(path)},
        ).fetchone()
    except duckdb.Error as exc:
        raise _unreadable(contract, shown, exc) from exc
    return list(first or ())


def _check_header_unique(contract: Contract, line: list[str | None], shown: str) -> None:
    seen: set[str] = set()
    for name in (_normalise(h) for h in line if h is not None):
        if name in seen:
            raise SourceError(contract.name, shown, "the header names this column twice", row=1, column=name,
                              hint="Delete or rename one of the two columns")
        seen.add(name)


def _normalise(header_name: str) -> str:
    return header_name.strip().lower().lstrip("\ufeff")


def _check_columns(contract: Contract, header: list[str], shown: str, report: RawLoadReport) -> None:
    normalised = [_normalise(h) for h in header]
    seen: set[str] = set()
    for name in normalised:
        if name in seen:
            raise SourceError(contract.name, shown, "the header names this column twice", row=1, column=name)
        seen.add(name)
    for col in contract.columns:
        if col.required and col.name not in seen:
            raise SourceError(
                contract.name, shown, "required column is missing from the header", row=1, column=col.name,
                hint=f"Found columns: {', '.join(normalised)}",
            )
    unknown = [h for h in normalised if h not in contract.column_names]
    if unknown and contract.strict:
        raise SourceError(contract.name, shown, "column is not in the contract", row=1, column=unknown[0],
                          hint=f"Allowed columns: {', '.join(contract.column_names)}")
    if unknown:
        report.ignored_columns[shown] = unknown


def _insert_file(
    con: duckdb.DuckDBPyConnection, contract: Contract, path: Path, shown: str, header: list[str],
    report: RawLoadReport,
) -> int:
    by_name = {_normalise(h): h for h in header}
    is_parquet = path.suffix.lower() == ".parquet"
    selects = []
    for col in contract.column_names:
        if col in by_name:
            quoted = '"' + by_name[col].replace('"', '""') + '"'
            selects.append(f"CAST({quoted} AS VARCHAR) AS \"{col}\"" if is_parquet else f'{quoted} AS "{col}"')
        else:
            selects.append(f'NULL::VARCHAR AS "{col}"')
    # row_number over the reader's order = data line; +1 for a CSV's header line (as Excel numbers rows).
    # A Parquet file has no header line: its rows are numbered from 1.
    first_row = 1 if is_parquet else 2
    table = raw_table(contract.name)
    before = int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    # The reader's reject tables accumulate; start each file from empty ones.
    con.execute(f"DROP TABLE IF EXISTS {REJECTS_TABLE}")
    con.execute(f"DROP TABLE IF EXISTS {REJECTS_SCAN}")
    try:
        con.execute(
            f'INSERT INTO "{table}" SELECT {", ".join(selects)}, $shown AS _source_file, '
            f"row_number() OVER () - 1 + $first_row AS _source_row FROM {_reader(path)}",
            {"path": str(path), "shown": shown, "first_row": first_row},
        )
    except duckdb.Error as exc:
        raise SourceError(contract.name, shown, f"the file cannot be read ({str(exc).splitlines()[0]})") from exc
    inserted = int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]) - before
    if not is_parquet:
        report.malformed_lines += _record_malformed(con, contract, table, shown)
    return inserted


def _record_malformed(con: duckdb.DuckDBPyConnection, contract: Contract, table: str, shown: str) -> int:
    """Move the CSV reader's rejected lines to raw_malformed_lines and fix later rows' line numbers."""
    # The reader gives one reject per surplus or missing cell: keep one per line (the one with the true
    # cell count), or the line would be counted twice and later rows' line numbers shifted too far.
    rejects = con.execute(
        f"SELECT line, arg_min(error_type, column_idx), "
        f"CASE WHEN arg_min(error_type, column_idx) = 'TOO MANY COLUMNS' THEN arg_max(error_message, column_idx) "
        f"ELSE arg_min(error_message, column_idx) END, first(csv_line) "
        f"FROM {REJECTS_TABLE} GROUP BY line ORDER BY line"
    ).fetchall()
    if not rejects:
        return 0
    con.executemany(
        "INSERT INTO raw_malformed_lines VALUES (?, ?, ?, ?, ?, ?)",
        [(contract.name, shown, int(line), etype, msg, text) for line, etype, msg, text in rejects],
    )
    # Accepted rows were numbered as if no line was skipped; shift each past the skipped lines.
    shifted = [int(line) - i for i, (line, *_rest) in enumerate(rejects)]
    con.execute("CREATE OR REPLACE TEMP TABLE _skipped AS SELECT unnest($s) AS adjusted", {"s": shifted})
    con.execute(
        f'UPDATE "{table}" SET _source_row = _source_row + '
        f"(SELECT count(*) FROM _skipped WHERE adjusted <= _source_row) WHERE _source_file = $shown",
        {"shown": shown},
    )
    return len(rejects)
