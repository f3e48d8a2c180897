"""Figure builders for foot-traffic studies: pure functions DataFrame -> plotly Figure.

They take the marts as read from the warehouse (column names as in pipelines/footfall/tables.py)
so the notebook and the dashboard page draw the same pictures. Every word comes from the dashboards'
label table (``labels``, English when not given); data values (day classes, segments, schemes) are
translated through it too, names (sites) are shown as they are.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pipelines.dashboards.labels import Labels
from pipelines.dashboards.theme import BAD, GOOD, SERIES, TARGET

DAY_TYPE_ORDER = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"]
DAY_CLASS_ORDER = ["weekday", "weekend", "week_average"]
DIMENSION_ORDER = ["age_band", "gender", "income_tier", "direction"]
# Natural order of the segment values the contracts know; others alphabetically, "unknown" last.
SEGMENT_ORDER = ["<20", "20-35", "36-50", "51-65", ">65", "female", "male", "low", "middle", "high",
                 "north", "south", "east", "west"]
BEST = "#1f4e79"  # the leading site in the ranking
OTHER = "#90a4ae"


def site_label(frame: pd.DataFrame) -> pd.Series:
    """'SITE-A Wulin Square north gate', or just the id when the site list gave no other name."""
    ids = frame["site_id"].astype(str)
    if "site_name" not in frame:
        return ids
    names = frame["site_name"].fillna(frame["site_id"]).astype(str)
    return ids.where(names == ids, ids + " " + names)


def site_colours(site_ids: pd.Series) -> dict[str, str]:
    """A fixed colour per site (sorted ids index the palette), the same in every foot-traffic figure."""
    return {s: SERIES[i % len(SERIES)] for i, s in enumerate(sorted(set(site_ids.astype(str))))}


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(title=title, xaxis_visible=False, yaxis_visible=False)
    return fig


def _error_bars(frame: pd.DataFrame, value: str, lower: str = "lower", upper: str = "upper") -> dict:
    return {"type": "data", "symmetric": False, "array": (frame[upper] - frame[value]).tolist(),
            "arrayminus": (frame[value] - frame[lower]).tolist()}


def _level(frame: pd.DataFrame) -> str:
    level = pd.to_numeric(frame.get("interval_level"), errors="coerce").dropna() if "interval_level" in frame else []
    return f"{float(level.iloc[0]):.0%}" if len(level) else "90%"


def _segment_key(segment: str) -> tuple:
    known = SEGMENT_ORDER.index(segment) if segment in SEGMENT_ORDER else len(SEGMENT_ORDER)
    return (segment == "unknown", known, segment)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def site_day_estimates(site_day: pd.DataFrame, labels: Labels | None = None) -> go.Figure:
    """Expanded daily totals per counted site-day: one line per site inside its interval band."""
    L = labels or Labels()
    title = L("ff_fig_site_day", level=_level(site_day))
    if site_day.empty:
        return _empty(title, L("no_data_selection"))
    colours = site_colours(site_day["site_id"])
    fig = go.Figure()
    frame = site_day.assign(label=site_label(site_day),
                            day=pd.to_datetime(site_day["count_date"]).dt.strftime("%Y-%m-%d"))
    for (site, label), g in frame.groupby(["site_id", "label"], sort=True):
        g = g.sort_values("day")
        colour = colours[str(site)]
        x = g["day"].tolist()
        # The band: upper edge forwards, lower edge backwards, filled (one trace per site, legend with the line).
        fig.add_trace(go.Scatter(x=x + x[::-1], y=g["upper"].tolist() + g["lower"].tolist()[::-1], fill="toself",
                                 fillcolor=_rgba(colour, 0.15), line={"width": 0}, hoverinfo="skip",
                                 mode="lines", legendgroup=label, showlegend=False, name=label))
        days = [L.value("day_type", d) for d in g["day_type"]]
        fig.add_trace(go.Scatter(
            x=x, y=g["daily_estimate"], mode="lines+markers", name=label, legendgroup=label,
            line={"color": colour}, marker={"color": colour, "size": 8},
            customdata=list(zip(days, g["observed_count"], g["counted_hours"], g["lower"], g["upper"], strict=True)),
            hovertemplate=(f"%{{x}} (%{{customdata[0]}})<br>{L('ff_estimate')} %{{y:,.0f}} "
                           f"(%{{customdata[3]:,.0f}}–%{{customdata[4]:,.0f}})<br>{L('ff_counted')} "
                           f"%{{customdata[1]:,.0f}} / %{{customdata[2]:.1f}} h<extra>%{{fullData.name}}</extra>")))
    fig.update_layout(title=title, xaxis_title=L("ff_day_counted"), yaxis_title=L("ff_passers_per_day"),
                      xaxis_type="date", yaxis_tickformat=",.0f", yaxis_rangemode="tozero", hovermode="closest")
    return fig


def typical_estimates(typical: pd.DataFrame, labels: Labels | None = None) -> go.Figure:
    """Typical weekday / weekend / week-average daily traffic per site, grouped bars with intervals."""
    L = labels or Labels()
    title = L("ff_fig_typical", level=_level(typical))
    if typical.empty:
        return _empty(title, L("no_data_selection"))
    fig = go.Figure()
    frame = typical.assign(label=site_label(typical)).sort_values("site_id")
    colours = {"weekday": SERIES[0], "weekend": SERIES[1], "week_average": TARGET}
    for day_class in DAY_CLASS_ORDER:
        g = frame[frame["day_class"] == day_class]
        if g.empty:
            continue
        fig.add_trace(go.Bar(x=g["label"], y=g["estimate"], name=L.value("ff_class", day_class),
                             marker_color=colours[day_class], error_y=_error_bars(g, "estimate"),
                             customdata=list(zip(g["lower"], g["upper"], g["basis"], strict=True)),
                             hovertemplate=(f"%{{x}}<br>%{{y:,.0f}} {L('ff_per_day')} (%{{customdata[0]:,.0f}}–"
                                            "%{customdata[1]:,.0f})<br>%{customdata[2]}"
                                            "<extra>%{fullData.name}</extra>")))
    fig.update_layout(title=title, barmode="group", yaxis_title=L("ff_passers_per_day"), yaxis_tickformat=",.0f")
    return fig


def headline_metric(ranking_frame: pd.DataFrame) -> str:
    head = ranking_frame[ranking_frame["headline"].fillna(False).astype(bool)]
    return str(head["metric"].iloc[0] if len(head) else ranking_frame["metric"].iloc[0])


def ranking(ranking_frame: pd.DataFrame, metric: str | None = None, labels: Labels | None = None) -> go.Figure:
    """Which site is best and how sure: estimates with intervals (left) and P(best) (right), best site dark."""
    L = labels or Labels()
    if ranking_frame.empty:
        return _empty(L("ff_fig_ranking", metric=""), L("no_data_selection"))
    metric = metric or headline_metric(ranking_frame)
    g = ranking_frame[ranking_frame["metric"] == metric].sort_values("rank", ascending=False)  # best on top
    g = g.assign(label=site_label(g))
    colours = [BEST if r == 1 else OTHER for r in g["rank"]]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04, column_widths=[0.6, 0.4],
                        subplot_titles=(L("ff_estimate_with_interval", level=_level(g)), L("ff_p_best")))
    fig.add_trace(go.Bar(
        y=g["label"], x=g["estimate"], orientation="h", marker_color=colours, error_x=_error_bars(g, "estimate"),
        name=L("ff_estimate"), showlegend=False, customdata=list(zip(g["lower"], g["upper"], strict=True)),
        hovertemplate=(f"%{{y}}<br>%{{x:,.0f}} {L('ff_per_day')} (%{{customdata[0]:,.0f}}–%{{customdata[1]:,.0f}})"
                       "<extra></extra>")), row=1, col=1)
    fig.add_trace(go.Bar(
        y=g["label"], x=g["p_best"], orientation="h", marker_color=colours, name=L("ff_p_best"), showlegend=False,
        text=[f"{p:.0%}" for p in g["p_best"]], textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}<br>{L('ff_p_best')} %{{x:.1%}}<extra></extra>"), row=1, col=2)
    fig.update_xaxes(tickformat=",.0f", rangemode="tozero", title_text=L("ff_passers_per_day"), row=1, col=1)
    fig.update_xaxes(tickformat=".0%", range=[0, 1.15], title_text=L("ff_p_best"), row=1, col=2)
    fig.update_layout(title=L("ff_fig_ranking", metric=L.value("ff_class", metric)),
                      height=max(260, 120 + 50 * len(g)))
    return fig


def segment_mix(mix: pd.DataFrame, dimension: str = "age_band", labels: Labels | None = None) -> go.Figure:
    """Share of each value of one segment dimension per site, with intervals."""
    L = labels or Labels()
    title = L("ff_fig_segment_mix", dimension=L.value("ff_dimension", dimension))
    g = mix[mix["dimension"] == dimension] if len(mix) else mix
    if g.empty:
        return _empty(title, L("no_data_selection"))
    fig = go.Figure()
    for segment, s in g.assign(label=site_label(g)).groupby("segment", sort=True):
        name = L.value("ff_segment", segment)
        fig.add_trace(go.Bar(x=s["label"], y=s["share"], name=name, error_y=_error_bars(s, "share"),
                             hovertemplate="%{x}<br>" + name + ": %{y:.1%}<extra></extra>"))
    fig.update_layout(title=title, barmode="group", yaxis_tickformat=".0%", yaxis_title=L("ff_share_of_passers"))
    return fig


def segment_mix_panels(mix: pd.DataFrame, labels: Labels | None = None) -> go.Figure:
    """Every segment dimension in its own panel: segment values on x, one bar per site (site colours)."""
    L = labels or Labels()
    title = L("ff_fig_segment_panels", level=_level(mix))
    if mix.empty:
        return _empty(title, L("no_data_selection"))
    present = set(mix["dimension"].astype(str))
    dims = [d for d in DIMENSION_ORDER if d in present] + sorted(present - set(DIMENSION_ORDER))
    cols = 2 if len(dims) > 1 else 1
    rows = -(-len(dims) // cols)
    fig = make_subplots(rows=rows, cols=cols, vertical_spacing=0.16, horizontal_spacing=0.08,
                        subplot_titles=[L.value("ff_dimension", d) for d in dims])
    colours = site_colours(mix["site_id"])
    frame = mix.assign(label=site_label(mix))
    for i, dim in enumerate(dims):
        part = frame[frame["dimension"] == dim]
        order = sorted(set(part["segment"].astype(str)), key=_segment_key)
        for (site, label), s in part.groupby(["site_id", "label"], sort=True):
            s = s.set_index(s["segment"].astype(str)).reindex([o for o in order if o in set(s["segment"].astype(str))])
            fig.add_trace(go.Bar(
                x=[L.value("ff_segment", v) for v in s.index], y=s["share"], name=label, legendgroup=label,
                showlegend=i == 0, marker_color=colours[str(site)], error_y=_error_bars(s, "share"),
                customdata=list(zip(s["lower"], s["upper"], strict=True)),
                hovertemplate=("%{x}: %{y:.1%} (%{customdata[0]:.1%}–%{customdata[1]:.1%})"
                               "<extra>%{fullData.name}</extra>")),
                row=i // cols + 1, col=i % cols + 1)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    # The legend (which colour is which site) below the panels, with the room it needs.
    fig.update_layout(title=title, barmode="group", height=300 * rows + 160, margin={"b": 100},
                      legend={"orientation": "h", "yref": "paper", "yanchor": "top", "y": -0.1, "x": 0})
    return fig


def target_segment(target: pd.DataFrame, day_class: str | None = None, labels: Labels | None = None) -> go.Figure:
    """Typical daily traffic of the target segment per site: one bar group per day class (or just one class)."""
    L = labels or Labels()
    g = target if not len(target) or day_class is None else target[target["day_class"] == day_class]
    segment = str(g["segment_label"].iloc[0]) if len(g) else ""
    title = L("ff_fig_target", segment=segment, level=_level(g))
    if g.empty:
        return _empty(title, L("no_data_selection"))
    g = g.assign(label=site_label(g)).sort_values("site_id")
    colours = {"weekday": SERIES[0], "weekend": SERIES[1], "week_average": TARGET}
    fig = go.Figure()
    for cls in [c for c in DAY_CLASS_ORDER if c in set(g["day_class"])]:
        part = g[g["day_class"] == cls]
        fig.add_trace(go.Bar(
            x=part["label"], y=part["target_daily_estimate"], name=L.value("ff_class", cls),
            marker_color=colours.get(cls), error_y=_error_bars(part, "target_daily_estimate"),
            customdata=list(zip(part["target_share"], part["lower"], part["upper"], strict=True)),
            hovertemplate=(f"%{{x}}<br>%{{y:,.0f}} {L('ff_per_day')} (%{{customdata[1]:,.0f}}–%{{customdata[2]:,.0f}})"
                           f"<br>%{{customdata[0]:.1%}} {L('ff_of_passers')}<extra>%{{fullData.name}}</extra>")))
    fig.update_layout(title=title, barmode="group", yaxis_title=L("ff_passers_per_day"), yaxis_tickformat=",.0f")
    return fig


def profile(profile_frame: pd.DataFrame, labels: Labels | None = None) -> go.Figure:
    """Share of the day per clock hour, one line per day type."""
    L = labels or Labels()
    if profile_frame.empty:
        return _empty(L("ff_fig_profile", source=""), L("no_data_selection"))
    fig = go.Figure()
    present = list(dict.fromkeys(profile_frame["day_type"]))
    for day_type in [t for t in DAY_TYPE_ORDER if t in present] + [t for t in present if t not in DAY_TYPE_ORDER]:
        g = profile_frame[profile_frame["day_type"] == day_type].sort_values("hour")
        if len(g):
            fig.add_trace(go.Scatter(x=g["hour"], y=g["share"], mode="lines", name=L.value("day_type", day_type),
                                     hovertemplate="%{x}:00 %{y:.1%}<extra>%{fullData.name}</extra>"))
    source = profile_frame["profile_source"].iloc[0]
    fig.update_layout(title=L("ff_fig_profile", source=L.value("ff_profile_source", source)),
                      xaxis_title=L("ff_hour_of_day"), xaxis_dtick=2, yaxis_tickformat=".0%",
                      yaxis_title=L("ff_share_of_day"))
    return fig


def method_check(check: pd.DataFrame, per_counter: pd.DataFrame | None = None, labels: Labels | None = None
                 ) -> go.Figure:
    """MAPE and interval coverage by counting hours (every contiguous window vs the planner's best plan), against
    the targets; coverage at the worst left-out counter dotted; a third panel shows each counter's coverage."""
    L = labels or Labels()
    title = L("ff_fig_method_check")
    if check.empty:
        return _empty(title, L("ff_no_reference"))
    counters = per_counter is not None and not per_counter.empty
    titles = (L("ff_mape"), L("ff_coverage"), *((L("ff_coverage_per_counter"),) if counters else ()))
    fig = make_subplots(rows=1, cols=len(titles), subplot_titles=titles)
    for i, (windows, g) in enumerate(check.groupby("windows", sort=False)):
        g = g.sort_values("count_hours")
        colour, name = SERIES[i % len(SERIES)], L.value("ff_windows", windows)
        fig.add_trace(go.Scatter(x=g["count_hours"], y=g["mape"], mode="lines+markers", name=name,
                                 line_color=colour, legendgroup=windows, customdata=g["plan"],
                                 hovertemplate="%{x} h: %{y:.1%}<br>%{customdata}<extra>%{fullData.name}</extra>"),
                      row=1, col=1)
        fig.add_trace(go.Scatter(x=g["count_hours"], y=g["coverage"], mode="lines+markers", name=name,
                                 line_color=colour, legendgroup=windows, showlegend=False,
                                 hovertemplate="%{x} h: %{y:.1%}<extra>%{fullData.name}</extra>"), row=1, col=2)
        fig.add_trace(go.Scatter(x=g["count_hours"], y=g["min_counter_coverage"], mode="lines+markers",
                                 name=L("ff_worst_counter"), line={"color": colour, "dash": "dot"},
                                 legendgroup=windows, showlegend=False, customdata=g["worst_counter"],
                                 hovertemplate="%{x} h: %{y:.1%} (%{customdata})<extra>" + L("ff_worst_counter")
                                               + "</extra>"), row=1, col=2)
        c = per_counter[per_counter["windows"] == windows] if counters else pd.DataFrame()
        if len(c):
            fig.add_trace(go.Scatter(x=c["count_hours"], y=c["coverage"], mode="markers", name=name,
                                     marker_color=colour, legendgroup=windows, showlegend=False,
                                     customdata=c["counter_id"],
                                     hovertemplate="%{x} h %{customdata}: %{y:.1%}<extra>%{fullData.name}</extra>"),
                          row=1, col=3)
    lo, hi = check["target_coverage_low"].iloc[0], check["target_coverage_high"].iloc[0]
    fig.add_hrect(y0=lo, y1=hi, fillcolor=GOOD, opacity=0.12, line_width=0, row=1, col=2,
                  annotation_text=L("ff_target_range"), annotation_position="top right")
    if counters and "target_min_counter_coverage" in check:
        fig.add_hline(y=float(check["target_min_counter_coverage"].iloc[0]), line_dash="dash", line_color=BAD,
                      row=1, col=3)
    target = pd.to_numeric(check["target_mape"], errors="coerce").dropna()
    if len(target):
        fig.add_hline(y=float(target.iloc[0]), line_dash="dash", line_color=BAD, row=1, col=1,
                      annotation_text=L("ff_mape_target"), annotation_position="top right")
    fig.update_xaxes(title_text=L("ff_hours_counted"), tickvals=sorted(check["count_hours"].unique()))
    fig.update_yaxes(tickformat=".0%", rangemode="tozero", row=1, col=1)
    for col in range(2, len(titles) + 1):
        fig.update_yaxes(tickformat=".0%", range=[0.5, 1.0], row=1, col=col)
    fig.update_layout(title=title, legend_orientation="h", legend_y=-0.3)
    return fig


def sample_plan(plan: pd.DataFrame, labels: Labels | None = None) -> go.Figure:
    """The best plan of each length per day class: its expected error at places left out of the fit (or, without
    two reference counters, its predicted one-day precision); the recommended plan starred, the plan in the hover."""
    L = labels or Labels()
    title = L("ff_fig_sample_plan")
    if plan.empty:
        return _empty(title, L("no_data_selection"))
    best = plan[plan["best_for_length"].fillna(False).astype(bool)]
    learned = best["expected_mape"].notna().any()
    value = "expected_mape" if learned else "rel_precision_one_day"
    fig = go.Figure()
    for i, (day_class, g) in enumerate(best.groupby("day_class", sort=False)):
        g = g.sort_values("count_hours")
        recommended = g["recommended"].fillna(False).astype(bool)
        fig.add_trace(go.Scatter(
            x=g["count_hours"], y=g[value], mode="lines+markers",
            name=L.value("ff_class", day_class), line_color=SERIES[i % len(SERIES)],
            marker={"size": [14 if r else 7 for r in recommended], "symbol": ["star" if r else "circle"
                                                                             for r in recommended]},
            customdata=list(zip(g["plan"], g["rel_precision_one_day"], strict=True)),
            hovertemplate=("%{x} h: %{customdata[0]}<br>%{y:.1%} (± %{customdata[1]:.0%})"
                           "<extra>%{fullData.name}</extra>")))
    if not learned:
        fig.add_hline(y=float(plan["target_rel_precision"].iloc[0]), line_dash="dash", line_color=BAD,
                      annotation_text=L("ff_requested"))
    fig.update_layout(title=title, xaxis_title=L("ff_hours_counted"), xaxis_dtick=1, yaxis_tickformat=".0%",
                      yaxis_title=L("ff_expected_error" if learned else "ff_precision"), yaxis_rangemode="tozero")
    return fig
