"""One source end to end: files -> raw_<source> -> stg_<source> + quarantine, logged in load_log."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.contracts import Contract
from pipelines.contracts.plausibility import DateWindow
from pipelines.ingest.derive import derive, record_missing_inputs, staging_contract
from pipelines.ingest.errors import SourceError
from pipelines.ingest.load_raw import RawLoadReport, load_raw_source
from pipelines.ingest.mapping import column_formats
from pipelines.ingest.stage import StageReport, stage_source
from pipelines.warehouse.connection import ensure_table

LOAD_LOG_DDL = """
CREATE TABLE IF NOT EXISTS load_log (
    source VARCHAR PRIMARY KEY, status VARCHAR, files VARCHAR[], rows_read BIGINT, rows_accepted BIGINT,
    rows_quarantined BIGINT, rows_redelivered BIGINT, quarantined_share DOUBLE, message VARCHAR,
    rows_superseded BIGINT, rows_skipped BIGINT
)"""


@dataclass
class IngestReport:
    source: str
    status: str  # loaded | absent | stopped
    raw: RawLoadReport
    stage: StageReport | None
    message: str = ""


def ingest_source(con: duckdb.DuckDBPyConnection, contract: Contract, raw_dir: Path, work_dir: Path,
                  window: DateWindow | None = None) -> IngestReport:
    """Load and validate one source. SourceError is logged in load_log, then re-raised.

    window: the plausible dates (default: 2000-01-01 to today plus the default margin).
    """
    ensure_table(con, "load_log", LOAD_LOG_DDL)
    try:
        raw = load_raw_source(con, contract, raw_dir, work_dir)
    except SourceError as exc:
        _log(con, IngestReport(contract.name, "stopped", RawLoadReport(contract.name), None, exc.message))
        raise
    read = {column for _file, column, _header, _letter in raw.columns_as_read}
    derivation = derive(contract, set(contract.column_names) - read if raw.present else set())
    stage = stage_source(con, staging_contract(contract, derivation), column_formats(contract, raw.mapping),
                         derivation, window)
    record_missing_inputs(con, contract, raw.present, derivation)
    notes = list(raw.notes) + derivation.notes
    if raw.ignored_columns:
        notes += [f"{f}: ignored columns not in the contract: {', '.join(c)}" for f, c in raw.ignored_columns.items()]
    if stage.unchecked_references:
        notes.append("references not checked: " + ", ".join(stage.unchecked_references))
    if stage.members_from_ids:
        notes.append(f"{stage.members_from_ids} id(s) with no row in their master export kept as members named by "
                     f"their id: SELECT * FROM members_from_ids WHERE referring_source = '{contract.name}'")
    status = "loaded" if raw.present else "absent"
    if not raw.present:
        notes.insert(0, f"no files in {contract.name}/: marts that need this source are built empty")
    report = IngestReport(contract.name, status, raw, stage, "; ".join(notes))
    _log(con, report)
    return report


def _log(con: duckdb.DuckDBPyConnection, r: IngestReport) -> None:
    s = r.stage
    con.execute(
        "INSERT OR REPLACE INTO load_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [r.source, r.status, r.raw.files, s.rows_in if s else 0, s.rows_accepted if s else 0,
         s.rows_quarantined if s else 0, s.rows_redelivered if s else 0,
         s.quarantined_share if s else 0.0, r.message, s.rows_superseded if s else 0, r.raw.rows_skipped],
    )
