"""One settings object for the whole product: paths, as-of date, thresholds.

Every field has an environment-variable twin (SALESOPS_<FIELD>) so the nightly run and a
user's shell agree; CLI flags override both. Nothing here touches the disk at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "SALESOPS_"


def _default_project_dir() -> Path:
    return Path(os.environ.get(f"{ENV_PREFIX}PROJECT_DIR", REPO_ROOT))


@dataclass(frozen=True)
class Settings:
    raw_dir: Path = field(default_factory=lambda: _default_project_dir() / "data" / "raw")
    warehouse: Path = field(default_factory=lambda: _default_project_dir() / "data" / "marts" / "warehouse.duckdb")
    models_dir: Path = field(default_factory=lambda: _default_project_dir() / "models")
    dashboards_dir: Path = field(
        default_factory=lambda: _default_project_dir() / "data" / "marts" / "dashboards"
    )
    dagster_home: Path = field(default_factory=lambda: _default_project_dir() / ".dagster_home")
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

    @property
    def build_dir(self) -> Path:
        """Where the next warehouse is built before it is published."""
        return self.warehouse.parent / ".build"

    @property
    def staging_warehouse(self) -> Path:
        return self.build_dir / self.warehouse.name

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
        return replace(cls(), **values)

    def as_env(self) -> dict[str, str]:
        """The environment-variable form, e.g. to hand settings to a subprocess."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[ENV_PREFIX + f.name.upper()] = str(value)
        return out


_INT_FIELDS = {"duckdb_threads", "future_margin_days", "churn_horizon_days", "stockout_horizon_days",
               "stuffing_window_days"}
_PATH_FIELDS = {"raw_dir", "warehouse", "models_dir", "dashboards_dir", "dagster_home", "footfall_config"}


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
