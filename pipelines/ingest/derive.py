"""Columns a source's export does not have at all: derived from the others, or set to "unassigned".

Only a column missing from every file of the source is derived; an empty cell in a column that is
there is still a quarantined problem. The contract used for staging is adjusted so that a column
left empty on purpose is allowed to be empty and a placeholder is not checked as a reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import duckdb

from pipelines.contracts import Contract
from pipelines.contracts.minimum import NEEDED_BY, UNASSIGNED, WHEN_ABSENT, add_export_text
from pipelines.ingest.validate_sql import _q, raw_name

DERIVED = "(derived)"  # the raw text of a column computed from its row's other columns


@dataclass
class Derivation:
    raw: dict[str, str] = field(default_factory=dict)  # column -> SQL over the trimmed raw text
    typed: dict[str, str] = field(default_factory=dict)  # column -> SQL over the typed columns
    empty: set[str] = field(default_factory=set)  # columns left empty
    notes: list[str] = field(default_factory=list)

    @property
    def columns(self) -> set[str]:
        return set(self.raw) | set(self.typed) | self.empty


def derive(contract: Contract, absent: set[str]) -> Derivation:
    d = Derivation()
    if contract.name != "sales_lines":
        return d
    if "invoice_id" in absent:
        d.raw["invoice_id"] = "'ROW-' || _source_file || '-' || _source_row"
        if "line_no" in absent:
            d.raw["line_no"] = "'1'"
    elif "line_no" in absent:
        d.raw["line_no"] = (f"CAST(row_number() OVER (PARTITION BY {raw_name('invoice_id')} "
                            "ORDER BY _source_file, _source_row) AS VARCHAR)")
    for column in ("rep_id", "product_id"):
        if column in absent:
            d.raw[column] = f"'{UNASSIGNED}'"
    qty, price, discount, amount = (_q(c) for c in ("qty", "unit_price", "discount_pct", "amount"))
    if "qty" in absent:
        d.empty |= {"qty"} | ({"unit_price", "discount_pct"} & absent)
    else:
        if "unit_price" in absent:
            d.raw["unit_price"] = f"'{DERIVED}'"
            base = f"{qty} * (1 - {discount})" if "discount_pct" not in absent else qty
            d.typed["unit_price"] = f"round({amount} / nullif({base}, 0), 6)"
            if "discount_pct" in absent:
                d.raw["discount_pct"] = f"'{DERIVED}'"
                d.typed["discount_pct"] = "0.0::DOUBLE"
        elif "discount_pct" in absent:
            d.raw["discount_pct"] = f"'{DERIVED}'"
            d.typed["discount_pct"] = f"round(1 - {amount} / nullif({qty} * {price}, 0), 6)"
    d.notes = [f"{c} not in the export: {handled_as(contract, d, c)[0]}" for c in contract.column_names
               if c in d.columns and (contract.name, c) in WHEN_ABSENT]
    return d


def handled_as(contract: Contract, d: Derivation, column: str) -> tuple[str, str]:
    """What was done for a missing column, in English and Chinese."""
    if column in d.empty and column != "qty":
        return "left empty (there is no qty column either)", "留空（也没有数量列）"
    how, _lost, how_zh, _lost_zh = WHEN_ABSENT[(contract.name, column)]
    return how, how_zh


def staging_contract(contract: Contract, derivation: Derivation) -> Contract:
    """The contract staging checks: a column left empty may be empty, a placeholder is not a reference."""
    columns = tuple(replace(c, nullable=c.nullable or c.name in derivation.empty,
                            references=None if c.name in derivation.columns else c.references)
                    for c in contract.columns)
    return replace(contract, columns=columns)


MISSING_DDL = """
CREATE TABLE IF NOT EXISTS missing_inputs (
    source VARCHAR, column_name VARCHAR, handled_as VARCHAR, not_available VARCHAR, add_export VARCHAR,
    handled_as_zh VARCHAR, not_available_zh VARCHAR, add_export_zh VARCHAR
)"""


def record_missing_inputs(con: duckdb.DuckDBPyConnection, contract: Contract, present: bool,
                          derivation: Derivation) -> None:
    """Replace the source's rows in missing_inputs: a whole source absent, or columns its export lacks."""
    con.execute(MISSING_DDL)
    con.execute("DELETE FROM missing_inputs WHERE source = ?", [contract.name])
    rows = []
    if not present and contract.name in NEEDED_BY:
        lost, lost_zh = NEEDED_BY[contract.name]
        rows.append((contract.name, None, "absent: marts that need it are built empty", lost,
                     add_export_text(contract), "未提供：依赖它的报表为空", lost_zh, add_export_text(contract, "zh")))
    for column in contract.column_names:
        if column in derivation.columns and (contract.name, column) in WHEN_ABSENT:
            _how, lost, _how_zh, lost_zh = WHEN_ABSENT[(contract.name, column)]
            how, how_zh = handled_as(contract, derivation, column)
            rows.append((contract.name, column, how, lost, f"add the column {column} to the {contract.name} export",
                         how_zh, lost_zh, f"请在 {contract.name} 导出中加入 {column} 列"))
    if rows:
        con.executemany("INSERT INTO missing_inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
