"""Turning numpy columns into contract-shaped Arrow tables and writing them as CSV or Parquet.

Typed Arrow columns render exactly as the contracts expect when written by pyarrow.csv: date32 as
YYYY-MM-DD, timestamp[s] as YYYY-MM-DD HH:MM:SS, bool as true/false, floats in shortest form and
nulls as empty cells. That keeps writing in C++ (no per-value Python formatting).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipelines.contracts import CONTRACTS

_ARROW_OK = {
    "string": lambda t: pa.types.is_string(t) or (pa.types.is_dictionary(t)
                                                   and pa.types.is_string(t.value_type)),
    "int": pa.types.is_integer,
    "decimal": lambda t: pa.types.is_floating(t) or pa.types.is_integer(t),
    "date": pa.types.is_date32,
    "timestamp": pa.types.is_timestamp,
    "bool": pa.types.is_boolean,
}


def _mask(mask: np.ndarray | None) -> np.ndarray | None:
    return None if mask is None else np.asarray(mask, dtype=bool)


def date_col(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Day numbers (days since 1970-01-01) -> date32."""
    return pa.array(np.asarray(days, dtype=np.int32), mask=_mask(mask)).view(pa.date32())


def ts_col(seconds: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Seconds since 1970-01-01 -> timestamp[s]."""
    return pa.array(np.asarray(seconds, dtype=np.int64), mask=_mask(mask)).view(pa.timestamp("s"))


def num_col(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    values = np.asarray(values)
    if values.dtype.kind == "f":
        values = values.astype(np.float64)
    elif values.dtype.kind in "iu":
        values = values.astype(np.int64)
    return pa.array(values, mask=_mask(mask))


def money(values: np.ndarray) -> np.ndarray:
    """Round to cents; +0.0 turns any -0.0 into 0.0 so it never prints as '-0'."""
    return np.round(np.asarray(values, dtype=np.float64), 2) + 0.0


def bool_col(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=bool), mask=_mask(mask))


def str_col(values: list[str] | np.ndarray | pa.Array, mask: np.ndarray | None = None) -> pa.Array:
    arr = values if isinstance(values, pa.Array) else pa.array(list(values), type=pa.string())
    if mask is not None:
        arr = pc.if_else(pa.array(np.asarray(mask, dtype=bool)), pa.scalar(None, pa.string()), arr)
    return arr


def take_col(source: pa.Array, idx: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """source[idx] (e.g. ids of the referenced rows); masked positions become null."""
    indices = pa.array(np.asarray(idx, dtype=np.int64), mask=_mask(mask))
    return pc.take(source, indices)


def ref_col(dictionary: pa.Array, idx: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Dictionary-encoded references (e.g. customer ids of 10M lines): no string copies until written."""
    indices = pa.array(np.asarray(idx, dtype=np.int32), mask=_mask(mask))
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def null_col(n: int, arrow_type: pa.DataType) -> pa.Array:
    return pa.nulls(n, arrow_type)


def build_table(source: str, columns: dict[str, pa.Array]) -> pa.Table:
    """Arrange columns in contract order, refusing missing, extra or wrongly typed columns."""
    contract = CONTRACTS[source]
    names = list(contract.column_names)
    if set(columns) != set(names):
        raise ValueError(f"{source}: columns {sorted(columns)} do not match contract {names}")
    for col in contract.columns:
        arrow_type = columns[col.name].type
        if not _ARROW_OK[col.type](arrow_type):
            raise TypeError(f"{source}.{col.name}: Arrow type {arrow_type} does not fit type {col.type}")
    lengths = {len(columns[n]) for n in names}
    if len(lengths) != 1:
        raise ValueError(f"{source}: columns have different lengths {sorted(lengths)}")
    return pa.table([columns[n] for n in names], names=names)


def text_ready(table: pa.Table) -> pa.Table:
    """Dictionary-encode repetitive date, timestamp and float columns as their CSV text.

    pyarrow formats each date or float separately when writing; encoding the few distinct values
    once is several times faster for big tables and yields exactly the same bytes (the CSV writer
    uses the same cast to text).
    """
    columns = []
    for column in table.columns:
        t = column.type
        worth = pa.types.is_date32(t) or pa.types.is_timestamp(t) or pa.types.is_floating(t)
        if not worth or len(column) < 100_000 or len(pc.unique(column.chunk(0).slice(0, 65_536))) > 4_096:
            columns.append(column)
            continue
        chunks = []
        for chunk in column.chunks:
            encoded = pc.dictionary_encode(chunk)
            text = pc.cast(encoded.dictionary, pa.string())
            chunks.append(pa.DictionaryArray.from_arrays(encoded.indices, text))
        columns.append(pa.chunked_array(chunks))
    return pa.table(columns, names=table.column_names)


def write_csv(table: pa.Table, path: Path) -> None:
    """Header without quotes, values unquoted (pyarrow raises if a value would need quoting)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    options = pacsv.WriteOptions(include_header=False, quoting_style="none", batch_size=65_536)
    with pa.OSFile(str(path), "wb") as sink:
        sink.write((",".join(table.column_names) + "\n").encode("utf-8"))
        if table.num_rows:
            pacsv.write_csv(text_ready(table), sink, write_options=options)


def write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, str(path), compression="zstd", row_group_size=1_000_000)
