"""Look and number formats shared by every page and notebook: region colours, currency, the plotly template.

A region keeps its colour on every page because the colour comes from its position in the sorted list
of all region ids in the warehouse (dim_region), not from the order a chart happens to meet it.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable

import plotly.graph_objects as go

CURRENCY = "¥"
# d3 formats for axes (plotly): thousands separators, currency prefix.
MONEY_AXIS = {"tickprefix": CURRENCY, "tickformat": "~s", "separatethousands": True}
PCT_AXIS = {"tickformat": ".0%"}

# Okabe-Ito + Tableau-like colours that stay distinguishable for colour-blind readers.
REGION_PALETTE = (
    "#1f77b4", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#6a3d9a", "#8c564b",
    "#bcbd22", "#7f7f7f", "#17becf", "#f0e442",
)
UNKNOWN_REGION = "UNKNOWN"
UNKNOWN_COLOUR = "#b0b0b0"
# Colours with a meaning (not regions).
ACTUAL = "#1f4e79"
TARGET = "#9e9e9e"
LAST_YEAR = "#c9a227"
GOOD = "#2e7d32"
WARN = "#ef6c00"
BAD = "#c62828"
SERIES = ("#1f4e79", "#e69f00", "#2e7d32", "#c62828", "#6a3d9a", "#17becf", "#8c564b", "#bcbd22")
BAND_COLOURS = {"high": BAD, "medium": WARN, "low": GOOD}


def region_colours(region_ids: Iterable[str]) -> dict[str, str]:
    """A fixed colour per region: the sorted list of all ids indexes the palette; UNKNOWN is grey."""
    ids = sorted({str(r) for r in region_ids if r is not None and str(r) != UNKNOWN_REGION})
    colours = {rid: REGION_PALETTE[i % len(REGION_PALETTE)] for i, rid in enumerate(ids)}
    colours[UNKNOWN_REGION] = UNKNOWN_COLOUR
    return colours


def colour_for(region_id: str, colours: dict[str, str] | None) -> str:
    if colours and region_id in colours:
        return colours[region_id]
    if region_id == UNKNOWN_REGION:
        return UNKNOWN_COLOUR
    # A region missing from the map still gets the same colour in every process (crc32, not hash()).
    return REGION_PALETTE[zlib.crc32(str(region_id).encode()) % len(REGION_PALETTE)]


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_money(value: float | None, decimals: int = 0) -> str:
    """¥1,234,567 (negative as -¥1,234); a dash when unknown."""
    if is_missing(value):
        return "–"
    sign = "-" if value < 0 else ""
    return f"{sign}{CURRENCY}{abs(value):,.{decimals}f}"


def fmt_amount(value: float | None, lang: str = "en") -> str:
    """An amount as a manager reads it: ¥1,234,567 in English; ¥123.5万 / ¥1.23亿 in Chinese.

    Chinese precision: 亿 with two decimals, 万 with one below 1,000万 and none above, plain yuan below 1万.
    page.js formats the same way (fmtAmount) for cards, tables and axes.
    """
    if is_missing(value):
        return "–"
    if lang != "zh":
        return fmt_money(value)
    sign, v = ("-" if value < 0 else ""), abs(value)
    if v >= 1e8:
        return f"{sign}{CURRENCY}{v / 1e8:,.2f}亿"
    if v >= 1e7:
        return f"{sign}{CURRENCY}{v / 1e4:,.0f}万"
    if v >= 1e4:
        return f"{sign}{CURRENCY}{v / 1e4:,.1f}万"
    return f"{sign}{CURRENCY}{v:,.0f}"


def fmt_number(value: float | None, decimals: int = 0) -> str:
    return "–" if is_missing(value) else f"{value:,.{decimals}f}"


def fmt_pct(value: float | None, decimals: int = 1) -> str:
    """A share (0.123) as 12.3%."""
    return "–" if is_missing(value) else f"{value * 100:,.{decimals}f}%"


FONT = ("-apple-system, 'Segoe UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', "
        "'Helvetica Neue', Arial, sans-serif")

TEMPLATE = go.layout.Template(
    layout=dict(
        font=dict(family=FONT, size=12, color="#263238"),
        paper_bgcolor="white", plot_bgcolor="white",
        colorway=list(SERIES),
        margin=dict(l=60, r=20, t=40, b=50),
        hoverlabel=dict(namelength=-1),
        # Below the plot, at the foot of the figure: the toolbar sits top right, where a legend above would be.
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, xanchor="left", x=0),
        xaxis=dict(showgrid=False, linecolor="#cfd8dc", ticks="outside", tickcolor="#cfd8dc", automargin=True),
        yaxis=dict(gridcolor="#eceff1", zerolinecolor="#cfd8dc", automargin=True),
        separators=".,",
    )
)


TEMPLATE_JSON = TEMPLATE.to_plotly_json()


def make_figure(traces: list[dict], layout: dict | None = None, *, title: str | None = None,
                height: int = 360) -> go.Figure:
    """A figure with the product's template from plain trace and layout dicts.

    Built in one go without plotly's per-property validation: pages build hundreds of filter variants
    and validation would cost ~10 ms each. The unit tests validate every builder's output fully.
    """
    spec_layout = {"template": TEMPLATE_JSON, "height": height, **(layout or {})}
    if title:
        spec_layout["title"] = {"text": title, "x": 0, "xanchor": "left", "font": {"size": 14}}
    return go.Figure({"data": traces, "layout": spec_layout}, _validate=False)


def vline(x: float, colour: str, dash: str = "dot") -> dict:
    """A vertical reference line across the plot (layout shape)."""
    return {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
            "line": {"color": colour, "dash": dash, "width": 1}}


def hline(y: float, colour: str, dash: str = "dot") -> dict:
    return {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": y, "y1": y,
            "line": {"color": colour, "dash": dash, "width": 1}}
