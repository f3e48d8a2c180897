"""The dbt profile of one build: dbt-duckdb writing the staging warehouse with the product's limits."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.settings import Settings

PROFILE_NAME = "salesops"
# Models run side by side: dbt's own bookkeeping per model, not DuckDB, is the larger cost on small tables.
DBT_THREADS = 4


def write_profile(folder: Path, database: Path, settings: Settings) -> Path:
    """Write profiles.yml into `folder` (the build's own, so two projects never share one) and return the folder."""
    duckdb_settings: dict[str, object] = {"memory_limit": settings.duckdb_memory_limit}
    if settings.duckdb_threads:
        duckdb_settings["threads"] = settings.duckdb_threads
    profile = {PROFILE_NAME: {"target": "build", "outputs": {"build": {
        "type": "duckdb", "path": str(database), "threads": DBT_THREADS, "settings": duckdb_settings}}}}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profiles.yml").write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
    return folder
