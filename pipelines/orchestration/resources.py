"""The Dagster resource carrying the product settings into assets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.settings import Settings
from pipelines.warehouse.connection import connect

# Every asset that writes the staging warehouse shares this pool (limit 1 in .dagster_home/dagster.yaml).
WRITER_POOL = "duckdb_writer"


class SalesOpsConfig(dg.ConfigurableResource):
    """Paths and knobs; defaults come from Settings.from_env() when the code location loads."""

    raw_dir: str
    warehouse: str
    models_dir: str
    dashboards_dir: str
    as_of: str = ""
    quarantine_threshold: float = 0.01

    @classmethod
    def from_settings(cls, s: Settings) -> SalesOpsConfig:
        return cls(raw_dir=str(s.raw_dir), warehouse=str(s.warehouse), models_dir=str(s.models_dir),
                   dashboards_dir=str(s.dashboards_dir), as_of=s.as_of.isoformat() if s.as_of else "",
                   quarantine_threshold=s.quarantine_threshold)

    def settings(self) -> Settings:
        return Settings.from_env(
            raw_dir=Path(self.raw_dir), warehouse=Path(self.warehouse), models_dir=Path(self.models_dir),
            dashboards_dir=Path(self.dashboards_dir),
            as_of=date.fromisoformat(self.as_of) if self.as_of else None,
            quarantine_threshold=self.quarantine_threshold,
        )

    def connect_staging(self) -> duckdb.DuckDBPyConnection:
        """The warehouse being built (published only when every upstream step succeeded)."""
        s = self.settings()
        return connect(s.staging_warehouse, s)
