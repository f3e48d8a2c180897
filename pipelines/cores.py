"""How many cores this process may use: what side-by-side work (risk fits, dashboard editions) is sized to."""

from __future__ import annotations

import os


def usable_cores() -> int:
    """The cores this process is allowed to run on (its CPU affinity), not the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
