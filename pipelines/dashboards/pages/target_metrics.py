"""Target sections on the metrics marts: attainment, run rate, gap list, scorecards, commissions (提成)."""

from __future__ import annotations

import pandas as pd

from pipelines.dashboards.context import PageContext
from pipelines.dashboards.figures.targets import attainment_chart, run_rate_chart
from pipelines.dashboards.pages.common import (
    add_region_names,
    month_frames,
    region_period_variants,
    region_variants,
    snapshot_note,
    with_period,
)
from pipelines.dashboards.sections import ALL_REGIONS, Column, FigureSection, NoDataSection, Section, TableSection

TARGET_METRIC = "sales"  # the attainment and run-rate charts follow the sales target


def _since(ctx: PageContext) -> str:
    return ctx.periods[0] + "-01" if ctx.periods else "1900-01-01"


def _targets(ctx: PageContext) -> pd.DataFrame:
    df = ctx.query("targets_rep_month")
    return add_region_names(ctx, with_period(df[df["metric"] == TARGET_METRIC]))


def attainment_section(ctx: PageContext) -> Section:
    df = _targets(ctx)
    L = ctx.labels

    def make(part: pd.DataFrame, region: str, period: str):
        # All regions: one bar per region; one region: one bar per rep. Year to date through the period.
        key = "region_name" if region == ALL_REGIONS else "rep_name"
        frame = part.groupby(key, as_index=False)[["actual_ytd", "target_ytd"]].sum(min_count=1)
        frame = frame.rename(columns={key: "name", "actual_ytd": "actual", "target_ytd": "target"})
        return attainment_chart(frame, L) if frame["target"].fillna(0).sum() > 0 else None

    return FigureSection("", "", note=f"{L('ytd_note')} {L('drill_reps')}",
                         variants=region_period_variants(ctx, month_frames(ctx, df), make),
                         by_region="variants", by_period="variants")


def run_rate_section(ctx: PageContext) -> Section:
    if ctx.as_of is None:
        return NoDataSection("", "", missing=["build_params"])
    as_of = pd.Timestamp(ctx.as_of)
    # Run rate as in mart_target_attainment: actual to date / share of the year elapsed.
    elapsed = as_of.day_of_year / (366 if as_of.is_leap_year else 365)
    df = _targets(ctx)
    df = df[pd.to_datetime(df["month_start"]).dt.year == as_of.year]

    def make(part: pd.DataFrame):
        monthly = part.groupby("month_start", as_index=False)[["target_ytd", "actual_ytd"]].sum(min_count=1)
        monthly["month_start"] = pd.to_datetime(monthly["month_start"])
        months = monthly["month_start"].dt.month
        monthly = monthly.rename(columns={"target_ytd": "target_cum", "actual_ytd": "actual_cum"})
        monthly.loc[months > as_of.month, "actual_cum"] = None  # no actuals after the as-of month
        done = monthly.loc[months == as_of.month, "actual_cum"].sum()
        if as_of.month < 12 and done > 0:
            end = done / elapsed
            step = (months - as_of.month) / (12 - as_of.month)
            monthly["projected_cum"] = (done + (end - done) * step).where(months >= as_of.month)
        return run_rate_chart(monthly, ctx.labels)

    return FigureSection("", "", note=f"{snapshot_note(ctx)} {ctx.labels('run_rate_note')}",
                         variants=region_variants(ctx, df, make), by_region="variants")


def gap_list_section(ctx: PageContext) -> Section:
    L = ctx.labels
    df = add_region_names(ctx, ctx.query("target_gap_list"))
    df = df.assign(metric=df["metric"].map(lambda m: L.value("metric", m)),
                   status=df["status"].map(lambda s: L.value("status", s)))
    return TableSection("", "", note=snapshot_note(ctx), rows=df, region_col="region_id", limit=30,
                        columns=[Column("rep_name", L("rep")), Column("region_id", L("region"), "region"),
                                 Column("metric", L("metric")),
                                 Column("target_to_date", L("target_to_date"), "money"),
                                 Column("actual_to_date", L("actual_to_date"), "money"),
                                 Column("attainment_to_date", L("attainment"), "pct"),
                                 Column("gap_to_date", L("gap"), "money"),
                                 Column("needed_per_remaining_month", L("needed_per_month"), "money"),
                                 Column("status", L("status"))])


def scorecards_section(ctx: PageContext) -> Section:
    L = ctx.labels
    df = add_region_names(ctx, with_period(ctx.query("rep_scorecard", {"since": _since(ctx)})))
    flags = [" · ".join(t for t, on in ((L("unmanaged"), u), (L("opens_not_maintains"), o)) if on)
             for u, o in zip(df["is_unmanaged"], df["opens_but_not_maintains"], strict=True)]
    df = df.assign(flags=flags)
    return TableSection("", "", note=L("month_note"), rows=df, region_col="region_id", period_col="period",
                        period_mode="eq", limit=30,
                        columns=[Column("rep_name", L("rep")), Column("region_id", L("region"), "region"),
                                 Column("score", L("score"), "num1"),
                                 Column("rank_in_region", L("rank_in_region"), "int"),
                                 Column("sales_attainment", L("attainment"), "pct"),
                                 Column("collection_rate", L("collection_rate"), "pct"),
                                 Column("checkin_compliance", L("checkin_rate"), "pct"),
                                 Column("report_on_time_share", L("report_on_time_rate"), "pct"),
                                 Column("work_saturation", L("saturation"), "pct"),
                                 Column("new_customers", L("new_customers"), "int"),
                                 Column("flags", L("flags"))])


def commissions_section(ctx: PageContext) -> Section:
    L = ctx.labels
    df = add_region_names(ctx, ctx.query("commissions", {"since": _since(ctx)}))
    # A quarter's or year's commission shows in each of its months, so the month filter always finds it.
    months = {"month": 1, "quarter": 3, "year": 12}
    rows = []
    for n, part in df.groupby(df["period_type"].map(months).fillna(1).astype(int)):
        start = pd.to_datetime(part["period_start"]).dt.to_period("M")
        for i in range(n):
            rows.append(part.assign(period=(start + i).astype(str)))
    df = pd.concat(rows, ignore_index=True) if rows else df.assign(period=pd.Series(dtype="str"))
    df = df[df["period"].isin(ctx.periods)].sort_values("commission", ascending=False)
    df = df.assign(period_type=df["period_type"].map(lambda p: L.value("period_type", p)))
    return TableSection("", "", note=L("month_note"), rows=df, region_col="region_id", period_col="period",
                        period_mode="eq", limit=30,
                        columns=[Column("rep_name", L("rep")), Column("region_id", L("region"), "region"),
                                 Column("period_type", L("commission_period")),
                                 Column("collected_amount", L("collections"), "money"),
                                 Column("commission", L("commission"), "money"),
                                 Column("effective_rate", L("effective_rate"), "pct"),
                                 Column("marginal_rate", L("marginal_rate"), "pct")])
