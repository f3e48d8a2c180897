"""Ingesting sources one at a time into a real DuckDB file, as the build does, for bad-input tests."""

from __future__ import annotations

from pathlib import Path

import duckdb
from fingerprints import raw_fingerprint

from pipelines.contracts import CONTRACTS, Contract
from pipelines.contracts.plausibility import DateWindow
from pipelines.ingest.ingest_source import IngestReport, ingest_source

MASTERS = ("regions", "reps", "customers", "products")


class Loader:
    """One warehouse file and one raw folder; ingests sources in contract order like the build does."""

    def __init__(self, root: Path) -> None:
        self.raw = root / "raw"
        self.raw.mkdir()
        self.work = root / "build"
        self.con = duckdb.connect(str(root / "warehouse.duckdb"))
        self.raw_before: dict[str, str] | None = None

    def snapshot(self) -> None:
        """Fingerprint the raw folder once the test has written its files; checked again at teardown."""
        self.raw_before = raw_fingerprint(self.raw)

    def ingest(self, source: str, contract: Contract | None = None, window: DateWindow | None = None
               ) -> IngestReport:
        return ingest_source(self.con, contract or CONTRACTS[source], self.raw, self.work, window)

    def ingest_sales(self) -> IngestReport:
        """The master sources (as delivered in raw), then sales_lines."""
        for name in MASTERS:
            if (self.raw / name).is_dir():
                self.ingest(name)
        return self.ingest("sales_lines")

    def quarantine(self, source: str) -> list[dict[str, object]]:
        cur = self.con.execute(
            "SELECT source_file, source_row, column_name, value, rule, reason, raw_record FROM quarantine "
            "WHERE source = ? ORDER BY source_file, source_row, column_name", [source])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def rows(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()

    def load_log(self, source: str) -> dict[str, object]:
        cur = self.con.execute("SELECT * FROM load_log WHERE source = ?", [source])
        return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
