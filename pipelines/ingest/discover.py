"""Finding the files of each source under the raw folder."""

from __future__ import annotations

from pathlib import Path

READABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".parquet", ".xlsx", ".xlsm", ".xls")
NOT_DATA = ("mapping.yaml",)  # the source's mapping file sits beside its exports


def source_files(raw_dir: Path, source: str) -> list[Path]:
    """Every CSV, text, Excel or Parquet file of a source, in delivery order (see delivery_key)."""
    folder = raw_dir / source
    if not folder.is_dir():
        return []
    # "~$name.xlsx" is Excel's lock file beside an open workbook, not an export.
    return sorted((p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
                   and not p.name.startswith((".", "~$"))), key=delivery_key)


def delivery_key(path: Path) -> tuple[int, str]:
    """Delivery order: the file's modification time to the second, then its name.

    A later delivery of a row wins over an earlier one (corrections), so the order must not hang on how
    names sort ("_v2", " 更正"); files copied together within a second fall back to name order.
    """
    return int(path.stat().st_mtime), path.name


def skipped_entries(raw_dir: Path, source: str) -> list[str]:
    """What else lies in a source's folder and is not read (an .xlsx, a sub-folder), so we can say so."""
    folder = raw_dir / source
    if not folder.is_dir():
        return []
    return sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                  if not p.name.startswith((".", "~$")) and p.name not in NOT_DATA
                  and not (p.is_file() and p.suffix.lower() in READABLE_SUFFIXES))


def not_read_reason(entry: str) -> str:
    """Why an entry of a source folder listed by skipped_entries is not read."""
    if entry.endswith("/"):
        return "a folder: files in sub-folders are not read"
    return f"only {', '.join(READABLE_SUFFIXES)} files are read"
