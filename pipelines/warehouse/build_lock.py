"""One build of a warehouse at a time; a build that has to wait says for whom, and gives up after a set time."""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

LOCK_FILE = "build.lock"
REMIND_EVERY_SECONDS = 60.0
POLL_SECONDS = 0.5


class BuildLockTimeout(RuntimeError):
    """Another build held the lock for longer than this build was allowed to wait."""


def lock_holder(build_dir: Path) -> str:
    """Who holds the build lock, as the holder wrote it: PID, start time and command."""
    try:
        info = json.loads((build_dir / LOCK_FILE).read_text(encoding="utf-8") or "{}")
    except (OSError, json.JSONDecodeError):
        info = {}
    if not info:
        return "another process (it did not say which)"
    return f"PID {info.get('pid')} started {info.get('started')} ({info.get('command')})"


@contextmanager
def build_lock(build_dir: Path, wait_seconds: float | None = None,
               say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build folder's lock for the duration of the block.

    When another build holds it, ``say`` hears who (PID, start time, command) and, every minute, that we are
    still waiting; after ``wait_seconds`` (None: no limit, 0: not at all) BuildLockTimeout is raised.
    """
    say = say or (lambda text: print(text, file=sys.stderr, flush=True))
    build_dir.mkdir(parents=True, exist_ok=True)
    # "a+" so that opening the file does not wipe the holder's note before we hold the lock.
    with (build_dir / LOCK_FILE).open("a+", encoding="utf-8") as fh:
        _acquire(fh, build_dir, wait_seconds, say)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(json.dumps({"pid": os.getpid(), "started": datetime.now().astimezone().isoformat(" ", "seconds"),
                                 "command": " ".join(sys.argv) or sys.executable}))
            fh.flush()
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fh.flush()
            fcntl.flock(fh, fcntl.LOCK_UN)


def _acquire(fh, build_dir: Path, wait_seconds: float | None, say: Callable[[str], None]) -> None:
    started = time.monotonic()
    next_reminder = REMIND_EVERY_SECONDS
    announced = False
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if announced:
                say(f"the other build finished; starting after waiting {time.monotonic() - started:.0f} s")
            return
        except BlockingIOError:
            pass
        waited = time.monotonic() - started
        limit = "without a time limit" if wait_seconds is None else f"for at most {wait_seconds:.0f} s"
        if not announced:
            say(f"another build of this warehouse is running: {lock_holder(build_dir)}; waiting {limit} "
                "(setting lock_wait_seconds, SALESOPS_LOCK_WAIT_SECONDS or --lock-wait)")
            announced = True
        if wait_seconds is not None and waited >= wait_seconds:
            raise BuildLockTimeout(
                f"gave up after waiting {waited:.0f} s for the build that holds {build_dir / LOCK_FILE}: "
                f"{lock_holder(build_dir)}. Nothing was built; run again when it has finished, or wait longer "
                "with --lock-wait SECONDS")
        if waited >= next_reminder:
            say(f"still waiting ({waited:.0f} s) for {lock_holder(build_dir)}")
            next_reminder += REMIND_EVERY_SECONDS
        time.sleep(POLL_SECONDS)
