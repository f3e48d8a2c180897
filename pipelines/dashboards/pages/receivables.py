"""Receivables sections on the metrics marts: aging (账龄), DSO, overdue watchlist by rep."""

from __future__ import annotations

import pandas as pd

from pipelines.analyst import figures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.pages.common import add_region_names, region_variants, rep_note, snapshot_note
from pipelines.dashboards.sections import ALL_REGIONS, Column, FigureSection, Section, TableSection

# Bucket columns of mart_receivables_aging, youngest first.
AGING_BUCKETS = {"aged_0_30": "0-30", "aged_31_60": "31-60", "aged_61_90": "61-90", "aged_91_180": "91-180",
                 "aged_over_180": "over 180"}
OVERDUE_PER_REP = 10


def aging_section(ctx: PageContext) -> Section:
    df = add_region_names(ctx, ctx.query("receivables_aging_rep"))
    long = df.melt(id_vars=["region_id", "region_name", "rep_name"], value_vars=list(AGING_BUCKETS),
                   var_name="column", value_name="amount")
    order = {c: i for i, c in enumerate(AGING_BUCKETS)}
    long = long.assign(bucket=long["column"].map(AGING_BUCKETS), bucket_order=long["column"].map(order))

    def make(part: pd.DataFrame):
        if part["amount"].fillna(0).abs().sum() == 0:
            return None
        region = part["region_id"].iloc[0] if part["region_id"].nunique() == 1 else ALL_REGIONS
        # All regions: one bar per region; one region: one bar per rep.
        name_col = "region_name" if region == ALL_REGIONS else "rep_name"
        return figures.aging_chart(part.assign(name=part[name_col]), lang=ctx.lang)

    return FigureSection("", "", note=rep_note(ctx, f"{snapshot_note(ctx)} {ctx.labels('drill_reps')}"),
                         variants=region_variants(ctx, long, make), by_region="variants")


def dso_section(ctx: PageContext) -> Section:
    df = add_region_names(ctx, ctx.query("collections_region_month")).dropna(subset=["dso"])
    fig = figures.region_lines(df, "dso", lang=ctx.lang, colours=ctx.colours, kind="days", y_title=ctx.labels("dso"),
                               total=ctx.query("collections_company_month"))
    return FigureSection("", "", note=ctx.labels("trend_note"), figure=fig, by_region="traces", by_period="xrange")


def overdue_section(ctx: PageContext) -> Section:
    df = add_region_names(ctx, ctx.query("overdue_watchlist", {"per_rep": OVERDUE_PER_REP}))
    L = ctx.labels
    df = df.assign(priority=df["priority"].map(lambda p: L.value("priority", p)))
    return TableSection("", "", note=rep_note(ctx, snapshot_note(ctx)), rows=df, region_col="region_id",
                        columns=[Column("rep_name", L("rep")), Column("region_id", L("region"), "region"),
                                 Column("customer_name", L("customer")),
                                 Column("overdue_amount", L("overdue_amount"), "money"),
                                 Column("overdue_over_90_days", L("overdue_over_90"), "money"),
                                 Column("max_days_overdue", L("max_days_overdue"), "int"),
                                 Column("days_since_last_receipt", L("days_since_last_receipt"), "int"),
                                 Column("priority", L("priority"))])
