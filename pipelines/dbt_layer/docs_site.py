"""dbt's documentation site for the SQL layer: one HTML file that opens by double-click, offline.

Generated from the published warehouse (for column types and row counts) through a copy, so a nightly
build publishing meanwhile is neither blocked nor seen half-way.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from pipelines.dbt_layer.profile import write_profile
from pipelines.dbt_layer.project import DBT_PROJECT_DIR
from pipelines.settings import Settings

SITE_FILE = "static_index.html"


def generate_docs_site(settings: Settings, out_dir: Path) -> tuple[Path, str]:
    """Write dbt's static docs page into out_dir; returns its path and a note on what the catalog holds."""
    from dbt.cli.main import dbtRunner

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="salesops-dbt-docs-") as scratch:
        copy = Path(scratch) / settings.warehouse.name
        args = ["docs", "generate", "--static", "--project-dir", str(DBT_PROJECT_DIR), "--target-path",
                str(Path(scratch) / "target"), "--log-path", scratch, "--quiet"]
        if settings.warehouse.exists():
            shutil.copyfile(settings.warehouse, copy)
            note = f"columns and row counts from the warehouse published at {settings.warehouse}"
        else:
            args.append("--empty-catalog")
            note = (f"no published warehouse at {settings.warehouse} yet, so models and lineage only "
                    "(no column types): run `salesops build`, then this again")
        args += ["--profiles-dir", str(write_profile(Path(scratch), copy, settings))]
        result = dbtRunner().invoke(args)
        if not result.success:
            raise RuntimeError(f"dbt docs generate failed: {result.exception}")
        site = out_dir / SITE_FILE
        shutil.copyfile(Path(scratch) / "target" / SITE_FILE, site)
    return site, note
