"""What a page is made of: figure, table, KPI-card and "no data" sections, independent of HTML.

Filters run in the browser, so a section carries everything the filters can ask for:
- a figure either tags its traces with a region (``meta={"region": id}``; ``meta={"total": True}`` for
  company totals) or brings one variant per (region, period); time series follow the period by
  zooming to the trailing window that ends in the chosen month and shading the months chosen;
- a chart of sums (``by_period="sum"``) brings one figure per (region, month) and a ``SumRule``: the page
  adds up the months of the chosen month, quarter, year to date or custom range (static/page.js);
- a table or KPI section carries rows with region and period columns the page filters on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

ALL_REGIONS = "__all__"
ANY = "*"  # variant key part when a variant does not depend on that filter

RegionMode = Literal["traces", "variants"] | None
PeriodMode = Literal["xrange", "variants", "sum"] | None
# "region": a region id shown as the region's name (the page holds the names once).
# "path": a file path or identifier, shown as code (kept as it is in every language).
TableFormat = Literal["text", "money", "int", "num1", "num2", "pct", "date", "band", "period", "region", "path"]


@dataclass
class Section:
    key: str
    title: str
    note: str = ""


@dataclass(frozen=True)
class SumRule:
    """How the page adds up a chart's month figures (bar traces matched by name, bars by category).

    value_axis: "x" for horizontal bars, "y" for vertical ones; the other axis holds the categories.
    order: categories by their total, "asc" (horizontal bars: the largest on top) or "desc".
    top / rank: keep the ``top`` categories with the most in the ``rank`` traces (then in all of them).
    ratio: the bar is customdata[0] / customdata[1] summed (attainment), coloured and labelled by band.
    over: colour the ``over[0]`` trace's bars red where they exceed the ``over[1]`` trace's (budget overrun).
    roles: "current", "previous", "last_year" trace names: previous is the current of the months just before
    the selection (as long as it), last year that of the same months a year earlier (环比 / 同比).
    headline: a title template with {actual}, {target}, {pct}, and ``extra`` for the sum of bars without target.
    """

    value_axis: Literal["x", "y"] = "x"
    order: Literal["asc", "desc"] | None = "asc"
    top: int | None = None
    rank: tuple[str, ...] = ()
    ratio: dict | None = None
    over: tuple[str, str, str, str] | None = None  # (trace, than trace, colour when over, colour otherwise)
    roles: dict[str, str] | None = None
    headline: dict | None = None
    row_px: int = 28  # figure height per category (and 60 px besides, at least 260)

    def payload(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, ())}


@dataclass
class FigureSection(Section):
    figure: go.Figure | None = None
    # "region|period" -> figure, with ALL_REGIONS and ANY as the wildcards.
    variants: dict[str, go.Figure] = field(default_factory=dict)
    by_region: RegionMode = None
    by_period: PeriodMode = None
    wide: bool = False
    sum_rule: SumRule | None = None  # with by_period="sum"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    fmt: TableFormat = "text"


@dataclass
class TableSection(Section):
    columns: list[Column] = field(default_factory=list)
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    region_col: str | None = None
    period_col: str | None = None
    # "eq": rows of the chosen month; "le": rows up to it; None: a snapshot at the as-of date.
    period_mode: Literal["eq", "le"] | None = None
    limit: int = 25
    wide: bool = True


@dataclass
class KpiSection(Section):
    """Cards: one record per (region or ALL_REGIONS, period, metric)."""

    records: pd.DataFrame = field(default_factory=pd.DataFrame)
    # (metric key, label) in card order; labels for "month", "ytd", "vs_target", "vs_last_year".
    metrics: list[tuple[str, str]] = field(default_factory=list)
    card_labels: dict[str, str] = field(default_factory=dict)
    lower_is_better: set[str] = field(default_factory=set)  # e.g. expenses: growth shows red
    wide: bool = True


@dataclass
class NoteSection(Section):
    """A finding in words where a chart would show nothing, e.g. "no sell-out crossed regions": data, not a gap."""

    wide: bool = False


@dataclass
class NoDataSection(Section):
    """Shown instead of a broken chart when a source table is missing or empty."""

    missing: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)  # raw sources to add (contract names), when known
    error: str = ""
    wide: bool = False


def variant_key(region: str | None = None, period: str | None = None) -> str:
    return f"{region or ANY}|{period or ANY}"
