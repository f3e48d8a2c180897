"""Comparing any two periods (同期对比), e.g. Aug-Dec against Mar-Aug, on any monthly mart.

    compare_periods(con, "mart_sales_region_month", period_a=("2026-08-01", "2026-12-31"),
                    period_b=("2026-03-01", "2026-08-31"), by=["region_id"])

Additive columns are summed over each period; ratios are recomputed from their summed parts (a ratio of
sums, never a sum or mean of monthly ratios). Periods of different length are also compared per month.
Table and column names are checked against the warehouse's catalogue before any SQL is run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import duckdb
import numpy as np
import pandas as pd

Period = tuple[date | str, date | str]


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = 'main' ORDER BY ordinal_position", [table]).fetchall()
    if not rows:
        raise ValueError(f"no table {table!r} in the warehouse")
    return dict(rows)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


NUMERIC = ("DOUBLE", "BIGINT", "INTEGER", "HUGEINT", "DECIMAL", "FLOAT", "REAL", "SMALLINT", "UBIGINT")


def compare_periods(con: duckdb.DuckDBPyConnection, metric_table: str, period_a: Period, period_b: Period,
                    by: Sequence[str] = (), metrics: Sequence[str] | None = None,
                    ratios: Mapping[str, tuple[str, str]] | None = None, date_col: str = "month_start",
                    where: Mapping[str, object] | None = None) -> pd.DataFrame:
    """Period A against period B per `by` group, one row per group and metric.

    period_a / period_b: inclusive (start, end) dates; rows whose `date_col` falls inside count.
    metrics: additive numeric columns to sum (default: every numeric column not in `by`).
    ratios: name -> (numerator column, denominator column), recomputed from the period sums.
    where: optional equality filters, e.g. {"region_id": "R01"} (values are bound as parameters).
    Returns: by..., metric, value_a, value_b, change, change_pct, months_a, months_b, per_month_a,
    per_month_b, per_month_change_pct (per-month values are NaN for ratios).
    """
    cols = _columns(con, metric_table)
    by = list(by)
    for c in [*by, date_col, *(where or {})]:
        if c not in cols:
            raise ValueError(f"{metric_table} has no column {c!r}; columns: {', '.join(cols)}")
    if metrics is None:
        metrics = [c for c, t in cols.items() if c not in by and c != date_col and t.upper().startswith(NUMERIC)]
    ratios = dict(ratios or {})
    needed = {*metrics, *(p for pair in ratios.values() for p in pair)}
    for c in needed:
        if c not in cols:
            raise ValueError(f"{metric_table} has no column {c!r}; columns: {', '.join(cols)}")
        if not cols[c].upper().startswith(NUMERIC):
            raise ValueError(f"{metric_table}.{c} is {cols[c]}, not a number that can be summed")
    (a0, a1), (b0, b1) = ((_as_date(x), _as_date(y)) for x, y in (period_a, period_b))
    for name, (s, e) in (("period_a", (a0, a1)), ("period_b", (b0, b1))):
        if e < s:
            raise ValueError(f"{name} ends ({e}) before it starts ({s})")
    sums = ", ".join(
        f"sum({_q(c)}) FILTER (WHERE {_q(date_col)} BETWEEN $a0 AND $a1) AS {_q('a__' + c)}, "
        f"sum({_q(c)}) FILTER (WHERE {_q(date_col)} BETWEEN $b0 AND $b1) AS {_q('b__' + c)}"
        for c in sorted(needed))
    group = ", ".join(_q(c) for c in by)
    filters = " AND ".join(f"{_q(c)} = ${'w' + str(i)}" for i, c in enumerate(where or {}))
    params: dict[str, object] = {"a0": a0, "a1": a1, "b0": b0, "b1": b1}
    params.update({f"w{i}": v for i, v in enumerate((where or {}).values())})
    sql = (f"SELECT {group + ', ' if group else ''}{sums} FROM {_q(metric_table)} "
           f"WHERE ({_q(date_col)} BETWEEN $a0 AND $a1 OR {_q(date_col)} BETWEEN $b0 AND $b1)"
           f"{' AND ' + filters if filters else ''}{' GROUP BY ' + group if group else ''}")
    wide = con.execute(sql, params).df()
    months_a, months_b = _months(a0, a1), _months(b0, b1)
    frames = []
    for m in metrics:
        frames.append(_long(wide, by, m, wide[f"a__{m}"], wide[f"b__{m}"], months_a, months_b, additive=True))
    for name, (num, den) in ratios.items():
        va = wide[f"a__{num}"] / wide[f"a__{den}"].where(wide[f"a__{den}"] != 0)
        vb = wide[f"b__{num}"] / wide[f"b__{den}"].where(wide[f"b__{den}"] != 0)
        frames.append(_long(wide, by, name, va, vb, months_a, months_b, additive=False))
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values([*by, "metric"], ignore_index=True) if by else out


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _long(wide: pd.DataFrame, by: list[str], metric: str, va: pd.Series, vb: pd.Series, months_a: int,
          months_b: int, additive: bool) -> pd.DataFrame:
    va = va.astype(float)
    vb = vb.astype(float)
    if additive:
        va, vb = va.fillna(0.0), vb.fillna(0.0)
    out = wide[by].copy()
    out["metric"] = metric
    out["value_a"] = va.to_numpy()
    out["value_b"] = vb.to_numpy()
    out["change"] = out["value_a"] - out["value_b"]
    out["change_pct"] = out["change"] / out["value_b"].abs().where(out["value_b"] != 0)
    out["months_a"], out["months_b"] = months_a, months_b
    out["per_month_a"] = out["value_a"] / months_a if additive else np.nan
    out["per_month_b"] = out["value_b"] / months_b if additive else np.nan
    out["per_month_change_pct"] = ((out["per_month_a"] - out["per_month_b"])
                                   / out["per_month_b"].abs().where(out["per_month_b"] != 0))
    return out


def default_periods(as_of: date, months: int) -> tuple[tuple[date, date], tuple[date, date]]:
    """The last `months` complete months up to the as-of date, and the `months` before them.

    The as-of month counts when the as-of date is its last day; otherwise the comparison ends the month before.
    """
    end_month = pd.Period(as_of, "M")
    if as_of != end_month.end_time.date():
        end_month -= 1
    a = (end_month - months + 1, end_month)
    b = (a[0] - months, a[0] - 1)
    return ((a[0].start_time.date(), a[1].end_time.date()), (b[0].start_time.date(), b[1].end_time.date()))
