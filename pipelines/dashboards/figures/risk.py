"""Risk figures: risk bands, calibration curve, lift by decile, the drivers of one score."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pipelines.dashboards.figures.common import as_float, axis_format, require
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.theme import ACTUAL, BAD, BAND_COLOURS, GOOD, SERIES, TARGET, hline, make_figure

BAND_ORDER = ("high", "medium", "low")


def risk_band_chart(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """Customers (or items) per risk band and, when given, the value at stake. Columns: band, count; optional value."""
    labels = labels or Labels()
    require(df, ["band", "count"], "risk_band_chart")
    bands = set(df["band"].astype(str))
    order = [b for b in BAND_ORDER if b in bands] + sorted(bands - set(BAND_ORDER))
    df = df.assign(band=df["band"].astype(str)).set_index("band").reindex(order).reset_index()
    names = [labels.value("band", b) for b in df["band"]]
    traces = [{"type": "bar", "x": names, "y": as_float(df["count"]), "name": labels("count"),
               "marker": {"color": [BAND_COLOURS.get(str(b), TARGET) for b in df["band"]]},
               "hovertemplate": f"%{{x}}: %{{y:,.0f}}<extra>{labels('count')}</extra>"}]
    layout = {"yaxis": {"title": {"text": labels("count")}, "tickformat": ",.0f"}}
    if "value" in df.columns:
        traces.append({"type": "scatter", "mode": "markers", "x": names, "y": as_float(df["value"]),
                       "name": labels("value_at_stake"), "yaxis": "y2",
                       "marker": {"size": 12, "symbol": "diamond", "color": ACTUAL},
                       "hovertemplate": f"%{{x}}: ¥%{{y:,.0f}}<extra>{labels('value_at_stake')}</extra>"})
        layout["yaxis2"] = {**axis_format("money"), "overlaying": "y", "side": "right", "showgrid": False,
                            "tickmode": "auto", "rangemode": "tozero"}
        layout["yaxis"]["rangemode"] = "tozero"
    return make_figure(traces, layout, title=title, height=300)


def _per_model(df: pd.DataFrame, labels: Labels) -> list[tuple[str, pd.DataFrame]]:
    if "model" in df.columns:
        return [(str(m), part) for m, part in df.groupby("model", sort=True)]
    return [(labels("model"), df)]


def calibration_chart(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """Observed event rate against mean predicted probability per bin; on the diagonal = calibrated.

    Columns: predicted, observed; optional model (one line per model).
    """
    labels = labels or Labels()
    require(df, ["predicted", "observed"], "calibration_chart")
    traces = [{"type": "scatter", "mode": "lines", "x": [0, 1], "y": [0, 1], "name": labels("perfect_calibration"),
               "line": {"color": TARGET, "dash": "dot"}, "hoverinfo": "skip"}]
    for i, (model, part) in enumerate(_per_model(df, labels)):
        part = part.sort_values("predicted")
        traces.append({"type": "scatter", "mode": "lines+markers", "x": as_float(part["predicted"]),
                       "y": as_float(part["observed"]), "name": model,
                       "line": {"color": SERIES[i % len(SERIES)], "width": 2},
                       "hovertemplate": (f"{labels('predicted')}: %{{x:.1%}}<br>{labels('observed')}: "
                                         f"%{{y:.1%}}<extra>{model}</extra>")})
    top = max([0.05, *(v for v in as_float(df["predicted"]) + as_float(df["observed"]) if v is not None)])
    axis_range = [0, min(1.0, top * 1.1)]
    return make_figure(traces, {
        "xaxis": {**axis_format("pct"), "title": {"text": labels("predicted")}, "range": axis_range},
        "yaxis": {**axis_format("pct"), "title": {"text": labels("observed")}, "range": axis_range},
    }, title=title)


def lift_chart(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """Lift per score decile (1 = the riskiest tenth); above 1 means the model finds events better than chance.

    Columns: decile, lift; optional model.
    """
    labels = labels or Labels()
    require(df, ["decile", "lift"], "lift_chart")
    traces = []
    for i, (model, part) in enumerate(_per_model(df, labels)):
        part = part.sort_values("decile")
        traces.append({"type": "bar", "x": [int(d) for d in part["decile"]], "y": as_float(part["lift"]),
                       "name": model, "marker": {"color": SERIES[i % len(SERIES)]},
                       "hovertemplate": f"{labels('decile')} %{{x}}: %{{y:.2f}}x<extra>{model}</extra>"})
    return make_figure(traces, {"xaxis": {"title": {"text": labels("decile")}, "dtick": 1},
                                "yaxis": {"title": {"text": labels("lift")}}, "barmode": "group",
                                "shapes": [hline(1.0, "#263238")]}, title=title)


def drivers_chart(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """What pushes one score up (red) or down (green). Columns: driver, contribution."""
    labels = labels or Labels()
    require(df, ["driver", "contribution"], "drivers_chart")
    df = df.assign(abs_=pd.to_numeric(df["contribution"], errors="coerce").abs()).sort_values("abs_")
    values = as_float(df["contribution"])
    trace = {"type": "bar", "orientation": "h", "y": [str(d) for d in df["driver"]], "x": values,
             "name": labels("contribution"), "marker": {"color": [BAD if (v or 0) > 0 else GOOD for v in values]},
             "hovertemplate": f"%{{y}}: %{{x:+.3f}}<extra>{labels('contribution')}</extra>"}
    return make_figure([trace], {"xaxis": {"title": {"text": labels("contribution")}, "zeroline": True},
                                 "showlegend": False}, title=title, height=max(240, 60 + 26 * len(df)))
