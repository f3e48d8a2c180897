"""Text-encoding checks: Chinese Excel exports are often GBK, DuckDB reads UTF-8."""

from __future__ import annotations

import codecs
from pathlib import Path

SAMPLE_BYTES = 1 << 20


def looks_utf8(path: Path) -> bool:
    """True when the first megabyte decodes as UTF-8 (a cut multi-byte tail is fine)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        try:
            decoder.decode(fh.read(SAMPLE_BYTES), final=False)
        except UnicodeDecodeError:
            return False
    return True


def transcode_gbk_to_utf8(path: Path, target: Path) -> bool:
    """Write a UTF-8 copy of a GB18030/GBK file to target; False if it is not GBK either.

    The raw file is only read: copies live in the build folder, data/raw is never changed.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("r", encoding="gb18030", newline="") as src, target.open(
            "w", encoding="utf-8", newline=""
        ) as dst:
            while chunk := src.read(SAMPLE_BYTES):
                dst.write(chunk)
    except UnicodeDecodeError:
        target.unlink(missing_ok=True)
        return False
    return True
