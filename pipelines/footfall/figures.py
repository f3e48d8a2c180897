"""Figure builders for foot-traffic studies: pure functions DataFrame -> plotly Figure.

They take the marts as read from the warehouse (column names as in pipelines/footfall/tables.py)
so the notebook and the dashboard page draw the same pictures.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

DAY_TYPE_ORDER = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"]


def _label(frame: pd.DataFrame) -> pd.Series:
    """'SITE-A Wulin Square north gate', or just the id when the site list gave no other name."""
    ids = frame["site_id"].astype(str)
    if "site_name" not in frame:
        return ids
    names = frame["site_name"].fillna(frame["site_id"]).astype(str)
    return ids.where(names == ids, ids + " " + names)


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(title=title, xaxis_visible=False, yaxis_visible=False)
    return fig


def _error_bars(frame: pd.DataFrame, value: str, lower: str = "lower", upper: str = "upper") -> dict:
    return {"type": "data", "symmetric": False, "array": (frame[upper] - frame[value]).tolist(),
            "arrayminus": (frame[value] - frame[lower]).tolist()}


def site_day_estimates(site_day: pd.DataFrame) -> go.Figure:
    """Expanded daily totals per counted site-day with their intervals."""
    title = "Daily passers-by per counted day (expanded, with interval)"
    if site_day.empty:
        return _empty(title, "no accepted count sheets")
    fig = go.Figure()
    for label, g in site_day.assign(label=_label(site_day)).groupby("label", sort=True):
        g = g.sort_values("count_date")
        fig.add_trace(go.Scatter(
            x=g["count_date"].astype(str), y=g["daily_estimate"], mode="markers", name=label,
            error_y=_error_bars(g, "daily_estimate"),
            customdata=g[["day_type", "observed_count", "counted_hours"]].to_numpy(),
            hovertemplate="%{x} (%{customdata[0]})<br>estimate %{y:,.0f}<br>counted %{customdata[1]:,.0f} "
                          "in %{customdata[2]:.1f} h<extra>%{fullData.name}</extra>"))
    level = site_day["interval_level"].iloc[0]
    fig.update_layout(title=f"{title}, {level:.0%}", xaxis_title="day counted", yaxis_title="passers-by per day")
    return fig


def typical_estimates(typical: pd.DataFrame) -> go.Figure:
    """Typical weekday / weekend / week-average daily traffic per site, grouped bars with intervals."""
    title = "Typical daily passers-by per site"
    if typical.empty:
        return _empty(title, "no site estimates")
    fig = go.Figure()
    frame = typical.assign(label=_label(typical))
    for day_class in ("weekday", "weekend", "week_average"):
        g = frame[frame["day_class"] == day_class]
        fig.add_trace(go.Bar(x=g["label"], y=g["estimate"], name=day_class.replace("_", " "),
                             error_y=_error_bars(g, "estimate"), customdata=g[["basis"]].to_numpy(),
                             hovertemplate="%{x}<br>%{y:,.0f} per day<br>%{customdata[0]}<extra></extra>"))
    fig.update_layout(title=title, barmode="group", yaxis_title="passers-by per day")
    return fig


def ranking(ranking_frame: pd.DataFrame, metric: str | None = None) -> go.Figure:
    """Probability that each site is the best on one metric (the headline metric by default)."""
    title = "Probability that each site is the best"
    if ranking_frame.empty:
        return _empty(title, "no ranking")
    if metric is None:
        head = ranking_frame[ranking_frame["headline"].astype(bool)]
        metric = head["metric"].iloc[0] if len(head) else ranking_frame["metric"].iloc[0]
    g = ranking_frame[ranking_frame["metric"] == metric].sort_values("rank")
    g = g.assign(label=_label(g))
    fig = go.Figure(go.Bar(
        x=g["label"], y=g["p_best"], text=[f"{p:.0%}" for p in g["p_best"]], textposition="outside",
        customdata=g[["estimate", "lower", "upper"]].to_numpy(),
        hovertemplate="%{x}<br>P(best) %{y:.1%}<br>%{customdata[0]:,.0f} "
                      "(%{customdata[1]:,.0f}-%{customdata[2]:,.0f})<extra></extra>"))
    fig.update_layout(title=f"{title} ({metric.replace('_', ' ')})", yaxis_range=[0, 1.1],
                      yaxis_tickformat=".0%", yaxis_title="P(best)")
    return fig


def segment_mix(mix: pd.DataFrame, dimension: str = "age_band") -> go.Figure:
    """Share of each value of one segment dimension per site, with intervals."""
    title = f"Segment mix by {dimension.replace('_', ' ')}"
    g = mix[mix["dimension"] == dimension] if len(mix) else mix
    if g.empty:
        return _empty(title, "no segment data")
    fig = go.Figure()
    for segment, s in g.assign(label=_label(g)).groupby("segment", sort=True):
        fig.add_trace(go.Bar(x=s["label"], y=s["share"], name=str(segment), error_y=_error_bars(s, "share"),
                             hovertemplate="%{x}<br>" + str(segment) + ": %{y:.1%}<extra></extra>"))
    fig.update_layout(title=title, barmode="group", yaxis_tickformat=".0%", yaxis_title="share of passers-by")
    return fig


def target_segment(target: pd.DataFrame, day_class: str = "week_average") -> go.Figure:
    """Typical daily traffic of the target segment per site."""
    g = target[target["day_class"] == day_class] if len(target) else target
    title = "Target segment traffic"
    if g.empty:
        return _empty(title, "no target-segment estimates")
    g = g.assign(label=_label(g))
    fig = go.Figure(go.Bar(x=g["label"], y=g["target_daily_estimate"], error_y=_error_bars(g, "target_daily_estimate"),
                           customdata=g[["target_share"]].to_numpy(),
                           hovertemplate="%{x}<br>%{y:,.0f} per day (%{customdata[0]:.1%} of passers-by)"
                                         "<extra></extra>"))
    fig.update_layout(title=f"{title}: {g['segment_label'].iloc[0]} ({day_class.replace('_', ' ')})",
                      yaxis_title="passers-by per day")
    return fig


def profile(profile_frame: pd.DataFrame) -> go.Figure:
    """Share of the day per clock hour, one line per day type."""
    title = "Daily profile: share of the day's passers-by per hour"
    if profile_frame.empty:
        return _empty(title, "no profile")
    fig = go.Figure()
    for day_type in DAY_TYPE_ORDER:
        g = profile_frame[profile_frame["day_type"] == day_type].sort_values("hour")
        if len(g):
            fig.add_trace(go.Scatter(x=g["hour"], y=g["share"], mode="lines", name=day_type))
    source = profile_frame["profile_source"].iloc[0]
    suffix = " (built-in default: no reference data)" if source == "default" else " (learned from reference counters)"
    fig.update_layout(title=title + suffix, xaxis_title="hour of day", yaxis_tickformat=".0%",
                      yaxis_title="share of the day")
    return fig


def method_check(check: pd.DataFrame) -> go.Figure:
    """MAPE (left) and interval coverage (right) by count length, against the targets."""
    title = "Method check on held-out reference days"
    if check.empty:
        return _empty(title, "no reference data: method check not run")
    fig = make_subplots(rows=1, cols=2, subplot_titles=("mean absolute % error", "interval coverage"))
    colours = {"hold_out_days": "#1f77b4", "hold_out_counter_and_days": "#ff7f0e"}
    for scheme, g in check.groupby("scheme", sort=True):
        g = g.sort_values("count_hours")
        colour = colours.get(scheme)
        fig.add_trace(go.Scatter(x=g["count_hours"], y=g["mape"], mode="lines+markers", name=scheme,
                                 line_color=colour, legendgroup=scheme), row=1, col=1)
        fig.add_trace(go.Scatter(x=g["count_hours"], y=g["coverage"], mode="lines+markers", name=scheme,
                                 line_color=colour, legendgroup=scheme, showlegend=False), row=1, col=2)
    lo, hi = check["target_coverage_low"].iloc[0], check["target_coverage_high"].iloc[0]
    fig.add_hrect(y0=lo, y1=hi, fillcolor="green", opacity=0.12, line_width=0, row=1, col=2)
    target = check["target_mape"].dropna()
    if len(target):
        fig.add_hline(y=float(target.iloc[0]), line_dash="dash", row=1, col=1,
                      annotation_text="2-hour target", annotation_position="top left")
    fig.update_xaxes(title_text="hours counted", tickvals=sorted(check["count_hours"].unique()))
    fig.update_yaxes(tickformat=".0%", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(tickformat=".0%", range=[0.5, 1.0], row=1, col=2)
    fig.update_layout(title=title, legend_orientation="h", legend_y=-0.25)
    return fig


def sample_plan(plan: pd.DataFrame) -> go.Figure:
    """Expected relative precision of one day's estimate by counting hours, per day class."""
    title = "Sample planner: precision of one day's estimate by hours counted"
    if plan.empty:
        return _empty(title, "no plan")
    fig = go.Figure()
    for day_class, g in plan.groupby("day_class", sort=False):
        fig.add_trace(go.Scatter(x=g["count_hours"], y=g["rel_precision_one_day"], mode="lines+markers",
                                 name=day_class, customdata=g[["best_start", "best_end"]].to_numpy(),
                                 hovertemplate="%{x} h (%{customdata[0]}-%{customdata[1]}): "
                                               "±%{y:.1%}<extra>%{fullData.name}</extra>"))
    fig.add_hline(y=float(plan["target_rel_precision"].iloc[0]), line_dash="dash", annotation_text="requested")
    fig.update_layout(title=title, xaxis_title="hours counted (best start time)", yaxis_tickformat=".0%",
                      yaxis_title="± of the interval")
    return fig
