"""Point-in-time window sums over daily event streams, vectorised with numpy.

A stream is a table of (entity, day, values...) rows. Sorted by (entity, day) with running totals,
any window sum "events with day in (a, b] for this entity" is a difference of two running totals
found by binary search, so features for many (entity, snapshot) pairs cost two searches each.
Lookups only ever see rows dated on or before the date asked for: this is where leakage is
ruled out, and tests/test_risk_units.py checks the window sums against a brute-force count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_SPAN = np.int64(1 << 20)  # more days than any window: day numbers stay below it
# Running totals are kept in integer units of 1/10,000 so they are exact: a float running total over
# every entity would carry rounding from other entities' rows (later ones included) into each sum.
_SCALE = 10_000.0


def day_numbers(values: object) -> np.ndarray:
    """Dates (Arrow date32, pandas or Python dates) as int64 day numbers (days since 1970-01-01)."""
    if isinstance(values, pa.ChunkedArray | pa.Array):
        return np.asarray(values.cast(pa.date32()).cast(pa.int32()).to_numpy(zero_copy_only=False), dtype=np.int64)
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    arr = pd.to_datetime(series).to_numpy(dtype="datetime64[ns]")
    return arr.astype("datetime64[D]").astype(np.int64)


def _arrow_strings(ids: object) -> pa.ChunkedArray:
    if isinstance(ids, pa.ChunkedArray):
        return ids.cast(pa.string())
    if isinstance(ids, pa.Array):
        return pa.chunked_array([ids.cast(pa.string())])
    arr = ids.to_numpy(dtype=object) if isinstance(ids, pd.Series) else np.asarray(ids, dtype=object)
    return pa.chunked_array([pa.array(arr, type=pa.string(), from_pandas=True)])


class Keys:
    """Entity ids (strings) mapped to dense integer codes shared by several streams.

    Codes follow the sorted order of the ids (byte order, as DuckDB sorts VARCHAR).
    """

    def __init__(self, *id_columns: object) -> None:
        chunks = [c for col in id_columns for c in _arrow_strings(col).chunks]
        uniq = pc.unique(pa.chunked_array(chunks, type=pa.string())).drop_null()
        self._values = pc.take(uniq, pc.array_sort_indices(uniq))
        self.index = pd.Index(self._values.to_numpy(zero_copy_only=False), dtype="string")

    def __len__(self) -> int:
        return len(self._values)

    def codes(self, ids: object) -> np.ndarray:
        """Integer code of each id (-1 for an id not in the keys, or missing)."""
        idx = pc.index_in(_arrow_strings(ids), value_set=self._values)
        return np.asarray(pc.fill_null(idx, -1).to_numpy(zero_copy_only=False), dtype=np.int64)

    def ids(self, codes: np.ndarray) -> np.ndarray:
        return self.index.to_numpy(dtype=object)[np.asarray(codes, dtype=np.int64)]


class EventStream:
    """Daily events per entity with running totals of each value column."""

    def __init__(self, keys: np.ndarray, days: np.ndarray, values: dict[str, np.ndarray] | None = None) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        days = np.asarray(days, dtype=np.int64)
        # rows kept, in (entity, day) order; None while that is every row as given (no copies needed)
        rows = None if (keys >= 0).all() else np.flatnonzero(keys >= 0)
        code = keys * _SPAN + days if rows is None else keys[rows] * _SPAN + days[rows]
        if len(code) > 1 and not (code[1:] >= code[:-1]).all():
            order = np.argsort(code, kind="stable")
            rows, code = (order if rows is None else rows[order]), code[order]
        self._code = code
        self._totals = {}
        for name, col in (values or {}).items():
            v = np.array(col, dtype=np.float64) if rows is None else np.asarray(col, dtype=np.float64)[rows]
            np.nan_to_num(v, copy=False)
            v *= _SCALE
            np.rint(v, out=v)
            totals = np.empty(len(v) + 1, dtype=np.int64)
            totals[0] = 0
            np.cumsum(v.astype(np.int64), out=totals[1:])
            self._totals[name] = totals

    @classmethod
    def from_table(cls, table: pa.Table, keys: np.ndarray, day_col: str = "day",
                   values: tuple[str, ...] = ()) -> EventStream:
        """A stream from an Arrow table whose rows are already mapped to entity codes."""
        return cls(keys, day_numbers(table[day_col]),
                   {v: table[v].to_numpy() if table[v].null_count == 0 else
                    np.asarray(table[v].to_numpy(zero_copy_only=False), dtype=float) for v in values})

    def __len__(self) -> int:
        return len(self._code)

    @property
    def keys(self) -> np.ndarray:
        return self._code // _SPAN

    @property
    def days(self) -> np.ndarray:
        return self._code % _SPAN

    def entities(self) -> np.ndarray:
        """Codes of the entities with at least one row, ascending."""
        return np.unique(self._code // _SPAN)

    def _rank(self, keys: np.ndarray, days: np.ndarray) -> np.ndarray:
        """How many rows sort at or before (key, day): rows of earlier keys plus this key's rows <= day."""
        return np.searchsorted(self._code, np.asarray(keys, np.int64) * _SPAN + np.asarray(days, np.int64),
                               side="right")

    def _window(self, keys: np.ndarray, start: np.ndarray | int | None, end: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
        """Row positions [lo, hi) of each entity's rows with start < day <= end (start None: from the beginning)."""
        keys = np.asarray(keys, np.int64)
        hi = self._rank(keys, np.broadcast_to(np.asarray(end, np.int64), keys.shape))
        if start is None:
            lo = self._first_rank(keys)
        else:
            lo = self._rank(keys, np.broadcast_to(np.asarray(start, np.int64), keys.shape))
        return lo, hi

    def _first_rank(self, keys: np.ndarray) -> np.ndarray:
        """Position of each entity's first row (rows of earlier keys)."""
        return np.searchsorted(self._code, keys * _SPAN, side="left")

    def _sum_between(self, name: str, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Sum of `name` over row positions [lo, hi) (0 where the window is empty)."""
        tot = self._totals[name]
        return np.where(hi > lo, tot[hi] - tot[lo], 0) / _SCALE

    def total(self, name: str, keys: np.ndarray, start: np.ndarray | int | None, end: np.ndarray) -> np.ndarray:
        """Sum of `name` over the entity's rows with start < day <= end (start None: from the beginning)."""
        return self._sum_between(name, *self._window(keys, start, end))

    def count(self, keys: np.ndarray, start: np.ndarray | int | None, end: np.ndarray) -> np.ndarray:
        """Number of the entity's rows with start < day <= end."""
        lo, hi = self._window(keys, start, end)
        return np.maximum(hi - lo, 0)

    def last_day(self, keys: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Day of the entity's last row on or before `end` (NaN when none)."""
        keys = np.asarray(keys, np.int64)
        if not len(self):
            return np.full(len(keys), np.nan)
        i = np.maximum(self._rank(keys, np.broadcast_to(np.asarray(end, np.int64), keys.shape)) - 1, 0)
        code = self._code[i]
        ok = code // _SPAN == keys
        return np.where(ok & (code % _SPAN <= np.asarray(end)), code % _SPAN, np.nan)

    def first_day(self, keys: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Day of the entity's first row, if it is on or before `end` (NaN otherwise)."""
        keys = np.asarray(keys, np.int64)
        if not len(self):
            return np.full(len(keys), np.nan)
        code = self._code[np.minimum(self._first_rank(keys), len(self) - 1)]
        day = code % _SPAN
        return np.where((code // _SPAN == keys) & (day <= np.asarray(end)), day, np.nan)

    def next_day(self, keys: np.ndarray, after: np.ndarray) -> np.ndarray:
        """Day of the entity's first row strictly after `after` (NaN when none): for labels only."""
        keys = np.asarray(keys, np.int64)
        if not len(self):
            return np.full(len(keys), np.nan)
        i = self._rank(keys, np.broadcast_to(np.asarray(after, np.int64), keys.shape))
        code = self._code[np.minimum(i, len(self) - 1)]
        return np.where((i < len(self)) & (code // _SPAN == keys), code % _SPAN, np.nan)

    def value_at(self, name: str, keys: np.ndarray, end: np.ndarray) -> np.ndarray:
        """The value of `name` on the entity's last row on or before `end` (NaN when none)."""
        keys = np.asarray(keys, np.int64)
        if not len(self):
            return np.full(len(keys), np.nan)
        i = self._rank(keys, np.broadcast_to(np.asarray(end, np.int64), keys.shape)) - 1
        ok = (i >= 0) & (self._code[np.maximum(i, 0)] // _SPAN == keys)
        tot = self._totals[name]
        return np.where(ok, (tot[np.maximum(i, 0) + 1] - tot[np.maximum(i, 0)]) / _SCALE, np.nan)

    def first_exceeding(self, name: str, keys: np.ndarray, level: np.ndarray) -> np.ndarray:
        """Day of the entity's first row at which the running total of `name` exceeds `level`.

        NaN when it never does. `name` must be non-negative so running totals never decrease.
        """
        keys = np.asarray(keys, np.int64)
        if not len(self):
            return np.full(len(keys), np.nan)
        tot = self._totals[name]
        start, end = self._first_rank(keys), self._first_rank(keys + 1)
        target = tot[start] + np.rint(np.asarray(level, float) * _SCALE).astype(np.int64)
        i = np.searchsorted(tot, target, side="right") - 1
        ok = (i >= start) & (i < end)
        return np.where(ok, self._code[np.clip(i, 0, len(self) - 1)] % _SPAN, np.nan)


class Windows:
    """One stream read at many (entity, snapshot day) rows, windows given in days back from each row's day:
    total("amount", 365) sums (t - 365, t], count(180, 90) counts (t - 180, t - 90], None reaches back to
    the entity's first row. The numbers are EventStream.total's and count's; each window edge is searched
    once, however many windows and value columns share it."""

    def __init__(self, stream: EventStream, keys: np.ndarray, t: np.ndarray) -> None:
        self.stream, self.keys, self.t = stream, np.asarray(keys, np.int64), np.asarray(t, np.int64)
        self._ranks: dict[int | None, np.ndarray] = {}

    def _rank(self, back: int | None) -> np.ndarray:
        if back not in self._ranks:
            s = self.stream
            self._ranks[back] = s._first_rank(self.keys) if back is None else s._rank(self.keys, self.t - back)
        return self._ranks[back]

    def total(self, name: str, start: int | None, end: int = 0) -> np.ndarray:
        return self.stream._sum_between(name, self._rank(start), self._rank(end))

    def count(self, start: int | None, end: int = 0) -> np.ndarray:
        return np.maximum(self._rank(end) - self._rank(start), 0)
