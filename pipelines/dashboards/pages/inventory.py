"""Inventory and channel: days of inventory, non-effective stock, weeks of supply, sell-in vs sell-out."""

from __future__ import annotations

import pandas as pd

from pipelines.analyst import figures, measures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.pages import diversion
from pipelines.dashboards.pages.common import (
    add_region_names,
    period_variants,
    region_variants,
    snapshot_note,
    with_period,
)
from pipelines.dashboards.pages.risk_data import stockout_section
from pipelines.dashboards.sections import Column, FigureSection, Section, TableSection

# Product rows of the non-effective inventory table per month (the largest excess first).
NON_EFFECTIVE_ROWS = 30


def days_of_inventory(ctx: PageContext) -> Section:
    df = with_period(measures.days_of_inventory(ctx.con))

    def make(period: str):
        part = df[df["period"] == period]
        return figures.days_of_inventory_chart(part.assign(name=part["product_name"]), lang=ctx.lang) \
            if not part.empty else None

    return FigureSection("", "", note=f"{ctx.labels('end_month_note')} {ctx.labels('company_note')}",
                         variants=period_variants(ctx, make), by_period="variants")


def bonus_period(ctx: PageContext) -> str:
    """The period kind the product-manager bonus was computed over ('quarter' or 'year', pm_bonus.yaml), read
    from mart_pm_bonus so the page shows the position the bonus deducts for; 'year' (the shipped rule) without it."""
    if not ctx.available("mart_pm_bonus"):
        return "year"
    quarterly = ctx.sql("SELECT bool_or(period_end - period_start < 100) FROM mart_pm_bonus").iloc[0, 0]
    return "quarter" if quarterly else "year"


def non_effective(ctx: PageContext) -> Section:
    df = with_period(measures.non_effective_inventory(ctx.con, period=bonus_period(ctx)))
    df = (df[df["period"].isin(ctx.periods)].sort_values(["period", "excess_value"], ascending=[True, False])
          .groupby("period").head(NON_EFFECTIVE_ROWS))
    L = ctx.labels
    return TableSection("", "", note=f"{L('bonus_period_note')} {L('company_note')}", rows=df, period_col="period",
                        period_mode="eq",
                        columns=[Column("product_name", L("product_col")), Column("category", L("category")),
                                 Column("company_stock_last_two_months", L("avg_stock_last_two_months"), "money"),
                                 Column("avg_monthly_sales", L("avg_monthly_sales"), "money"),
                                 Column("excess_value", L("excess_value"), "money")])


def weeks_of_supply(ctx: PageContext) -> Section:
    df = add_region_names(ctx, measures.channel_weeks_of_supply(ctx.con)).rename(columns={"distributor_name": "name"})

    def make(part: pd.DataFrame):
        part = part.dropna(subset=["weeks_of_supply"])
        return figures.weeks_of_supply_chart(part, lang=ctx.lang, colours=ctx.colours) if not part.empty else None

    return FigureSection("", "", note=snapshot_note(ctx), variants=region_variants(ctx, df, make),
                         by_region="variants")


def sell_in_out(ctx: PageContext) -> Section:
    df = measures.sell_in_sell_out(ctx.con)

    def make(part: pd.DataFrame):
        monthly = part.groupby("month_start", as_index=False)[["sell_in_qty", "sell_out_qty"]].sum()
        return figures.sell_in_sell_out(monthly, lang=ctx.lang)

    return FigureSection("", "", note=ctx.labels("trend_note"), variants=region_variants(ctx, df, make),
                         by_region="variants", by_period="xrange", wide=True)


BUILDERS = {
    **diversion.BUILDERS,
    "inventory.days_of_inventory": days_of_inventory,
    "inventory.non_effective": non_effective,
    "inventory.weeks_of_supply": weeks_of_supply,
    "inventory.sell_in_out": sell_in_out,
    "inventory.stockout_risk": stockout_section,
}
