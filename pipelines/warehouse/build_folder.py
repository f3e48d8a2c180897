"""The build folder (Settings.build_dir): starting a build there, and clearing what killed builds left behind.

Layout while a build runs, beside the published warehouse (data/marts/ by default):
    .build/build.lock           held by the running build (PID, start time, command inside)
    .build/warehouse.duckdb     the warehouse being built (kept after publishing for partial re-runs)
    .build/dashboards/          the pages being built, started as a copy of the published ones
    .build/models/              the model files, started as a copy of the published ones
    .build/quarantine/          the quarantine report of this build
    .build/dbt/                 dbt's profile, logs, compiled SQL and parse state (kept: the next build of this
                                warehouse parses only what changed)
Anything else there, and any ``.<name>.publishing`` / ``.<name>.previous`` / ``.dashboards-building-*``
beside the published outputs, is a leftover of a build that was killed; the next build removes it and says so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipelines.settings import Settings
from pipelines.warehouse.build_lock import LOCK_FILE
from pipelines.warehouse.publish import finish_interrupted_publish, previous_path, publishing_path

# What save_bundle (pipelines/risk/persist.py) stages inside a models folder.
MODELS_STAGING = ".staging"
# What the dbt step keeps in the build folder (pipelines/orchestration/dbt_assets.py).
DBT_FOLDER = "dbt"


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def leftovers(settings: Settings) -> list[Path]:
    """Files and folders that only a killed build leaves behind (none while no build runs)."""
    targets = (settings.warehouse, settings.dashboards_dir, settings.models_dir, settings.quarantine_dir)
    found = [p for t in targets for p in (publishing_path(t), previous_path(t))]
    for folder in {settings.dashboards_dir.parent, settings.build_dir}:
        found += sorted(folder.glob(f".{settings.dashboards_dir.name}-building-*"))
        found += sorted(folder.glob(".dashboards-building-*"))
    found.append(settings.models_dir / MODELS_STAGING)
    keep = {LOCK_FILE, settings.staging_warehouse.name, settings.staging_warehouse.name + ".wal", DBT_FOLDER}
    if settings.build_dir.is_dir():
        found += sorted(p for p in settings.build_dir.iterdir() if p.name not in keep)
    return sorted({p for p in found if p.exists()})


def clean_leftovers(settings: Settings) -> list[str]:
    """Finish an interrupted publish, then remove what killed builds left; one sentence per thing done."""
    notes = finish_interrupted_publish(settings)
    for path in leftovers(settings):
        size = _size(path)
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        notes.append(f"removed {path} ({size / 1e6:.1f} MB), left by a build that was stopped")
    return notes


def start_full_build(settings: Settings) -> list[str]:
    """Clear leftovers and the previous staging warehouse, and start the staged outputs from the published ones.

    A full rebuild starts from an empty staging warehouse, so no table of a removed model or of a failed
    run can be published with the new one.
    """
    notes = clean_leftovers(settings)
    staging = settings.staging_warehouse
    for path in (staging, staging.with_name(staging.name + ".wal")):
        path.unlink(missing_ok=True)
    ensure_staged_outputs(settings)
    return notes


def ensure_staged_outputs(settings: Settings) -> None:
    """Start the staged dashboards and models as copies of the published ones (when not started yet).

    Pages and models a build does not rewrite (a partial rebuild, a model that keeps its file) are
    then published unchanged instead of disappearing.
    """
    for published, staged in ((settings.dashboards_dir, settings.staging_dashboards_dir),
                              (settings.models_dir, settings.staging_models_dir)):
        if staged.exists():
            continue
        if published.is_dir():
            shutil.copytree(published, staged, ignore=shutil.ignore_patterns(MODELS_STAGING))
        else:
            staged.mkdir(parents=True)
