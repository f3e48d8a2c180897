"""Receivables figures: aging by bucket."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pipelines.dashboards.figures.common import HOVER_X, as_float, axis_format, require
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.theme import make_figure

# From current (green) to long overdue (dark red).
AGING_COLOURS = ("#2e7d32", "#9ccc65", "#fdd835", "#fb8c00", "#e53935", "#8e0000", "#4a0000")


def aging_chart(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """Open receivables per row (region or rep) stacked by aging bucket, oldest bucket darkest.

    Columns: name, bucket, amount; optional bucket_order (smaller = younger) to order the buckets.
    """
    labels = labels or Labels()
    require(df, ["name", "bucket", "amount"], "aging_chart")
    order = (df.groupby("bucket")["bucket_order"].min().sort_values().index.tolist()
             if "bucket_order" in df.columns else sorted(df["bucket"].dropna().unique().tolist()))
    wide = df.groupby(["name", "bucket"])["amount"].sum(min_count=1).unstack("bucket").reindex(columns=order)
    wide = wide.loc[wide.sum(axis=1).sort_values().index]
    names = [str(n) for n in wide.index]
    traces = []
    for i, bucket in enumerate(order):
        name = labels.value("aging", bucket)
        traces.append({"type": "bar", "orientation": "h", "y": names, "x": as_float(wide[bucket]), "name": name,
                       "marker": {"color": AGING_COLOURS[min(i, len(AGING_COLOURS) - 1)]},
                       "hovertemplate": f"%{{y}} {name}: {HOVER_X['money']}<extra></extra>"})
    return make_figure(traces, {"xaxis": axis_format("money"), "barmode": "stack", "legend": {"traceorder": "normal"}},
                       title=title, height=max(260, 60 + 28 * len(names)))
