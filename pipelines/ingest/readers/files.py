"""Opening one raw file (CSV/text, Parquet, Excel sheet) as something the load step can scan.

Finds the header (under title rows), places its cells on contract columns (synonyms + mapping.yaml),
and recognises a trailing total row. What it skips or guesses is written to the load report's notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from pipelines.contracts import Contract
from pipelines.contracts.synonyms import fold
from pipelines.ingest.errors import SourceError
from pipelines.ingest.mapping import WAN_YUAN, HeaderMatch, SourceMapping, header_score, match_header
from pipelines.ingest.readers.excel import EXCEL_SUFFIXES, SheetCells, read_sheet, sheet_names
from pipelines.ingest.readers.sheet_origin import column_letters
from pipelines.ingest.readers.text import head_rows, tail_row, utf8_copy
from pipelines.ingest.readers.totals import TotalRow, is_total_row, total_values


@dataclass(frozen=True)
class RawFile:
    path: Path  # what DuckDB reads (a UTF-8 copy for a GBK or UTF-16 file); for a sheet, file!sheet
    shown: str  # the file as the user knows it, relative to the raw folder (with !sheet for a workbook)
    header: tuple[str, ...]
    match: HeaderMatch
    kind: str = "csv"  # csv | parquet | sheet
    delim: str = ","
    skip: int = 0  # lines above the header (title rows)
    sheet: SheetCells | None = None  # the data rows of a sheet, below its header
    total: TotalRow | None = None
    first_column: int = 0  # 0-based sheet column of the first header cell
    origin: Path | None = None  # the raw file itself

    @property
    def drops_last_row(self) -> bool:
        """A CSV's total row is read with its data and left out afterwards (a sheet's is never loaded)."""
        return self.kind == "csv" and self.total is not None

    @property
    def is_parquet(self) -> bool:
        return self.kind == "parquet"

    @property
    def layout(self) -> tuple:
        """Files with the same layout are read by one scan."""
        return (self.kind, self.delim, self.skip, self.header)

    def letter(self, column: str) -> str:
        """The Excel column letter a contract column comes from in this file."""
        return column_letters(self.first_column + self.match.positions[column])


@dataclass
class OpenReport:
    notes: list[str] = field(default_factory=list)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)


def open_raw_file(con: duckdb.DuckDBPyConnection, contract: Contract, path: Path, shown: str, work_dir: Path,
                  mapping: SourceMapping, report: OpenReport) -> list[RawFile]:
    """The readable parts of one file (a workbook gives one per matching sheet)."""
    if path.stat().st_size == 0:
        raise SourceError(contract.name, shown, "the file is empty (0 bytes)",
                          hint="Re-export it, or remove it if it was delivered by mistake")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        parts = _workbook(contract, path, shown, mapping, report)
    elif suffix == ".parquet":
        header = _parquet_header(con, contract, path, shown)
        parts = [RawFile(path, shown, header, _checked(contract, header, shown, mapping, report), kind="parquet")]
    else:
        parts = [_text_file(contract, path, shown, work_dir, mapping, report)]
    return [replace(p, origin=path) for p in parts]


def unreadable(contract: Contract, shown: str, problem: object) -> SourceError:
    first_line = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
    return SourceError(contract.name, shown, f"the file cannot be read ({first_line})",
                       hint="Check that it is a CSV, text, Excel or Parquet file with a header row")


def _parquet_header(con: duckdb.DuckDBPyConnection, contract: Contract, path: Path, shown: str) -> tuple[str, ...]:
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet($path)", {"path": str(path)}).fetchall()
    except duckdb.Error as exc:
        raise unreadable(contract, shown, exc) from exc
    return tuple(row[0] for row in described)


def _text_file(contract: Contract, path: Path, shown: str, work_dir: Path, mapping: SourceMapping,
               report: OpenReport) -> RawFile:
    copy = work_dir / "transcoded" / contract.name / path.name
    try:
        encoding = utf8_copy(path, copy)
    except UnicodeError:
        raise SourceError(contract.name, shown, "the file is neither UTF-8, UTF-16 nor GBK text",
                          hint="Save it from Excel as 'CSV UTF-8 (comma delimited)'") from None
    readable = copy if encoding else path
    if encoding:
        report.notes.append(f"{shown} was {encoding}-encoded; read through a UTF-8 copy")
    try:
        rows, delim = head_rows(readable)
    except (UnicodeDecodeError, ValueError) as exc:
        raise unreadable(contract, shown, exc) from exc
    at = _header_index(contract, rows, mapping, [i + 1 for i in range(len(rows))], shown)
    header = tuple(rows[at]) if rows else ()
    if at:
        report.notes.append(f"{shown}: {at} title row(s) above the header skipped (header on row {at + 1})")
    match = _checked(contract, header, shown, mapping, report, header_row=at + 1)
    last = tail_row(readable, delim)
    total = None
    if is_total_row(last) and last != list(header):
        total = TotalRow(shown, None, total_values(contract, last, match.positions))
    return RawFile(readable, shown, header, match, delim=delim, skip=at, total=total)


def _header_index(contract: Contract, rows: list[list[str]], mapping: SourceMapping, row_numbers: list[int],
                  shown: str) -> int:
    """Index (in rows) of the header: the mapping's header_row, else the first row naming most contract columns."""
    if mapping.header_row is not None:
        if mapping.header_row not in row_numbers:
            raise SourceError(contract.name, shown, f"header_row {mapping.header_row} of {mapping.path} is empty "
                              "or beyond the rows looked at", hint="Set header_row to the row that holds the "
                              "column names, as Excel numbers it, or remove it to find the header automatically")
        return row_numbers.index(mapping.header_row)
    scores = [header_score(contract, row, mapping) for row in rows]
    return scores.index(max(scores)) if scores and max(scores) > 0 else 0


