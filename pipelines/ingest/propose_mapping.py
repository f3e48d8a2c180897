"""`salesops map FILE --source NAME`: a mapping.yaml proposed from a file's header and first rows.

It says which header goes to which contract column (by the contracts' synonyms), which headers and
contract columns it could not place, codes it does not know, and units it can read from the header
(金额(万元) -> units: 10000). The user reviews it and saves it as data/raw/<source>/mapping.yaml.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.contracts import Contract
from pipelines.contracts.synonyms import fold
from pipelines.ingest.mapping import WAN_YUAN, SourceMapping, header_score, match_header
from pipelines.ingest.readers.excel import EXCEL_SUFFIXES, read_sheet, sheet_names
from pipelines.ingest.readers.text import head_rows, utf8_copy

SAMPLE_ROWS = 200


@dataclass
class Proposal:
    mapping: dict[str, object]
    unplaced_headers: list[str]
    missing_columns: list[str]  # contract columns no header names
    missing_required: list[str]
    unknown_codes: dict[str, list[str]] = field(default_factory=dict)

    def yaml_text(self, source: str, file: str) -> str:
        lines = [f"# mapping.yaml for {source}, proposed from {file} by `salesops map`; review, then save it as",
                 f"# data/raw/{source}/mapping.yaml"]
        if self.unplaced_headers:
            lines.append(f"# headers not placed (ignored unless you map them): {', '.join(self.unplaced_headers)}")
        if self.missing_columns:
            lines.append(f"# contract columns not found: {', '.join(self.missing_columns)}")
        if self.missing_required:
            lines.append(f"# REQUIRED and not found (the build stops without them): {', '.join(self.missing_required)}")
        for column, values in self.unknown_codes.items():
            lines.append(f"# codes of {column} to translate under codes: {', '.join(values)}")
        return "\n".join(lines) + "\n" + yaml.safe_dump(self.mapping, allow_unicode=True, sort_keys=False)


def _head(path: Path) -> tuple[list[list[str]], list[int], str | None]:
    """The first rows of the file (or of its best sheet), their row numbers, and the sheet's name."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        sheets = [read_sheet(path, name) for name in sheet_names(path)]
        return max(((s.head(SAMPLE_ROWS), [int(r) for r in s.rows[:SAMPLE_ROWS]], s.name) for s in sheets),
                   key=lambda h: len(h[0]) > 0)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        rows, _delim = head_rows(copy if utf8_copy(path, copy) else path)
    return rows, list(range(1, len(rows) + 1)), None


def propose(contract: Contract, path: Path) -> Proposal:
    rows, numbers, sheet = _head(path)
    empty = SourceMapping()
    scores = [header_score(contract, row, empty) for row in rows]
    at = scores.index(max(scores)) if scores and max(scores) > 0 else 0
    header = tuple(rows[at]) if rows else ()
    match = match_header(contract, header, empty)
    mapping: dict[str, object] = {}
    if sheet:
        mapping["sheet"] = sheet
    mapping["header_row"] = numbers[at] if numbers else 1
    mapping["columns"] = {header[pos]: column for column, pos in sorted(match.positions.items(), key=lambda i: i[1])}
    units = {column: 10000 for column, pos in match.positions.items() if WAN_YUAN.search(header[pos])}
    if units:
        mapping["units"] = units
    unknown: dict[str, list[str]] = {}
    data = rows[at + 1:]
    for column, pos in match.positions.items():
        col = contract.column(column)
        if not col.allowed:
            continue
        known = set(col.allowed) | set(empty.codes_for(column))
        seen = sorted({fold(r[pos]) for r in data if pos < len(r) and r[pos].strip()} - known)
        if seen:
            unknown[column] = seen
    if unknown:
        mapping["codes"] = {column: {value: "?" for value in values} for column, values in unknown.items()}
    missing = [c.name for c in contract.columns if c.name not in match.positions]
    return Proposal(mapping, match.unplaced, missing,
                    [c for c in missing if contract.column(c).required], unknown)
