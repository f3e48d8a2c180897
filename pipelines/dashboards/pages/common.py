"""Helpers the page modules share: variants per region and period, period arithmetic, table rows."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from pipelines.analyst.figures import Figure
from pipelines.contracts.minimum import UNASSIGNED
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.sections import ALL_REGIONS, variant_key

FigureMaker = Callable[[pd.DataFrame], Figure | None]


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
                    ) -> dict[str, Figure]:
    """One figure for all regions and one per region with data; a maker may return None for "nothing"."""
    out = {}
    for region in region_keys(ctx, df, col):
        fig = make(by_region(df, region, col))
        if fig is not None:
            out[variant_key(region, None)] = fig
    return out


def region_period_variants(ctx: PageContext, by_period: dict[str, pd.DataFrame],
                           make: Callable[[pd.DataFrame, str, str], Figure | None],
                           col: str = "region_id") -> dict[str, Figure]:
    """One figure per (all regions or one region, period): make gets that slice, the region and the period.

    by_period holds each filter period's rows (e.g. each month's rows from month_frames); slicing by region
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


def month_frames(ctx: PageContext, df: pd.DataFrame, back: int = 0) -> dict[str, pd.DataFrame]:
    """For every period in the filter (and ``back`` months before the first), that month's rows."""
    parts = dict(tuple(df.groupby("period", sort=False)))
    return {p: parts[p] for p in months_offered(ctx, back) if p in parts}


def months_offered(ctx: PageContext, back: int = 0) -> list[str]:
    """The filter's months, preceded by ``back`` earlier ones (a chart's 环比 / 同比 reaches back that far)."""
    if not ctx.periods:
        return []
    return [shift_period(ctx.periods[0], -i) for i in range(back, 0, -1)] + list(ctx.periods)


def period_variants(ctx: PageContext, make: Callable[[str], Figure | None]) -> dict[str, Figure]:
    out = {}
    for period in ctx.periods:
        fig = make(period)
        if fig is not None:
            out[variant_key(None, period)] = fig
    return out


def shift_period(period: str, months: int) -> str:
    return str(pd.Period(period, freq="M") + months)


def add_region_names(ctx: PageContext, df: pd.DataFrame, col: str = "region_id") -> pd.DataFrame:
    names = ctx.region_names()
    return df.assign(region_name=df[col].map(lambda r: names.get(r, r)))


def snapshot_note(ctx: PageContext) -> str:
    return ctx.labels("snapshot_note", as_of=ctx.as_of.isoformat() if ctx.as_of else "–")


def reps_unassigned(ctx: PageContext) -> bool:
    """Every sale is credited to the 'unassigned' rep: the sales export had no rep column (pipelines.ingest.derive)."""
    if not ctx.available("fct_sales_lines"):
        return False
    return bool(ctx.sql("SELECT bool_and(rep_id = ?) AS only FROM fct_sales_lines", [UNASSIGNED])["only"].iloc[0])


def rep_note(ctx: PageContext, note: str) -> str:
    """A section's note, followed by the warning that rep figures are not available when the sales have no reps:
    said on the page, never a one-bar chart or a one-row table left to speak for itself."""
    return f"{note} {ctx.labels('reps_unassigned_note')}" if reps_unassigned(ctx) else note
