"""Helpers the page modules share: variants per region and period, period arithmetic, table rows."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from pipelines.dashboards.context import PageContext
from pipelines.dashboards.sections import ALL_REGIONS, variant_key

FigureMaker = Callable[[pd.DataFrame], go.Figure | None]


def with_period(df: pd.DataFrame, col: str = "month_start") -> pd.DataFrame:
    """Adds "period" ('2026-10') from a month-start column."""
    return df.assign(period=pd.to_datetime(df[col]).dt.strftime("%Y-%m"))


def region_keys(ctx: PageContext, df: pd.DataFrame, col: str = "region_id") -> list[str]:
    """ALL_REGIONS plus every region (in dim_region order) that has rows in df."""
    present = set(df[col].dropna().astype(str)) if col in df.columns else set()
    return [ALL_REGIONS] + [r for r in ctx.regions["region_id"] if r in present]


def by_region(df: pd.DataFrame, region: str, col: str = "region_id") -> pd.DataFrame:
    return df if region == ALL_REGIONS else df[df[col] == region]


def region_variants(ctx: PageContext, df: pd.DataFrame, make: FigureMaker, col: str = "region_id"
                    ) -> dict[str, go.Figure]:
    """One figure for all regions and one per region with data; a maker may return None for "nothing"."""
    out = {}
    for region in region_keys(ctx, df, col):
        fig = make(by_region(df, region, col))
        if fig is not None:
            out[variant_key(region, None)] = fig
    return out


def region_period_variants(ctx: PageContext, by_period: dict[str, pd.DataFrame],
                           make: Callable[[pd.DataFrame, str, str], go.Figure | None],
                           col: str = "region_id") -> dict[str, go.Figure]:
    """One figure per (all regions or one region, period): make gets that slice, the region and the period.

    by_period holds each filter period's rows (e.g. year-to-date sums from ytd_frames); slicing by region
    happens once per period, so hundreds of variants stay cheap.
    """
    out = {}
    for period, frame in by_period.items():
        if frame.empty:
            continue
        parts = dict(tuple(frame.groupby(col, sort=False)))
        for region in region_keys(ctx, frame, col):
            part = frame if region == ALL_REGIONS else parts.get(region)
            fig = make(part, region, period) if part is not None and not part.empty else None
            if fig is not None:
                out[variant_key(region, period)] = fig
    return out


def ytd_frames(ctx: PageContext, df: pd.DataFrame, keys: list[str], values: list[str]) -> dict[str, pd.DataFrame]:
    """For every period in the filter, the year-to-date sums of values by keys (df needs a "period" column)."""
    out = {}
    for period in ctx.periods:
        part = year_to_date(df, period)
        out[period] = part.groupby(keys, as_index=False, dropna=False)[values].sum(min_count=1)
    return out


def month_frames(ctx: PageContext, df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """For every period in the filter, that month's rows."""
    parts = dict(tuple(df.groupby("period", sort=False)))
    return {p: parts[p] for p in ctx.periods if p in parts}


def period_variants(ctx: PageContext, make: Callable[[str], go.Figure | None]) -> dict[str, go.Figure]:
    out = {}
    for period in ctx.periods:
        fig = make(period)
        if fig is not None:
            out[variant_key(None, period)] = fig
    return out


def year_to_date(df: pd.DataFrame, period: str, col: str = "period") -> pd.DataFrame:
    """Rows from January of the period's year through the period ('YYYY-MM' strings compare in order)."""
    return df[(df[col] >= period[:4] + "-01") & (df[col] <= period)]


def shift_period(period: str, months: int) -> str:
    return str(pd.Period(period, freq="M") + months)


def add_region_names(ctx: PageContext, df: pd.DataFrame, col: str = "region_id") -> pd.DataFrame:
    names = ctx.region_names()
    return df.assign(region_name=df[col].map(lambda r: names.get(r, r)))


def snapshot_note(ctx: PageContext) -> str:
    return ctx.labels("snapshot_note", as_of=ctx.as_of.isoformat() if ctx.as_of else "–")
