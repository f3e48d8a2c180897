"""A trailing total row (合计 / 总计 / 小计 / Total): recognised, left out, and reconciled with the rows above it."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.contracts import Contract
from pipelines.contracts.synonyms import fold
from pipelines.ingest.value_formats import number_sql

TOTAL_LABELS = ("合计", "总计", "小计", "total", "grand total", "sum", "summe")


@dataclass(frozen=True)
class TotalRow:
    shown: str  # the file (and sheet) as the user knows it
    row: int | None  # its row as Excel shows it (None for a CSV: the last row)
    values: dict[str, str]  # contract column -> the total as written, for the numeric columns it fills


def is_total_row(cells: list[str]) -> bool:
    """True when the row's first filled cell is a total label and no id-like text follows it."""
    filled = [c for c in cells if c is not None and str(c).strip()]
    if not filled:
        return False
    label = fold(str(filled[0])).replace(" ", "").rstrip(":：")
    return any(label.startswith(t.replace(" ", "")) for t in TOTAL_LABELS)


def total_values(contract: Contract, cells: list[str], positions: dict[str, int]) -> dict[str, str]:
    """The totals the row states, by numeric contract column (the cell holding the label is not one)."""
    label_at = next(i for i, c in enumerate(cells) if c is not None and str(c).strip())
    numeric = [c.name for c in contract.columns if c.type in ("decimal", "int") and c.name in positions]
    return {name: str(cells[positions[name]]) for name in numeric
            if positions[name] < len(cells) and positions[name] != label_at
            and cells[positions[name]] not in (None, "")}


def reconcile(con: duckdb.DuckDBPyConnection, raw_view: str, total: TotalRow, units: dict[str, float]) -> list[str]:
    """Compare each total the row states with the sum of the rows read above it; a sentence per column."""
    where = f"row {total.row}" if total.row else "the last row"
    notes = []
    for column, written in total.values.items():
        unit = units.get(column, 1.0)
        stated, summed = con.execute(
            f"SELECT {number_sql('$written', unit)}, (SELECT sum({number_sql(_quoted(column), unit)}) "
            f"FROM {_quoted(raw_view)} WHERE _source_file = $file)",
            {"written": written, "file": total.shown}).fetchone()
        if stated is None:
            notes.append(f"{total.shown}: total row ({where}) left out; its {column} '{written}' is not a number")
        elif summed is None or abs(stated - summed) > max(0.01, 1e-9 * abs(stated)):
            notes.append(f"WARNING {total.shown}: total row ({where}) says {column} {stated:,.2f} but the rows "
                         f"above add up to {(summed or 0):,.2f}; check for rows missing from the export")
        else:
            notes.append(f"{total.shown}: total row ({where}) left out; its {column} matches the rows above")
    if not total.values:
        notes.append(f"{total.shown}: total row ({where}) left out")
    return notes


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
