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


def skipped_entries(raw_dir: Path, source: str) -> list[str]:
    """What else lies in a source's folder and is not read (an .xlsx, a sub-folder), so we can say so."""
    folder = raw_dir / source
    if not folder.is_dir():
        return []
    return sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                  if not p.name.startswith(".") and not (p.is_file() and p.suffix.lower() in READABLE_SUFFIXES))
