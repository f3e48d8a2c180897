"""Cost-control sections on the metrics marts: budget against actual, overruns (费用超支)."""

from __future__ import annotations

import pandas as pd

from pipelines.analyst import figures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.pages.common import add_region_names, month_frames, region_period_variants, with_period
from pipelines.dashboards.sections import (
    ALL_REGIONS,
    Column,
    FigureSection,
    NoDataSection,
    Section,
    SumRule,
    TableSection,
)
from pipelines.dashboards.theme import ACTUAL, BAD


def _variance(ctx: PageContext) -> pd.DataFrame:
    return add_region_names(ctx, with_period(ctx.query("budget_variance_month")))


def budget_vs_actual_section(ctx: PageContext) -> Section:
    df = _variance(ctx)
    if df["budget_amount"].isna().all():
        # Expenses alone fill the mart; without budgets there is nothing to compare against.
        return NoDataSection("", "", missing=["stg_budgets"])
    L = ctx.labels
    df["category"] = df["category"].map(lambda c: L.value("category", c))

    def make(part: pd.DataFrame, region: str, period: str):
        # All regions: one row per region; one region: one row per expense category.
        key = "region_name" if region == ALL_REGIONS else "category"
        frame = (part.groupby(key, as_index=False)[["budget_amount", "actual_amount"]].sum(min_count=1)
                 .rename(columns={key: "name", "budget_amount": "budget", "actual_amount": "actual"}))
        return figures.budget_vs_actual(frame, lang=L.lang)

    return FigureSection("", "", note=f"{L('selection_note')} {L('drill_categories')}",
                         variants=region_period_variants(ctx, month_frames(ctx, df), make), by_region="variants",
                         by_period="sum", sum_rule=SumRule("x", "asc", over=(L("actual"), L("budget"), BAD, ACTUAL),
                                                           row_px=36))


def overruns_section(ctx: PageContext) -> Section:
    df = _variance(ctx)
    L = ctx.labels
    over = df[df["is_overrun"].fillna(False).astype(bool) & df["period"].isin(ctx.periods)]
    over = over.sort_values("variance", ascending=False).assign(
        category=lambda d: d["category"].map(lambda c: L.value("category", c)))
    return TableSection("", "", note=L("month_note"), rows=over, region_col="region_id", period_col="period",
                        period_mode="eq",
                        columns=[Column("region_id", L("region"), "region"), Column("category", L("category")),
                                 Column("budget_amount", L("budget"), "money"),
                                 Column("actual_amount", L("actual"), "money"),
                                 Column("variance", L("overrun_amount"), "money"),
                                 Column("variance_pct", L("overrun_pct"), "pct")])
