"""Finding the files of each source under the raw folder."""

from __future__ import annotations

from pathlib import Path

READABLE_SUFFIXES = (".csv", ".parquet")


def source_files(raw_dir: Path, source: str) -> list[Path]:
    """Every CSV or Parquet file of a source, in name order (daily drops sort by date)."""
    folder = raw_dir / source
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
                  and not p.name.startswith("."))
