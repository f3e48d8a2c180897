"""From an export's own headers and codes to the contract: the synonyms of the contracts plus the source's mapping.yaml.

The user edits `data/raw/<source>/mapping.yaml` (never the exports); every key is optional:

    sheet: 销售明细          # Excel sheet to read; default: every sheet whose header matches the contract
    header_row: 4           # row of the header as Excel shows it; default: found by matching the contract
    columns:                # header as written -> contract column (beats the built-in synonyms)
      价税合计: amount
    codes:                  # per column: value as written -> contract value
      customer_type: {经销商: distributor}
    units:                  # per column: multiplier to the contract's unit (万元 -> 10000)
      amount: 10000
    date_formats:           # per column: strptime format tried first
      invoice_date: "%d/%m/%Y"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.contracts import Contract
from pipelines.contracts.synonyms import BOOL_CODES, column_names_for, fold, value_codes_for
from pipelines.ingest.errors import SourceError
from pipelines.ingest.value_formats import ColumnFormat

MAPPING_FILE = "mapping.yaml"


@dataclass(frozen=True)
class SourceMapping:
    columns: dict[str, str] = field(default_factory=dict)  # folded header -> contract column
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> folded code -> value
    units: dict[str, float] = field(default_factory=dict)
    date_formats: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int | None = None
    path: str | None = None  # the file it came from, for messages

    def codes_for(self, column: str) -> dict[str, str]:
        """Built-in ERP codes of the column, overridden by the user's, keys folded."""
        merged = {fold(k): v for k, v in value_codes_for(column).items()}
        merged.update(self.codes.get(column, {}))
        return merged


@dataclass(frozen=True)
class HeaderMatch:
    positions: dict[str, int]  # contract column -> index of the header cell it comes from
    unplaced: list[str]  # header cells that map to no contract column (shown as written)
    shadowed: dict[str, str]  # header cell -> the column it would also name, already taken by a better name

    def header_of(self, header: tuple[str, ...], column: str) -> str:
        return header[self.positions[column]]


def load_mapping(raw_dir: Path, contract: Contract) -> SourceMapping:
    """The source's mapping.yaml, checked against the contract; an empty mapping when there is none."""
    path = raw_dir / contract.name / MAPPING_FILE
    if not path.is_file():
        return SourceMapping()
    shown = f"{contract.name}/{MAPPING_FILE}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceError(contract.name, shown, f"the mapping file cannot be read ({str(exc).splitlines()[0]})",
                          hint="Fix its YAML, or delete it and run `salesops map` to propose a new one") from None
    if not isinstance(data, dict):
        raise SourceError(contract.name, shown, "the mapping file must be a set of keys (sheet, columns, ...)")

    def known(column: object, where: str) -> str:
        if column not in contract.column_names:
            raise SourceError(contract.name, shown, f"{where} names '{column}', which is not a column of the contract",
                              hint=f"Columns: {', '.join(contract.column_names)}")
        return str(column)

    columns = {fold(str(h)): known(c, f"columns: {h}") for h, c in (data.get("columns") or {}).items()}
    codes = {known(c, "codes"): {fold(str(k)): str(v) for k, v in (m or {}).items()}
             for c, m in (data.get("codes") or {}).items()}
    units = {known(c, "units"): float(v) for c, v in (data.get("units") or {}).items()}
    formats = {known(c, "date_formats"): str(v) for c, v in (data.get("date_formats") or {}).items()}
    header_row = data.get("header_row")
    return SourceMapping(columns, codes, units, formats, sheet=data.get("sheet"),
                         header_row=int(header_row) if header_row is not None else None, path=shown)


def name_index(contract: Contract, mapping: SourceMapping) -> dict[str, tuple[str, int]]:
    """Folded header name -> (contract column, rank): lower rank = better name (the mapping file's rank 0)."""
    index: dict[str, tuple[str, int]] = {}
    for col in contract.columns:
        for rank, name in enumerate(column_names_for(contract.name, col.name), start=1):
            index.setdefault(fold(name), (col.name, rank))
    for header, column in mapping.columns.items():
        index[header] = (column, 0)
    return index


def match_header(contract: Contract, header: tuple[str, ...], mapping: SourceMapping) -> HeaderMatch:
    """Place each header cell on a contract column; of two cells naming one column, the better name wins."""
    index = name_index(contract, mapping)
    best: dict[str, tuple[int, int]] = {}  # column -> (rank, position)
    unplaced: list[str] = []
    for pos, cell in enumerate(header):
        hit = index.get(fold(cell)) or index.get(fold(without_unit(cell)))
        if hit is None:
            unplaced.append(cell or f"(unnamed column {pos + 1})")
            continue
        column, rank = hit
        if column not in best or rank < best[column][0]:
            best[column] = (rank, pos)
    positions = {column: pos for column, (_rank, pos) in best.items()}
    taken = set(positions.values())
    shadowed = {header[pos]: index[fold(header[pos])][0] for pos in range(len(header))
                if pos not in taken and fold(header[pos]) in index}
    shadowed |= {header[pos]: index[fold(without_unit(header[pos]))][0] for pos in range(len(header))
                 if pos not in taken and header[pos] not in shadowed and fold(without_unit(header[pos])) in index}
    return HeaderMatch(positions, unplaced, shadowed)


_UNIT_SUFFIX = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
WAN_YUAN = re.compile(r"万元|[(（]万[)）]")


def without_unit(header: str) -> str:
    """金额(万元) -> 金额, Amount (CNY) -> Amount: a unit in brackets after the name does not change the column."""
    return _UNIT_SUFFIX.sub("", header)


def header_score(contract: Contract, cells: list[str], mapping: SourceMapping) -> int:
    """How many distinct contract columns a row of cells names: the header is the row that names most."""
    index = name_index(contract, mapping)
    names = [fold(c) if fold(c) in index else fold(without_unit(c)) for c in cells if c]
    return len({index[n][0] for n in names if n in index})


def column_formats(contract: Contract, mapping: SourceMapping) -> dict[str, ColumnFormat]:
    """How this source writes each column: built-in ERP codes, plus the mapping's codes, units and date formats."""
    formats = {}
    for col in contract.columns:
        if col.type == "bool":
            codes = {fold(k): "true" if v else "false" for k, v in BOOL_CODES.items()}
            codes.update(mapping.codes.get(col.name, {}))
        else:
            codes = mapping.codes_for(col.name) if col.allowed else {}
        formats[col.name] = ColumnFormat(mapping.units.get(col.name, 1.0), mapping.date_formats.get(col.name), codes)
    return formats