def _workbook(contract: Contract, path: Path, shown: str, mapping: SourceMapping, report: OpenReport
              ) -> list[RawFile]:
    names: list[str] = []
    try:
        names = sheet_names(path)
        if mapping.sheet and mapping.sheet not in names:
            raise SourceError(contract.name, shown, f"sheet '{mapping.sheet}' named in {mapping.path} is not in "
                              "the workbook", hint=f"Sheets: {', '.join(names)}")
        sheets = [read_sheet(path, name) for name in ([mapping.sheet] if mapping.sheet else names)]
    except SourceError:
        raise
    except Exception as exc:  # the reader's own errors (corrupt zip, password, unsupported) stop this file
        raise unreadable(contract, shown, exc) from exc
    candidates = []
    for sheet in sheets:
        if not sheet.cells.num_rows:
            report.notes.append(f"{shown}: sheet '{sheet.name}' is empty; not read")
            continue
        head = sheet.head(30)
        at = _header_index(contract, head, mapping, list(sheet.rows[:30]), f"{shown}!{sheet.name}")
        header = tuple(head[at])
        missing = [c.name for c in contract.columns
                   if c.required and c.name not in match_header(contract, header, mapping).positions]
        candidates.append((len(missing), header_score(contract, list(header), mapping), sheet, at, header))
    if not candidates:
        raise SourceError(contract.name, shown, "every sheet of the workbook is empty")
    # Sheets holding every required column are read; if none does, the closest one is checked (and says why).
    chosen = [c for c in candidates if c[0] == 0] or [min(candidates, key=lambda c: (c[0], -c[1]))]
    for _missing, _score, sheet, _at, _header in candidates:
        if not any(sheet is c[2] for c in chosen):
            report.notes.append(f"{shown}: sheet '{sheet.name}' not read (its header does not hold the "
                                f"{contract.name} columns)")
    out = []
    for _missing, _score, sheet, at, header in chosen:
        name = f"{shown}!{sheet.name}" if len(names) > 1 else shown
        match = _checked(contract, header, name, mapping, report, int(sheet.rows[at]), sheet.first_column)
        if sheet.rows[at] > 1:
            report.notes.append(f"{name}: header found on row {sheet.rows[at]}; rows above it skipped")
        data = sheet.slice(at + 1)
        total = None
        if data.cells.num_rows and is_total_row(data.last_row()):
            total = TotalRow(name, int(data.rows[-1]), total_values(contract, data.last_row(), match.positions))
            data = data.slice(0, data.cells.num_rows - 1)
        out.append(RawFile(Path(f"{path}!{sheet.name}"), name, header, match, kind="sheet", sheet=data,
                           total=total, first_column=sheet.first_column))
    return out


def _checked(contract: Contract, header: tuple[str, ...], shown: str, mapping: SourceMapping, report: OpenReport,
             header_row: int = 1, first_column: int = 0) -> HeaderMatch:
    """Place the header on the contract; a required column missing or a column named twice stops the source."""
    seen: dict[str, int] = {}
    for pos, cell in enumerate(header):
        name = fold(cell)
        if name and name in seen:
            letters = f"{column_letters(first_column + seen[name])} and {column_letters(first_column + pos)}"
            raise SourceError(contract.name, shown, f"the header names this column twice (columns {letters})",
                              row=header_row, column=header[seen[name]].strip(),
                              hint="Delete or rename one of the two columns")
        seen[name] = pos
    match = match_header(contract, header, mapping)
    for col in contract.columns:
        if col.required and col.name not in match.positions:
            raise SourceError(
                contract.name, shown, "required column is missing from the header", row=header_row, column=col.name,
                hint=f"Found columns: {', '.join(header)}. Name the column in the header, or map it in "
                     f"{contract.name}/mapping.yaml (salesops map FILE --source {contract.name} proposes one)",
            )
    if contract.strict and match.unplaced:
        raise SourceError(contract.name, shown, "column is not in the contract", row=header_row,
                          column=match.unplaced[0],
                          hint=f"Allowed columns: {', '.join(contract.column_names)}")
    for column, pos in match.positions.items():
        if WAN_YUAN.search(header[pos]) and column not in mapping.units:
            report.notes.append(f"WARNING {shown}: header '{header[pos]}' is in 万元 but {column} is read in yuan; "
                                f"add 'units: {{{column}: 10000}}' to {contract.name}/mapping.yaml")
    ignored = match.unplaced + [f"{h} (also names {c})" for h, c in match.shadowed.items()]
    if ignored:
        report.ignored_columns[shown] = ignored
    return match


def collapse_file_notes(notes: list[str], shown: list[str]) -> list[str]:
    """One note for the same remark about many files ("a.csv .. z.csv (36 files) were GBK-encoded ...")."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for note in notes:
        file = next((f for f in shown if f in note), None)
        if file is None:
            others.append(note)
        else:
            groups.setdefault(note.replace(file, "{}", 1), []).append(file)
    out = []
    for pattern, files in groups.items():
        name = files[0] if len(files) == 1 else f"{files[0]} .. {files[-1]} ({len(files)} files)"
        out.append(pattern.replace("{}", name, 1))
    return out + others
