"""Fingerprints that tests compare before and after a build: raw files and warehouse tables."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

# Tables whose content must not depend on how often or in which order the build ran.
BUILT_PREFIXES = ("stg_", "dim_", "fct_", "mart_")


def raw_fingerprint(raw_dir: Path) -> dict[str, str]:
    """sha256 of every file under raw_dir, by relative path (added, changed or removed files all show)."""
    return {str(p.relative_to(raw_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(raw_dir.rglob("*")) if p.is_file()}


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_checksums(warehouse: Path, prefixes: tuple[str, ...] = BUILT_PREFIXES) -> dict[str, tuple[int, int]]:
    """(row count, order-independent content hash) of every built table in a warehouse file.

    Floating-point columns are rounded to 6 decimals first: a parallel sum may differ in its last bit
    between runs, which is not a difference anyone could see in a mart.
    """
    con = duckdb.connect(":memory:")
    try:
        # ATTACH gives this call its own instance, so a cached connection to a replaced file is never reused.
        con.execute("ATTACH $path AS wh (READ_ONLY)", {"path": str(warehouse)})
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'wh' ORDER BY 1").fetchall()]
        out = {}
        for name in names:
            if not name.startswith(prefixes):
                continue
            cols = con.execute(f'DESCRIBE wh."{name}"').fetchall()
            values = ", ".join(f'round("{c}", 6)' if t in ("DOUBLE", "FLOAT") else f'"{c}"' for c, t, *_ in cols)
            n, h = con.execute(f'SELECT count(*), coalesce(sum(hash({values})), 0) FROM wh."{name}"').fetchone()
            out[name] = (int(n), int(h))
        return out
    finally:
        con.close()
