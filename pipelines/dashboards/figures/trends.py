"""Monthly trend figures: a line per region, sales against collections, margin and profit."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from pipelines.dashboards.figures.common import HOVER, as_float, axis_format, month_strings, require
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.theme import ACTUAL, LAST_YEAR, SERIES, TARGET, colour_for, make_figure

DATE_AXIS = {"type": "date", "tickformat": "%Y-%m"}


def _hover(name: str, kind: str = "money") -> str:
    return f"{name} %{{x|%Y-%m}}: {HOVER[kind]}<extra></extra>"


def ratio_cap(series: list[pd.Series]) -> float | None:
    """Where a ratio axis stops, or None when nothing needs to be cut off.

    Each line's own robust fence (Q3 + 3 IQR of that line) separates its spikes from its level, so a region
    that runs high all year stays fully visible while one month at 800% does not flatten every line. The axis
    stops a little above the highest value that is no spike (at least 100%, rounded up to 50%).
    """
    level, top = 0.0, 0.0
    for s in series:
        v = pd.to_numeric(s, errors="coerce").dropna()
        if v.empty:
            continue
        q1, q3 = v.quantile(0.25), v.quantile(0.75)
        inside = v[v <= q3 + 3 * (q3 - q1)] if len(v) >= 4 else v
        level, top = max(level, inside.max() if not inside.empty else 0.0), max(top, v.max())
    cap = max(1.0, math.ceil(level * 1.1 * 2) / 2)
    return cap if top > cap else None


def _outlier_trace(x: list, y: list, cap: float, name: str, colour: str, meta: dict, hover: str) -> dict | None:
    """Points above the axis cap, drawn as ▲ on the cap with their true value on hover."""
    points = [(xi, yi) for xi, yi in zip(x, y, strict=True) if yi is not None and yi > cap]
    if not points:
        return None
    return {"type": "scatter", "mode": "markers", "name": name, "showlegend": False, "x": [p[0] for p in points],
            "y": [cap] * len(points), "customdata": [p[1] for p in points], "meta": meta,
            "marker": {"symbol": "triangle-up", "size": 11, "color": colour, "line": {"width": 1, "color": "white"}},
            "hovertemplate": hover.replace("%{y", "%{customdata") + " ▲"}


def region_lines(df: pd.DataFrame, value: str, labels: Labels | None = None,
                 colours: dict[str, str] | None = None, *, kind: str = "money", title: str | None = None,
                 total: pd.DataFrame | None = None, total_name: str | None = None,
                 y_title: str | None = None) -> go.Figure:
    """One line per region over months (columns month_start, region_id, optional region_name, value).

    Traces carry meta.region so the page's region filter can show one region; an optional
    company-wide line (frame with month_start and value) carries meta.total.
    """
    labels = labels or Labels()
    require(df, ["month_start", "region_id", value], "region_lines")
    lines = [part[value] for _, part in df.groupby("region_id")]
    if total is not None and value in total:
        lines.append(total[value])
    cap = ratio_cap(lines) if kind == "pct" else None
    names = df["region_name"] if "region_name" in df.columns else df["region_id"]
    name_of = dict(zip(df["region_id"], names, strict=True))
    hover = HOVER.get(kind, HOVER["num"])
    traces = []
    for region_id, part in df.sort_values("month_start").groupby("region_id", sort=True):
        name = str(name_of.get(region_id, region_id))
        traces.append({"type": "scatter", "mode": "lines+markers", "name": name,
                       "x": month_strings(part["month_start"]), "y": as_float(part[value]),
                       "line": {"color": colour_for(str(region_id), colours), "width": 2}, "marker": {"size": 5},
                       "meta": {"region": str(region_id)},
                       "hovertemplate": f"{name}<br>%{{x|%Y-%m}}: {hover}<extra></extra>"})
        if cap is not None:
            traces.append(_outlier_trace(traces[-1]["x"], traces[-1]["y"], cap, name, traces[-1]["line"]["color"],
                                         traces[-1]["meta"], traces[-1]["hovertemplate"]))
    if total is not None and not total.empty:
        require(total, ["month_start", value], "region_lines(total)")
        part = total.sort_values("month_start")
        name = total_name or labels("all_regions")
        traces.append({"type": "scatter", "mode": "lines", "name": name, "x": month_strings(part["month_start"]),
                       "y": as_float(part[value]), "line": {"color": "#263238", "width": 3, "dash": "dot"},
                       "meta": {"total": True}, "hovertemplate": f"{name}<br>%{{x|%Y-%m}}: {hover}<extra></extra>"})
        if cap is not None:
            traces.append(_outlier_trace(traces[-1]["x"], traces[-1]["y"], cap, name, "#263238", {"total": True},
                                         traces[-1]["hovertemplate"]))
    traces = [t for t in traces if t is not None]
    yaxis = {**axis_format(kind), **({"title": {"text": y_title}} if y_title else {})}
    layout = {"yaxis": yaxis, "xaxis": DATE_AXIS}
    if cap is not None:
        # page.js keeps the window's y range under the cap; the note under the chart says what ▲ means.
        yaxis["range"] = [0, cap * 1.06]
        layout["meta"] = {"ycap": cap * 1.06}
        layout["annotations"] = [{"name": "ycap", "text": labels("axis_capped", cap=f"{cap:.0%}"), "xref": "paper",
                                  "yref": "paper",
                                  "x": 1, "y": 1, "xanchor": "right", "yanchor": "bottom", "showarrow": False,
                                  "font": {"size": 11, "color": "#607d8b"}}]
    return make_figure(traces, layout, title=title)


def sales_collections_trend(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None
                            ) -> go.Figure:
    """Monthly sales (bars) with collections, last year's sales and the target when the frame has them.

    Columns: month_start, sales_amount, collected_amount; optional target_amount, ly_sales_amount.
    """
    labels = labels or Labels()
    require(df, ["month_start", "sales_amount", "collected_amount"], "sales_collections_trend")
    df = df.sort_values("month_start")
    x = month_strings(df["month_start"])
    traces = [
        {"type": "bar", "x": x, "y": as_float(df["sales_amount"]), "name": labels("sales"),
         "marker": {"color": ACTUAL}, "hovertemplate": _hover(labels("sales"))},
        {"type": "scatter", "mode": "lines+markers", "x": x, "y": as_float(df["collected_amount"]),
         "name": labels("collections"), "line": {"color": SERIES[1], "width": 2},
         "hovertemplate": _hover(labels("collections"))},
    ]
    if "ly_sales_amount" in df.columns and df["ly_sales_amount"].notna().any():
        traces.append({"type": "scatter", "mode": "lines", "x": x, "y": as_float(df["ly_sales_amount"]),
                       "name": labels("sales_last_year"), "line": {"color": LAST_YEAR, "width": 2, "dash": "dash"},
                       "hovertemplate": _hover(labels("sales_last_year"))})
    if "target_amount" in df.columns and df["target_amount"].notna().any():
        traces.append({"type": "scatter", "mode": "lines", "x": x, "y": as_float(df["target_amount"]),
                       "name": labels("sales_target"),
                       "line": {"color": TARGET, "width": 2, "dash": "dot", "shape": "hv"},
                       "hovertemplate": _hover(labels("sales_target"))})
    return make_figure(traces, {"yaxis": axis_format("money"), "xaxis": DATE_AXIS, "bargap": 0.3}, title=title)


def margin_profit_trend(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """Gross margin and expenses as bars, profit (margin less expenses) as a line, per month.

    Columns: month_start, gross_margin, expenses, profit.
    """
    labels = labels or Labels()
    require(df, ["month_start", "gross_margin", "expenses", "profit"], "margin_profit_trend")
    df = df.sort_values("month_start")
    x = month_strings(df["month_start"])
    traces = [{"type": "bar", "x": x, "y": as_float(df[col]), "name": labels(col), "marker": {"color": colour},
               "opacity": 0.8, "hovertemplate": _hover(labels(col))}
              for col, colour in (("gross_margin", SERIES[2]), ("expenses", SERIES[3]))]
    traces.append({"type": "scatter", "mode": "lines+markers", "x": x, "y": as_float(df["profit"]),
                   "name": labels("profit"), "line": {"color": ACTUAL, "width": 3},
                   "hovertemplate": _hover(labels("profit"))})
    return make_figure(traces, {"yaxis": axis_format("money"), "xaxis": DATE_AXIS, "barmode": "group",
                                "bargap": 0.25}, title=title)
