"""Text exports: which encoding and delimiter, and the first rows (to find the header under title rows).

DuckDB reads UTF-8; GBK/GB18030 and UTF-16 (Excel's "Unicode text", tab-separated) files are read
through a UTF-8 copy in the build folder. The raw file is only ever read.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from pipelines.ingest.encoding import looks_utf8, transcode_gbk_to_utf8

HEAD_ROWS = 30  # a header is looked for among the first rows
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def is_utf16(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) in _UTF16_BOMS


def transcode_utf16_to_utf8(path: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with path.open("r", encoding="utf-16", newline="") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)


def utf8_copy(path: Path, target: Path) -> str | None:
    """The encoding of a text file that needs a UTF-8 copy (written to target), or None if it is UTF-8.

    Raises UnicodeError when the file is neither UTF-8, UTF-16 nor GBK.
    """
    if is_utf16(path):
        transcode_utf16_to_utf8(path, target)
        return "UTF-16"
    if looks_utf8(path):
        return None
    if transcode_gbk_to_utf8(path, target):
        return "GBK"
    raise UnicodeError("neither UTF-8, UTF-16 nor GBK")


def head_rows(path: Path) -> tuple[list[list[str]], str]:
    """The first rows of a UTF-8 text file as cells, and its delimiter (tab when tabs outnumber commas)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = [line for _, line in zip(range(HEAD_ROWS), fh, strict=False)]
    text = "".join(lines)
    delim = "\t" if text.count("\t") > text.count(",") else ","
    return list(csv.reader(lines, delimiter=delim)), delim


def tail_row(path: Path, delim: str) -> list[str]:
    """The last non-blank row of a UTF-8 text file (to recognise a total row), read from its end only."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65_536))
        tail = fh.read().decode("utf-8", errors="replace")
    lines = [line for line in tail.splitlines() if line.strip(" \t" + delim)]
    return next(csv.reader(lines[-1:], delimiter=delim), []) if lines else []
