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


def utf16_codec(path: Path) -> str | None:
    """The UTF-16 codec of a file, or None: by its byte-order mark, or without one by its NUL bytes.

    Text in UTF-16 without a BOM has a NUL in every other byte wherever it is ASCII (headers, digits,
    separators), which UTF-8 and GBK text never has.
    """
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head[:2] in _UTF16_BOMS:
        return "utf-16"
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even_nuls, odd_nuls = head[0:2 * pairs:2].count(0), head[1:2 * pairs:2].count(0)
    # A few CJK characters have a NUL byte too (一 is U+4E00), so the other side only needs to be far rarer.
    if odd_nuls > pairs // 4 and even_nuls < odd_nuls // 8:
        return "utf-16-le"
    if even_nuls > pairs // 4 and odd_nuls < even_nuls // 8:
        return "utf-16-be"
    return None


def transcode_utf16_to_utf8(path: Path, target: Path, codec: str = "utf-16") -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with path.open("r", encoding=codec, newline="") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)


def utf8_copy(path: Path, target: Path) -> str | None:
    """The encoding of a text file that needs a UTF-8 copy (written to target), or None if it is UTF-8.

    Raises UnicodeError when the file is neither UTF-8, UTF-16 nor GBK.
    """
    if codec := utf16_codec(path):
        transcode_utf16_to_utf8(path, target, codec)
        return "UTF-16" if codec == "utf-16" else f"UTF-16 (without byte-order mark, {codec[-2:].upper()})"
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
