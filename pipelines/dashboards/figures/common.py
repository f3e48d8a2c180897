"""Small helpers the figure builders share."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from pipelines.dashboards.theme import CURRENCY, MONEY_AXIS, PCT_AXIS

# Hover number formats by kind (d3-format, as plotly reads them).
HOVER = {"money": CURRENCY + "%{y:,.0f}", "pct": "%{y:.1%}", "num": "%{y:,.1f}", "int": "%{y:,.0f}",
         "days": "%{y:,.0f}"}
HOVER_X = {"money": CURRENCY + "%{x:,.0f}", "pct": "%{x:.1%}", "num": "%{x:,.1f}", "int": "%{x:,.0f}",
           "days": "%{x:,.0f}"}


def require(df: pd.DataFrame, columns: Iterable[str], figure: str) -> None:
    """Fail with the missing column names rather than deep inside plotly."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{figure}: the frame lacks column(s) {', '.join(missing)}; "
                         f"it has {', '.join(map(str, df.columns)) or 'no columns'}")


def axis_format(kind: str) -> dict:
    if kind == "money":
        return dict(MONEY_AXIS)
    if kind == "pct":
        return dict(PCT_AXIS)
    if kind == "days":
        return {"tickformat": ",.0f"}
    return {"tickformat": "~s"} if kind in ("int", "num") else {}


def as_float(series: pd.Series) -> list[float | None]:
    """Plain floats (None for missing) so figures serialise the same with any dtype.

    Rounded to what a chart can show (2 decimals from 1 up, 4 significant digits below): keeps the
    hundreds of filter variants of a page small.
    """
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan).tolist()
    return [None if v != v or v in (np.inf, -np.inf) else (round(v, 2) if abs(v) >= 1 else float(f"{v:.4g}"))
            for v in values]


def month_strings(series: pd.Series) -> list[str]:
    """Month starts as ISO dates; plotly reads them as a date axis."""
    return [pd.Timestamp(v).strftime("%Y-%m-%d") for v in series]
