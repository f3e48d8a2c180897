"""Where the dbt project lives and its parsed manifest (what Dagster loads the SQL models from).

The manifest is parsed once per version of the project files and cached outside the package
(SALESOPS_DBT_CACHE, default ~/.cache/salesops/dbt), so a read-only install and many project folders share it.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"
PROJECT_FILE_SUFFIXES = (".sql", ".yml", ".yaml")


def project_fingerprint() -> str:
    """A hash of every file dbt reads from the project (names and contents) and of dbt's version."""
    from dbt.version import __version__ as dbt_version

    digest = hashlib.sha256(dbt_version.encode())
    for path in sorted(DBT_PROJECT_DIR.rglob("*")):
        if path.suffix in PROJECT_FILE_SUFFIXES and "target" not in path.relative_to(DBT_PROJECT_DIR).parts:
            digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    root = os.environ.get("SALESOPS_DBT_CACHE") or Path.home() / ".cache" / "salesops" / "dbt"
    return Path(root) / project_fingerprint()


def manifest_path() -> Path:
    """The parsed manifest.json, parsing the project first when this version of it was never parsed."""
    target = cache_dir()
    manifest = target / "manifest.json"
    if not manifest.exists():
        parse_project(DBT_PROJECT_DIR, target)
    return manifest


def parse_project(project_dir: Path, target: Path) -> Path:
    """Run `dbt parse` (in this process, no database needed) and return the manifest.json it wrote."""
    from dbt.cli.main import dbtRunner

    target.mkdir(parents=True, exist_ok=True)
    result = dbtRunner().invoke(["parse", "--project-dir", str(project_dir), "--profiles-dir",
                                 str(DBT_PROJECT_DIR), "--target-path", str(target), "--log-path", str(target),
                                 "--quiet"])
    if not result.success:
        raise RuntimeError(f"dbt could not parse {project_dir}: {result.exception}")
    return target / "manifest.json"


@cache
def manifest() -> dict:
    return json.loads(manifest_path().read_text(encoding="utf-8"))
