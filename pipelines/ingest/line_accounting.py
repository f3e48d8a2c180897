"""Every line of a CSV file accounted for, even when the CSV reader loses some.

A stray double quote opens a quoted cell that no later quote closes, and the CSV reader then takes
the rest of the file as one broken cell: thousands of rows gone with a single rejected line. So each
file's rows are counted twice, independently: by the bytes (newlines, fast) and by what the reader
returned (rows + rejected lines). When the two disagree, the file is read again in Python line by line:
a line whose quote is never closed (within a few lines, as a cell with line breaks would be) is a
broken line, quarantined on its own, and reading resumes at the next line. The reader then gets a
cleaned copy under the build folder (the raw file is never changed) without the broken and empty lines,
and the rows keep the numbers a spreadsheet shows for them.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

CHUNK_BYTES = 1 << 20
# A cell with line breaks inside quotes (an address, a note) spans a few lines; a quote still open after
# this many lines is a stray one.
MAX_LINES_PER_ROW = 50
BROKEN_QUOTE = "QUOTE NOT CLOSED"
BROKEN_QUOTE_MESSAGE = ("a double quote opens a cell that is never closed on this line; the line is set aside "
                        "and reading resumes at the next line")
TEXT_AFTER_QUOTE = "TEXT AFTER CLOSING QUOTE"
TEXT_AFTER_QUOTE_MESSAGE = "a quoted cell is followed by more text before the next separator"


def counted_data_rows(path: Path) -> int:
    """Rows after the header by the bytes: lines, counted without parsing (a cell with a line break counts two)."""
    newlines = 0
    last = b""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
    if newlines == 0:  # one line, or old Mac line ends (a lone \r)
        with path.open("rb") as fh:
            newlines = fh.read().count(b"\r")
        last = last.replace(b"\r", b"\n")
    lines = newlines + (1 if last and last != b"\n" else 0)
    return max(lines - 1, 0)


@dataclass
class LineCheck:
    """A file read line by line: its rows as a spreadsheet numbers them (the header is row 1)."""

    data_rows: int = 0  # rows after the header, an empty line being a row and a cell with line breaks one row
    broken: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row, error type, message, text)
    empty_rows: list[int] = field(default_factory=list)  # empty lines: the CSV reader skips them silently
    kept_rows: list[int] = field(default_factory=list)  # the row number of each row of the cleaned copy
    copy: Path | None = None  # the cleaned copy

    @property
    def set_aside(self) -> list[int]:
        """Rows left out of the cleaned copy, in order."""
        return sorted([b[0] for b in self.broken] + self.empty_rows)


def check_lines(path: Path, clean_copy: Path, skip: int = 0, delim: str = ",") -> LineCheck:
    """Split a UTF-8 CSV into rows by its quoting, one line at a time, and write the rows that can be read.

    skip: title lines above the header. The copy holds them, the header and every row except broken and
    empty lines; kept_rows maps its rows back.
    """
    result = LineCheck(copy=clean_copy)
    clean_copy.parent.mkdir(parents=True, exist_ok=True)
    with path.open(encoding="utf-8-sig", newline="") as src, clean_copy.open("w", encoding="utf-8",
                                                                           newline="") as dst:
        lines = iter(src)  # newline="": split on \n, \r\n or a lone \r, line ends kept
        row = 0
        for line in lines:  # title lines and the header, as they are
            dst.write(_with_line_end(line))
            row += 1
            result.kept_rows.append(row)
            if row > skip:
                break
        if row <= skip:
            return result
        pending: list[str] = []  # lines read ahead while looking for a closing quote
        while True:
            line = pending.pop(0) if pending else next(lines, None)
            if line is None:
                break
            row += 1
            if not line.strip("\r\n").strip():
                result.empty_rows.append(row)
                continue
            problem = _quote_problem(line, delim)
            if problem is None:
                dst.write(_with_line_end(line))
                result.kept_rows.append(row)
                continue
            if problem == TEXT_AFTER_QUOTE:
                result.broken.append((row, TEXT_AFTER_QUOTE, TEXT_AFTER_QUOTE_MESSAGE, line.rstrip("\r\n")))
                continue
            # The quote may close on a later line (a cell with line breaks) or never (a stray quote).
            joined, used = line, []
            while len(used) < MAX_LINES_PER_ROW:
                following = pending[len(used)] if len(used) < len(pending) else next(lines, None)
                if following is None:
                    break
                if len(used) >= len(pending):
                    pending.append(following)
                used.append(following)
                joined += following
                problem = _quote_problem(joined, delim)
                if problem != BROKEN_QUOTE:
                    break
            if problem is None:
                del pending[:len(used)]
                dst.write(_with_line_end(joined))
                result.kept_rows.append(row)
            else:
                result.broken.append((row, BROKEN_QUOTE, BROKEN_QUOTE_MESSAGE, line.rstrip("\r\n")))
    result.data_rows = row - 1 - skip
    return result


def _with_line_end(line: str) -> str:
    """The row ended by \n: one line end throughout the copy (line breaks inside a quoted cell are kept)."""
    return line.rstrip("\r\n") + "\n"


def _quote_problem(text: str, delim: str) -> str | None:
    """None when the text is complete CSV rows; else why not (an open quote, text after a closing one)."""
    if '"' not in text:
        return None
    try:
        for _ in csv.reader([text], delimiter=delim, strict=True):
            pass
    except csv.Error as exc:
        return BROKEN_QUOTE if "unexpected end of data" in str(exc) or "newline inside string" in str(exc) \
            else TEXT_AFTER_QUOTE
    return None


class ReadFile(Protocol):
    path: Path
    shown: str
    skip: int  # title lines above the header
    delim: str

    @property
    def is_parquet(self) -> bool: ...


def lost_lines(files: list[ReadFile], by_bytes: dict[Path, int], read: dict[str, int], rejected: list[tuple],
               copies: Path) -> dict[str, LineCheck]:
    """Check line by line each CSV whose rows by the bytes differ from the rows read plus the lines rejected.

    read maps a path as scanned to its rows; rejected holds (file shown, row, ...) per rejected line.
    """
    rejected_per_file = Counter(r[0] for r in rejected)
    return {f.shown: check_lines(f.path, copies / Path(f.shown).name, f.skip, f.delim) for f in files
            if not f.is_parquet and by_bytes[f.path] != read.get(str(f.path), 0) + rejected_per_file[f.shown]}


@dataclass
class AccountedLines:
    """What the last read of a source's files left out, in the files' own row numbers."""

    malformed: list[tuple]  # (file shown, row, error type, message, text), by file and row
    gaps: list[tuple[str, int]]  # every row that is not in the load table (malformed or empty), by file and row
    data_rows: dict[str, int]  # rows after the header, for CSV files
    empty_rows: dict[str, int]  # empty lines set aside per file

    @classmethod
    def of(cls, files: list[ReadFile], by_bytes: dict[Path, int], checked: dict[str, LineCheck],
           rejected: list[tuple]) -> AccountedLines:
        """rejected comes from the last read: rows of a cleaned copy are mapped back to the file's rows."""
        copied = {shown: c for shown, c in checked.items() if c.set_aside}
        malformed = [(shown, copied[shown].kept_rows[row - 1] if shown in copied else row, *rest)
                     for shown, row, *rest in rejected]
        malformed += [(shown, *broken) for shown, c in copied.items() for broken in c.broken]
        malformed.sort(key=lambda m: (m[0], m[1]))
        gaps = sorted([(m[0], m[1]) for m in malformed]
                      + [(shown, row) for shown, c in copied.items() for row in c.empty_rows])
        data_rows = {f.shown: checked[f.shown].data_rows if f.shown in checked else by_bytes[f.path]
                     for f in files if not f.is_parquet}
        return cls(malformed, gaps, data_rows, {shown: len(c.empty_rows) for shown, c in copied.items()})
