"""Target figures: attainment, run-rate projection, rep discipline."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pipelines.dashboards.figures.common import HOVER, as_float, axis_format, month_strings, require
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.theme import ACTUAL, BAD, GOOD, SERIES, TARGET, WARN, colour_for, make_figure, vline


def attainment_chart(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None,
                     expected: float | None = None) -> go.Figure:
    """Attainment (actual / target) per row as bars with the 100% line and, optionally, the share a
    linear run would have reached by now (``expected``, the share of the period elapsed).

    Columns: name, actual, target; optional projected (run-rate projection at period end).
    """
    labels = labels or Labels()
    require(df, ["name", "actual", "target"], "attainment_chart")
    target = pd.to_numeric(df["target"], errors="coerce")
    df = df.assign(attainment=pd.to_numeric(df["actual"], errors="coerce") / target.where(target > 0))
    df = df.sort_values("attainment", na_position="first")
    names = [str(n) for n in df["name"]]
    att = as_float(df["attainment"])
    bar = expected if expected is not None else 1.0
    colours = [TARGET if a is None else GOOD if a >= bar else WARN if a >= 0.8 * bar else BAD for a in att]
    # A row without a target (sales no target covers) keeps its place with a label instead of a bar.
    text = [labels("no_target") if a is None else f"{a:.0%}" for a in att]
    traces = [{
        "type": "bar", "orientation": "h", "y": names, "x": [0.0 if a is None else a for a in att],
        "name": labels("attainment"), "text": text, "textposition": "outside", "cliponaxis": False,
        "marker": {"color": colours},
        "customdata": [list(t) for t in zip(as_float(df["actual"]), as_float(df["target"]), strict=True)],
        "hovertemplate": (f"%{{y}}<br>{labels('attainment')}: %{{x:.1%}}<br>{labels('actual')}: "
                          f"¥%{{customdata[0]:,.0f}}<br>{labels('target')}: ¥%{{customdata[1]:,.0f}}<extra></extra>"),
    }]
    if "projected" in df.columns and df["projected"].notna().any():
        proj = pd.to_numeric(df["projected"], errors="coerce") / pd.to_numeric(df["target"], errors="coerce").where(
            lambda s: s > 0)
        traces.append({"type": "scatter", "mode": "markers", "y": names, "x": as_float(proj),
                       "name": labels("projected_attainment"),
                       "marker": {"symbol": "diamond", "size": 9, "color": ACTUAL},
                       "hovertemplate": f"%{{y}} {labels('projected_attainment')}: %{{x:.1%}}<extra></extra>"})
    shapes = [vline(1.0, "#263238")] + ([vline(expected, TARGET, "dash")] if expected is not None else [])
    return make_figure(traces, {"xaxis": axis_format("pct"), "shapes": shapes}, title=title,
                       height=max(260, 60 + 24 * len(names)))


def run_rate_chart(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """Cumulative actual against cumulative target through the year, with the run-rate projection.

    Columns: month_start, actual_cum, target_cum; optional projected_cum (months after the last actual).
    """
    labels = labels or Labels()
    require(df, ["month_start", "actual_cum", "target_cum"], "run_rate_chart")
    df = df.sort_values("month_start")
    x = month_strings(df["month_start"])

    def line(col: str, name: str, line: dict, mode: str = "lines") -> dict:
        return {"type": "scatter", "mode": mode, "x": x, "y": as_float(df[col]), "name": name, "line": line,
                "hovertemplate": f"{name} %{{x|%Y-%m}}: {HOVER['money']}<extra></extra>"}

    traces = [line("target_cum", labels("target"), {"color": TARGET, "width": 2, "dash": "dot"}),
              line("actual_cum", labels("actual"), {"color": ACTUAL, "width": 3}, "lines+markers")]
    if "projected_cum" in df.columns and df["projected_cum"].notna().any():
        traces.append(line("projected_cum", labels("run_rate_projection"),
                           {"color": SERIES[1], "width": 2, "dash": "dash"}))
    return make_figure(traces, {"yaxis": axis_format("money"), "xaxis": {"type": "date", "tickformat": "%Y-%m"}},
                       title=title)


def discipline_chart(df: pd.DataFrame, labels: Labels | None = None, colours: dict[str, str] | None = None, *,
                     title: str | None = None) -> go.Figure:
    """Reps by check-in rate (x) and on-time report rate (y), bubble size = visits per working day.

    Reps in the lower left are "free-range" (放牧式): no check-ins, no reports. Columns: name, region_id,
    checkin_rate, report_on_time_rate, visits_per_day; optional region_name.
    """
    labels = labels or Labels()
    require(df, ["name", "region_id", "checkin_rate", "report_on_time_rate", "visits_per_day"],
            "discipline_chart")
    traces = []
    for region_id, part in df.groupby("region_id", sort=True):
        region_name = str(part["region_name"].iloc[0]) if "region_name" in part.columns else str(region_id)
        visits = [v or 0.0 for v in as_float(part["visits_per_day"])]
        traces.append({
            "type": "scatter", "mode": "markers", "name": region_name,
            "x": as_float(part["checkin_rate"]), "y": as_float(part["report_on_time_rate"]),
            "text": [str(n) for n in part["name"]], "customdata": visits,
            "marker": {"size": [6 + 6 * min(v, 4.0) for v in visits], "color": colour_for(str(region_id), colours),
                       "opacity": 0.75, "line": {"width": 0.5, "color": "white"}},
            "meta": {"region": str(region_id)},
            "hovertemplate": (f"%{{text}}<br>{labels('checkin_rate')}: %{{x:.0%}}<br>"
                              f"{labels('report_on_time_rate')}: %{{y:.0%}}<br>{labels('visits_per_day')}: "
                              "%{customdata:.1f}<extra></extra>"),
        })
    return make_figure(traces, {
        "xaxis": {**axis_format("pct"), "title": {"text": labels("checkin_rate")}, "range": [-0.05, 1.05]},
        "yaxis": {**axis_format("pct"), "title": {"text": labels("report_on_time_rate")}, "range": [-0.05, 1.05]},
    }, title=title, height=420)
