"""Excel workbooks (.xlsx, .xlsm, .xls) read through fastexcel (Rust calamine) as Arrow text, straight to DuckDB.

Every cell is read as text, like a CSV, so that a bad value is quarantined with a reason instead of
failing the file. Blank rows are dropped here; each kept row carries its row number as Excel shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fastexcel
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.ingest.readers.sheet_origin import sheet_origin

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")


@dataclass
class SheetCells:
    """One sheet's non-blank rows as text columns c0..cN, with the sheet row (1-based) of each."""

    name: str
    cells: pa.Table
    rows: np.ndarray  # int64 sheet row numbers, as Excel shows them
    first_column: int  # 0-based sheet column of c0 (A = 0)

    def head(self, n: int) -> list[list[str]]:
        """The first n rows as lists of cell text ('' for an empty cell)."""
        part = self.cells.slice(0, n).to_pylist()
        return [["" if v is None else str(v) for v in row.values()] for row in part]

    def last_row(self) -> list[str]:
        return self.slice(self.cells.num_rows - 1).head(1)[0]

    def slice(self, start: int, stop: int | None = None) -> SheetCells:
        stop = self.cells.num_rows if stop is None else stop
        return SheetCells(self.name, self.cells.slice(start, stop - start), self.rows[start:stop], self.first_column)


def sheet_names(path: Path) -> list[str]:
    return list(fastexcel.read_excel(str(path)).sheet_names)


def read_sheet(path: Path, sheet: str) -> SheetCells:
    """The sheet's cells as text; rows where every cell is empty or spaces are left out."""
    reader = fastexcel.read_excel(str(path))
    batch = reader.load_sheet(sheet, header_row=None, dtypes="string", eager=True)
    table = pa.Table.from_batches([batch]) if batch.num_rows else pa.table({})
    table = table.rename_columns([f"c{i}" for i in range(table.num_columns)])
    if not table.num_rows:
        return SheetCells(sheet, table, np.zeros(0, dtype=np.int64), 0)
    origin_row, origin_col = sheet_origin(path, sheet)
    blank = None
    for column in table.columns:
        empty = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(column), ""), True)
        blank = empty if blank is None else pc.and_(blank, empty)
    keep = pc.invert(blank)
    rows = np.arange(table.num_rows, dtype=np.int64) + origin_row + 1
    return SheetCells(sheet, table.filter(keep), rows[np.asarray(keep)], origin_col)
