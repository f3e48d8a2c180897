"""Where a sheet's cells start, so that rows and columns are numbered as Excel shows them.

The Excel reader returns a sheet's cells from its first non-empty row and column on; a title two rows
down or a table starting in column B would otherwise shift every row and column in our messages.
For .xlsx/.xlsm the first valued cells are read from the start of the sheet's XML (no second parse of
the workbook); an .xls file (at most 65,536 rows) is asked through calamine.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?(/>|>)')
_PREFIX_BYTES = 1 << 20  # the cells of the first rows: title, header and the start of the data
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ch - ord("A") + 1)
    return index - 1


def sheet_origin(path: Path, sheet_name: str) -> tuple[int, int]:
    """(row, column) of the sheet's first valued cell, both 0-based, as the Excel reader counts from."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            return _xlsx_origin(path, sheet_name)
        except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
            pass  # an unusual package layout: ask calamine
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet_name)
    return tuple(sheet.start) if sheet.start else (0, 0)


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next(s.get(f"{{{_NS['r']}}}id") for s in workbook.iterfind("m:sheets/m:sheet", _NS)
                  if s.get("name") == sheet_name)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels.iterfind("rel:Relationship", _NS) if r.get("Id") == rel_id)
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _xlsx_origin(path: Path, sheet_name: str) -> tuple[int, int]:
    with zipfile.ZipFile(path) as archive, archive.open(_sheet_part(archive, sheet_name)) as part:
        prefix = part.read(_PREFIX_BYTES)
    rows, cols = [], []
    for match in _CELL.finditer(prefix):
        if match.group(3) == b"/>":  # a formatted cell without a value: the reader skips it too
            continue
        cols.append(_column_index(match.group(1)))
        rows.append(int(match.group(2)) - 1)
    return (min(rows), min(cols)) if rows else (0, 0)
