"""One settings object for the whole product: paths, as-of date, thresholds.

Every field has an environment-variable twin (SALESOPS_<FIELD>) so the nightly run and a
user's shell agree; CLI flags override both. Nothing here touches the disk at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

# The source checkout, for developer commands and tests only: no default path depends on it.
REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "SALESOPS_"
# The name a warehouse has in a project folder; any other name gets its own outputs and build folder.
WAREHOUSE_NAME = "warehouse.duckdb"
# The warehouse under construction has this name whatever the published one is called: dbt names the catalog
# after the file, and the dbt manifest every build runs on was parsed for it (pipelines/dbt_layer/runner.py).
STAGING_WAREHOUSE_NAME = "warehouse.duckdb"


@dataclass(frozen=True)
class Settings:
    """Every path defaults from the project folder (SALESOPS_PROJECT_DIR, else the current directory).

    A build's outputs sit beside its warehouse unless set explicitly: data/marts/warehouse.duckdb has
    data/marts/dashboards and the project's models/; /elsewhere/warehouse.duckdb has /elsewhere/dashboards
    and /elsewhere/models; /elsewhere/test.duckdb has /elsewhere/test_dashboards and /elsewhere/test_models.
    So building into another warehouse never overwrites another build's dashboards or models.
    Paths left as None are filled in from project_dir and warehouse when the object is made.
    """

    project_dir: Path = field(default_factory=Path.cwd)
    raw_dir: Path = None  # type: ignore[assignment]  # <project>/data/raw
    warehouse: Path = None  # type: ignore[assignment]  # <project>/data/marts/warehouse.duckdb
    models_dir: Path = None  # type: ignore[assignment]  # beside the warehouse (see above)
    dashboards_dir: Path = None  # type: ignore[assignment]  # beside the warehouse
    dagster_home: Path = None  # type: ignore[assignment]  # <project>/.dagster_home
    # None means "the last date seen in the sales lines".
    as_of: date | None = None
    # Plausible dates in the raw sources: not before earliest_date, not after the build date plus the margin.
    earliest_date: date = date(2000, 1, 1)
    future_margin_days: int = 31
    # Share of a source's rows that may be quarantined before downstream marts are blocked.
    quarantine_threshold: float = 0.01
    schedule_timezone: str = "Asia/Shanghai"
    schedule_cron: str = "0 2 * * *"
    duckdb_threads: int = 0  # 0 lets DuckDB pick
    # Risk-model horizons (days) and dashboard language.
    churn_horizon_days: int = 90
    stockout_horizon_days: int = 14
    stuffing_window_days: int = 60
    lang: str = "en"
    # A study's own foot-traffic settings (YAML like pipelines/config/footfall.yaml); None: the built-in file.
    footfall_config: Path | None = None
    duckdb_memory_limit: str = "3GB"
    # How long a build waits for another build of the same warehouse before giving up (0: not at all).
    lock_wait_seconds: int = 3600

    def __post_init__(self) -> None:
        project = Path(self.project_dir).expanduser().resolve()
        default_warehouse = project / "data" / "marts" / WAREHOUSE_NAME
        warehouse = Path(self.warehouse) if self.warehouse else default_warehouse
        beside = warehouse.parent
        derived = {
            "project_dir": project,
            "raw_dir": project / "data" / "raw",
            "warehouse": warehouse,
            "dashboards_dir": beside / self._output_name("dashboards", warehouse),
            "models_dir": project / "models" if warehouse == default_warehouse
            else beside / self._output_name("models", warehouse),
            "dagster_home": project / ".dagster_home",
        }
        for name, default in derived.items():
            object.__setattr__(self, name, Path(getattr(self, name) or default))

    @staticmethod
    def _output_name(kind: str, warehouse: Path) -> str:
        return kind if warehouse.name == WAREHOUSE_NAME else f"{warehouse.stem}_{kind}"

    @property
    def build_dir(self) -> Path:
        """Where the next warehouse, its dashboards and model files are built before they are published."""
        return self.warehouse.parent / ("." + self._output_name("build", self.warehouse))

    @property
    def staging_warehouse(self) -> Path:
        return self.build_dir / STAGING_WAREHOUSE_NAME

    @property
    def staging_dashboards_dir(self) -> Path:
        return self.build_dir / "dashboards"

    @property
    def staging_models_dir(self) -> Path:
        return self.build_dir / "models"

    @property
    def quarantine_dir(self) -> Path:
        """The quarantine report of the last build (readable database, CSV and Excel), beside the warehouse."""
        return self.warehouse.parent / self._output_name("quarantine", self.warehouse)

    def staged(self) -> Settings:
        """The same settings pointed at the outputs being built (what a build's steps write and read)."""
        return replace(self, dashboards_dir=self.staging_dashboards_dir, models_dir=self.staging_models_dir)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then SALESOPS_* environment variables, then explicit overrides (CLI flags)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw not in (None, ""):
                values[f.name] = _parse(f.name, raw)
        values.update({k: _parse(k, v) if isinstance(v, str) else v for k, v in overrides.items()
                       if v is not None})
        return cls(**values)

    def as_env(self) -> dict[str, str]:
        """The environment-variable form, e.g. to hand settings to a subprocess."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[ENV_PREFIX + f.name.upper()] = str(value)
        return out


_INT_FIELDS = {"duckdb_threads", "future_margin_days", "churn_horizon_days", "stockout_horizon_days",
               "stuffing_window_days", "lock_wait_seconds"}
_PATH_FIELDS = {"project_dir", "raw_dir", "warehouse", "models_dir", "dashboards_dir", "dagster_home",
                "footfall_config"}


def _parse(name: str, raw: str) -> object:
    if name in _PATH_FIELDS:
        return Path(raw).expanduser().resolve()
    if name in ("as_of", "earliest_date"):
        try:
            return date.fromisoformat(raw)
        except ValueError as exc:
            raise ValueError(f"{name.replace('_', ' ')} {raw!r} is not a date like 2025-12-31") from exc
    if name == "quarantine_threshold":
        value = float(raw)
        if not 0 <= value <= 1:
            raise ValueError(f"quarantine threshold {raw!r} must be a share between 0 and 1")
        return value
    if name in _INT_FIELDS:
        return int(raw)
    return raw
