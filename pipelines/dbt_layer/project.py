"""Where the dbt project lives and its parsed manifest (what Dagster loads the SQL models from).

The manifest is parsed once per version of the project files and cached outside the package
(SALESOPS_DBT_CACHE, default ~/.cache/salesops/dbt), so a read-only install and many project folders share it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"
PROJECT_FILE_SUFFIXES = (".sql", ".yml", ".yaml")
# dbt's own serialisation of the parsed project, written by `dbt parse` beside manifest.json: what a build
# runs on (pipelines/dbt_layer/runner.py).
PARSED_MANIFEST = "partial_parse.msgpack"
PARSE_PROFILE_VERSION = b"staging catalog 'warehouse'"  # in the cache key: a parse under another profile differs


def project_fingerprint() -> str:
    """A hash of every file dbt reads from the project (names and contents) and of dbt's version."""
    from dbt.version import __version__ as dbt_version

    digest = hashlib.sha256(dbt_version.encode() + PARSE_PROFILE_VERSION)
    for path in sorted(DBT_PROJECT_DIR.rglob("*")):
        if path.suffix in PROJECT_FILE_SUFFIXES and "target" not in path.relative_to(DBT_PROJECT_DIR).parts:
            digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """This version of the project's cache: `parsed/` (dbt parse) and `compiled/` (dbt compile), each whole."""
    root = os.environ.get("SALESOPS_DBT_CACHE") or Path.home() / ".cache" / "salesops" / "dbt"
    return Path(root) / project_fingerprint()


def parsed_dir() -> Path:
    """The folder `dbt parse` wrote for this version of the project (manifest.json, partial_parse.msgpack)."""
    folder = cache_dir() / "parsed"
    fill_once(folder, lambda scratch: parse_project(DBT_PROJECT_DIR, scratch))
    return folder


def manifest_path() -> Path:
    """The parsed manifest.json, parsing the project first when this version of it was never parsed."""
    return parsed_dir() / "manifest.json"


def fill_once(folder: Path, fill: Callable[[Path], object]) -> None:
    """Create `folder` with `fill` unless it exists; whole or not at all, also when several processes race
    (parallel test workers, two builds): each fills a folder of its own and the first rename wins."""
    if folder.exists():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        fill(scratch)
        try:
            scratch.rename(folder)
        except OSError:
            if not folder.exists():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def parse_project(project_dir: Path, target: Path) -> Path:
    """Run `dbt parse` (in this process, no database needed) and return the manifest.json it wrote.

    The profile names the database as every build's staging warehouse is named, so the relations in the
    manifest ("warehouse"."main"."dim_region") are the ones a build writes.
    """
    from dbt.cli.main import dbtRunner

    from pipelines.dbt_layer.profile import write_profile
    from pipelines.settings import STAGING_WAREHOUSE_NAME

    profiles_dir = write_profile(target, target / STAGING_WAREHOUSE_NAME)
    result = dbtRunner().invoke(["parse", "--project-dir", str(project_dir), "--profiles-dir",
                                 str(profiles_dir), "--target-path", str(target), "--log-path", str(target),
                                 "--quiet"])
    if not result.success:
        raise RuntimeError(f"dbt could not parse {project_dir}: {result.exception}")
    return target / "manifest.json"


@cache
def manifest() -> dict:
    return json.loads(manifest_path().read_text(encoding="utf-8"))
