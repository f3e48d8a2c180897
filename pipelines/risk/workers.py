"""Tree fits and predictions side by side, each on one OpenMP thread.

scikit-learn's gradient boosting parallelises inside one fit with OpenMP threads that wait for each other
at every step; on a machine whose cores are busy with other work they spin-wait and a fit can take five
times longer on two threads than on one. Independent fits (the backtest's blocks and the final model)
and row chunks of a prediction instead run in Python threads, one OpenMP thread each: the heavy loops
release the GIL, so two of them use two cores, and nobody waits on a descheduled partner. The results are
the same numbers: a fit's histograms and split search do not depend on the thread count, and a prediction
is computed row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

from pipelines.cores import usable_cores

T = TypeVar("T")
# Fits side by side. More than the cores on purpose: a training runs three to five fits of about the same size,
# and two workers on two cores would leave the last one alone on one core while the other idles; the fits
# never wait for each other, so the operating system shares the cores among them without loss.
MAX_WORKERS = 4


def worker_count() -> int:
    """Cores this process may use, at most MAX_WORKERS: how many chunks a prediction is split into."""
    return max(1, min(usable_cores(), MAX_WORKERS))


@contextmanager
def one_openmp_thread() -> Iterator[None]:
    """OpenMP loops started from the calling thread use one thread (the limit is per calling thread)."""
    with threadpool_limits(limits=1, user_api="openmp"):
        yield


def _single_threaded(fn: Callable[..., T], *args: object) -> T:
    with one_openmp_thread():
        return fn(*args)


class Workers:
    """A small pool of Python threads whose jobs run on one OpenMP thread each."""

    def __init__(self, workers: int = MAX_WORKERS) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="risk-fit")

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        # Jobs nobody waits for any more (a backtest design that was given up) are dropped if not started.
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, fn: Callable[..., T], *args: object) -> Future[T]:
        return self._pool.submit(_single_threaded, fn, *args)


def map_row_chunks(fn: Callable[[object], np.ndarray], rows: object, n_rows: int, min_chunk: int) -> np.ndarray:
    """fn over consecutive row chunks of `rows` (anything with .iloc) side by side, concatenated in order.

    For row-wise computations only (each output row depends on its input row alone), so the result is
    the same as fn(rows). Fewer rows than 2 x min_chunk run as one chunk in the calling thread.
    """
    n_chunks = min(worker_count(), n_rows // max(min_chunk, 1))
    if n_chunks < 2:
        return _single_threaded(fn, rows)
    bounds = np.linspace(0, n_rows, n_chunks + 1).astype(int)
    with Workers(n_chunks) as pool:
        parts = [pool.submit(fn, rows.iloc[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        return np.concatenate([p.result() for p in parts])
