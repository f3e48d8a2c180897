"""The dbt profile of one build: dbt-duckdb writing the staging warehouse with the product's limits."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.settings import Settings

PROFILE_NAME = "salesops"
# Models run side by side: dbt's own bookkeeping per model, not DuckDB, is the larger cost on small tables.
DBT_THREADS = 4


def write_profile(folder: Path, database: Path | str, settings: Settings | None = None) -> Path:
    """Write profiles.yml into `folder` (the build's own, so two projects never share one) and return the folder.

    `database` is the DuckDB file dbt writes, or ":memory:"; `settings` bring the product's DuckDB limits to a
    build (parse and compile, which query nothing, go without).
    """
    output: dict[str, object] = {"type": "duckdb", "path": str(database), "threads": DBT_THREADS}
    if settings is not None:
        duckdb_settings: dict[str, object] = {"memory_limit": settings.duckdb_memory_limit}
        if settings.duckdb_threads:
            duckdb_settings["threads"] = settings.duckdb_threads
        output["settings"] = duckdb_settings
    profile = {PROFILE_NAME: {"target": "build", "outputs": {"build": output}}}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profiles.yml").write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
    return folder
