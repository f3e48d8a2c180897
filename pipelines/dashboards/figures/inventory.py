"""Inventory and channel figures: days of inventory, sell-in against sell-out, weeks of supply."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pipelines.dashboards.figures.common import HOVER, as_float, axis_format, month_strings, require
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.theme import ACTUAL, BAD, SERIES, TARGET, WARN, colour_for, make_figure, vline

# Weeks of channel stock above which a distributor is carrying too much (the reference line).
WEEKS_OF_SUPPLY_LINE = 8


def days_of_inventory_chart(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None,
                            top: int = 20) -> go.Figure:
    """The slowest-moving products: days of inventory as bars, turnover in the hover.

    Columns: name, days_of_inventory, turnover; optional closing_value.
    """
    labels = labels or Labels()
    require(df, ["name", "days_of_inventory", "turnover"], "days_of_inventory_chart")
    df = df.dropna(subset=["days_of_inventory"]).nlargest(top, "days_of_inventory").iloc[::-1]
    value = as_float(df["closing_value"]) if "closing_value" in df.columns else [None] * len(df)
    doi = as_float(df["days_of_inventory"])
    trace = {
        "type": "bar", "orientation": "h", "y": [str(n) for n in df["name"]], "x": doi,
        "name": labels("days_of_inventory"),
        "marker": {"color": [BAD if (d or 0) > 90 else WARN if (d or 0) > 60 else ACTUAL for d in doi]},
        "customdata": [list(t) for t in zip(as_float(df["turnover"]), value, strict=True)],
        "hovertemplate": (f"%{{y}}<br>{labels('days_of_inventory')}: %{{x:,.0f}}<br>{labels('turnover')}: "
                          f"%{{customdata[0]:.2f}}<br>{labels('closing_value')}: ¥%{{customdata[1]:,.0f}}"
                          "<extra></extra>"),
    }
    return make_figure([trace], {"xaxis": {"title": {"text": labels("days_of_inventory")}, "tickformat": ",.0f"},
                                 "showlegend": False}, title=title, height=max(260, 60 + 22 * len(df)))


def sell_in_sell_out(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """Monthly units sold into distributors (sell-in) against units they sold on (sell-out).

    A sell-in bar well above the sell-out line near a period end is the stuffing pattern (压货).
    Columns: month_start, sell_in_qty, sell_out_qty.
    """
    labels = labels or Labels()
    require(df, ["month_start", "sell_in_qty", "sell_out_qty"], "sell_in_sell_out")
    df = df.sort_values("month_start")
    x = month_strings(df["month_start"])
    traces = [
        {"type": "bar", "x": x, "y": as_float(df["sell_in_qty"]), "name": labels("sell_in"),
         "marker": {"color": ACTUAL},
         "hovertemplate": f"{labels('sell_in')} %{{x|%Y-%m}}: {HOVER['int']}<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "x": x, "y": as_float(df["sell_out_qty"]),
         "name": labels("sell_out"), "line": {"color": SERIES[1], "width": 3},
         "hovertemplate": f"{labels('sell_out')} %{{x|%Y-%m}}: {HOVER['int']}<extra></extra>"},
    ]
    return make_figure(traces, {"yaxis": {**axis_format("int"), "title": {"text": labels("units")}},
                                "xaxis": {"type": "date", "tickformat": "%Y-%m"}}, title=title)


def weeks_of_supply_chart(df: pd.DataFrame, labels: Labels | None = None, colours: dict[str, str] | None = None,
                          *, title: str | None = None, top: int = 20) -> go.Figure:
    """Distributors with the most weeks of channel stock, one colour per region.

    Columns: name, region_id, weeks_of_supply; optional region_name.
    """
    labels = labels or Labels()
    require(df, ["name", "region_id", "weeks_of_supply"], "weeks_of_supply_chart")
    df = df.dropna(subset=["weeks_of_supply"]).nlargest(top, "weeks_of_supply").iloc[::-1]
    df = df.assign(region_name=df["region_name"] if "region_name" in df.columns else df["region_id"])
    # One trace per region, so the legend says which colour is which region; the bars keep their order.
    traces = [{
        "type": "bar", "orientation": "h", "y": [str(n) for n in part["name"]], "x": as_float(part["weeks_of_supply"]),
        "name": str(part["region_name"].iloc[0]), "marker": {"color": colour_for(str(region), colours)},
        "meta": {"region": str(region)},
        "hovertemplate": f"%{{y}} ({part['region_name'].iloc[0]})<br>{labels('weeks_of_supply')}: %{{x:,.1f}}"
                         "<extra></extra>",
    } for region, part in df.groupby("region_id", sort=True)]
    line = {"text": labels("weeks_of_supply_line", n=WEEKS_OF_SUPPLY_LINE), "x": WEEKS_OF_SUPPLY_LINE, "xref": "x",
            "y": 1, "yref": "paper", "xanchor": "left", "yanchor": "bottom", "showarrow": False,
            "font": {"size": 11, "color": "#607d8b"}}
    return make_figure(traces, {"xaxis": {"title": {"text": labels("weeks_of_supply")}, "tickformat": ",.0f"},
                                # one bar per distributor: its total is its weeks, so the longest sits on top
                                "yaxis": {"categoryorder": "total ascending"},
                                "barmode": "overlay", "shapes": [vline(WEEKS_OF_SUPPLY_LINE, TARGET)],
                                "annotations": [line]},
                       title=title, height=max(300, 110 + 22 * len(df)))


def diversion_chart(df: pd.DataFrame, labels: Labels | None = None, colours: dict[str, str] | None = None, *,
                    title: str | None = None) -> go.Figure:
    """窜货: units each distributor sold into other regions, one stacked bar part per destination region.

    Columns: distributor_name, terminal_region_id, qty; optional destination (the region's name).
    """
    labels = labels or Labels()
    require(df, ["distributor_name", "terminal_region_id", "qty"], "diversion_chart")
    df = df.assign(destination=df["destination"] if "destination" in df.columns else df["terminal_region_id"])
    totals = df.groupby("distributor_name")["qty"].sum().sort_values()
    traces = []
    for region, part in df.groupby("terminal_region_id", sort=True):
        qty = part.groupby("distributor_name")["qty"].sum().reindex(totals.index).dropna()
        name = str(part["destination"].iloc[0])
        traces.append({"type": "bar", "orientation": "h", "y": [str(n) for n in qty.index], "x": as_float(qty),
                       "name": name, "marker": {"color": colour_for(str(region), colours)},
                       "meta": {"region": str(region)},
                       "hovertemplate": f"%{{y}} → {name}: %{{x:,.0f}}<extra></extra>"})
    return make_figure(traces, {"xaxis": {**axis_format("int"), "title": {"text": labels("diverted_qty")}},
                                "barmode": "stack", "legend": {"traceorder": "normal"},
                                "yaxis": {"categoryorder": "total ascending"}},
                       title=title, height=max(260, 60 + 28 * len(totals)))
