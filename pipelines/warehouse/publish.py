"""Publishing the freshly built warehouse atomically, so readers never see a half-built one."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def publish_warehouse(staging: Path, target: Path) -> Path:
    """Copy the staging database next to the target, fsync it, then os.replace it into place.

    Readers holding the old file keep reading the old inode; new readers open the new one.
    A crash before os.replace leaves the previous warehouse untouched.
    """
    if not staging.exists():
        raise FileNotFoundError(f"nothing to publish: {staging} does not exist")
    wal = staging.with_name(staging.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise RuntimeError(f"{wal} is not empty: a writer still has the staging warehouse open")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.publishing")
    shutil.copyfile(staging, tmp)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    # Make the rename itself durable, so a power cut just after publishing cannot bring the old file back.
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return target


@contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    """One writer at a time: a second build waits for the first instead of corrupting it."""
    build_dir.mkdir(parents=True, exist_ok=True)
    with (build_dir / "build.lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
