"""The foot-traffic estimate on count sheets an analyst has in hand (a file, a folder or a DataFrame).

The sheets go through the same contract checks as a nightly build (rows that break a rule come back in
`rejected`, with the rule) and the same study code (pipelines.footfall.study); the automatic reference
counters of the published warehouse, when it has any, supply the time-of-day profile. Nothing is written
to the warehouse or to data/raw: the work happens in an in-memory database and a temporary folder.

    result = estimate_footfall("pilot_counts.csv", reference=con)
    result["footfall_site_typical"], result.notes, result.rejected
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.contracts import get_contract
from pipelines.footfall.config import FootfallConfig, load_config
from pipelines.footfall.study import read_inputs, run_footfall_study
from pipelines.warehouse.connection import table_exists

SHEETS, SITES, REFERENCE, HOLIDAYS = "footfall_counts", "footfall_sites", "footfall_reference", "footfall_holidays"


@dataclass
class FootfallEstimate:
    tables: dict[str, pd.DataFrame]  # the footfall_* marts, as the build would write them for these sheets
    notes: list[str] = field(default_factory=list)  # what the study assumed or left out (profile source, ...)
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)  # sheet rows the contract quarantined, and why

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]


def _place(source: str, given: Path | str | pd.DataFrame | None, raw_dir: Path) -> None:
    """Make raw_dir/<source>/ hold the given files (linked, never copied or changed) or the frame as CSV."""
    folder = raw_dir / source
    if given is None:
        return
    if isinstance(given, pd.DataFrame):
        folder.mkdir(parents=True)
        given.to_csv(folder / f"{source}.csv", index=False)
        return
    path = Path(given).expanduser().resolve()
    if not path.exists():
        raise FileNotFoundError(f"{source}: no file or folder at {path}")
    if path.is_dir():
        folder.symlink_to(path, target_is_directory=True)
    else:
        folder.mkdir(parents=True)
        (folder / path.name).symlink_to(path)


def estimate_footfall(count_sheets: Path | str | pd.DataFrame, *, sites: Path | str | pd.DataFrame | None = None,
                      reference: duckdb.DuckDBPyConnection | Path | str | pd.DataFrame | None = None,
                      config: FootfallConfig | None = None) -> FootfallEstimate:
    """Daily and typical traffic, segment mix, ranking and a counting plan for the sheets' sites.

    count_sheets: a CSV/Parquet file, a folder of them, or a frame, with the footfall_counts columns
    (data/raw/README.md). sites: optional site list (footfall_sites). reference: the warehouse connection
    (its reference counters and holiday list), reference counter files or a frame (footfall_reference), or
    None for the built-in default profile (every output then says so). config: study settings (default:
    pipelines/config/footfall.yaml).
    """
    from pipelines.ingest.ingest_source import ingest_source

    with tempfile.TemporaryDirectory(prefix="salesops-footfall-") as tmp:
        raw_dir, work_dir = Path(tmp) / "raw", Path(tmp) / "work"
        raw_dir.mkdir()
        work_dir.mkdir()
        _place(SHEETS, count_sheets, raw_dir)
        _place(SITES, sites, raw_dir)
        if not isinstance(reference, duckdb.DuckDBPyConnection):
            _place(REFERENCE, reference, raw_dir)
        con = duckdb.connect(":memory:")
        try:
            for source in (SITES, SHEETS, REFERENCE, HOLIDAYS):
                ingest_source(con, get_contract(source), raw_dir, work_dir)
            notes = []
            if isinstance(reference, duckdb.DuckDBPyConnection):
                notes += [_copy_published(reference, con, source) for source in (REFERENCE, HOLIDAYS)]
            result = run_footfall_study(read_inputs(con), config or load_config())
            rejected = con.execute("SELECT * FROM quarantine WHERE source = ? ORDER BY source_file, source_row",
                                   [SHEETS]).df()
        finally:
            con.close()
    if len(rejected):
        notes.append(f"{len(rejected)} count-sheet row(s) broke a contract rule and were left out (see rejected)")
    return FootfallEstimate(result.tables, [*notes, *result.notes], rejected)


def _copy_published(warehouse: duckdb.DuckDBPyConnection, con: duckdb.DuckDBPyConnection, source: str) -> str:
    """A staged source of the published warehouse (reference counter hours, the study's holidays), as the
    study reads it, into the scratch database."""
    rows = warehouse.execute(f"SELECT * FROM stg_{source}").df() if table_exists(warehouse, f"stg_{source}") \
        else pd.DataFrame()  # source is one of our constants
    if rows.empty:
        return f"the warehouse holds no {source} rows: " + (
            "the built-in default profile is used" if source == REFERENCE else "the configured holidays are used")
    con.register("_published", rows)
    con.execute(f"CREATE OR REPLACE TABLE stg_{source} AS SELECT * FROM _published")
    con.unregister("_published")
    if source == REFERENCE:
        return (f"reference counters from the published warehouse: {rows['counter_id'].nunique()} counter(s), "
                f"{len(rows):,} hours")
    return f"holidays from the published warehouse: {len(rows)} day(s)"
