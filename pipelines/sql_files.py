"""Reading the SQL files that sit beside the code that runs them (risk, dashboards, metrics, footfall)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def sql_file(folder: Path, name: str) -> str:
    """The text of <folder>/<name>.sql, read once per process; a missing file names the path looked for."""
    path = folder / f"{name}.sql"
    if not path.exists():
        raise FileNotFoundError(f"no SQL file {name!r}: {path} does not exist")
    return path.read_text(encoding="utf-8")
