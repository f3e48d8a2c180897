"""Overview: the month and year to date against target and last year, trends, top alerts."""

from __future__ import annotations

import pandas as pd

from pipelines.analyst import figures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.exports import delivered
from pipelines.dashboards.html import export_folder
from pipelines.dashboards.kpis import kpi_records
from pipelines.dashboards.pages import alerts
from pipelines.dashboards.pages.common import add_region_names, region_variants
from pipelines.dashboards.pages.targets_data import monthly_targets
from pipelines.dashboards.sections import Column, FigureSection, KpiSection, Section, TableSection

KPI_METRICS = ["sales_amount", "collected_amount", "gross_margin", "expenses", "profit"]
KPI_LABELS = {"sales_amount": "sales", "collected_amount": "collections", "gross_margin": "gross_margin",
              "expenses": "expenses", "profit": "profit"}


def monthly_pnl(ctx: PageContext) -> pd.DataFrame:
    """Per region and month: sales, collections, margin, expenses (NaN when no expense data) and profit."""
    sales = ctx.query("sales_region_month")
    if ctx.available("fct_expenses"):
        spend = ctx.query("expenses_region_month")
        df = sales.merge(spend, on=["region_id", "month_start"], how="outer")
        for col in ("sales_amount", "collected_amount", "gross_margin", "returns_amount", "expenses"):
            df[col] = df[col].fillna(0.0)
    else:
        df = sales.assign(expenses=float("nan"))
    return df.assign(profit=df["gross_margin"] - df["expenses"])


def kpi_section(ctx: PageContext, metrics: list[str]) -> KpiSection:
    """Month and year-to-date cards of the named metrics (of KPI_METRICS) against target, last year and the
    previous month. Every page's cards come from here, so a figure on two pages is the same figure."""
    df = monthly_pnl(ctx)
    L = ctx.labels
    note = L("ytd_note")
    # No cards of zeros: a card whose export is missing is left out and the note says which export it needs.
    for source, cards in (("collections", ("collected_amount",)), ("expenses", ("expenses", "profit"))):
        left_out = [m for m in metrics if m in cards]
        if left_out and not delivered(ctx, source):
            metrics = [m for m in metrics if m not in cards]
            note += " " + L("cards_need_export", title=L(f"source.{source}"), folder=export_folder(source),
                            cards=", ".join(L(KPI_LABELS[m]) for m in left_out))
    # Every month up to the as-of month, so the page can sum a quarter, the year to date or a custom range and
    # compare it with the range before (环比) and the same range last year (同比).
    months = sorted(m for m in pd.to_datetime(df["month_start"]).dt.strftime("%Y-%m").unique()
                    if not ctx.periods or m <= ctx.periods[-1])
    records = kpi_records(df, metrics, months, monthly_targets(ctx, due_to_date=True))
    return KpiSection("", "", note=note, records=records,
                      metrics=[(m, L(KPI_LABELS[m])) for m in metrics],
                      card_labels={k: L(k) for k in ("month", "quarter", "ytd", "range", "vs_target", "vs_last_year",
                                                     "vs_last_month", "vs_previous_period")},
                      lower_is_better={"expenses"})


def kpis(ctx: PageContext) -> Section:
    return kpi_section(ctx, KPI_METRICS)


def _trend_frame(part: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    monthly = part.groupby("month_start", as_index=False)[["sales_amount", "collected_amount"]].sum()
    monthly["month_start"] = pd.to_datetime(monthly["month_start"])
    ly = monthly[["month_start", "sales_amount"]].assign(
        month_start=lambda d: d["month_start"] + pd.DateOffset(years=1)).rename(
        columns={"sales_amount": "ly_sales_amount"})
    monthly = monthly.merge(ly, on="month_start", how="left")
    if targets is not None and not targets.empty:
        t = targets[targets["metric"] == "sales_amount"].groupby("month_start", as_index=False)["target"].sum()
        t["month_start"] = pd.to_datetime(t["month_start"])
        monthly = monthly.merge(t.rename(columns={"target": "target_amount"}), on="month_start", how="left")
    return monthly


def sales_trend(ctx: PageContext) -> Section:
    df = ctx.query("sales_region_month")
    targets = monthly_targets(ctx)

    def make(part: pd.DataFrame):
        region_targets = None
        if targets is not None and not part.empty:
            region_targets = targets[targets["region_id"].isin(set(part["region_id"]))]
        return figures.sales_collections_trend(_trend_frame(part, region_targets), lang=ctx.lang)

    return FigureSection("", "", note=ctx.labels("trend_note"), variants=region_variants(ctx, df, make),
                         by_region="variants", by_period="xrange")


def region_sales(ctx: PageContext) -> Section:
    df = add_region_names(ctx, ctx.query("sales_region_month"))
    return FigureSection("", "", note=ctx.labels("trend_note"),
                         figure=figures.region_lines(df, "sales_amount", lang=ctx.lang, colours=ctx.colours),
                         by_region="traces", by_period="xrange")


def margin_trend(ctx: PageContext) -> Section:
    df = monthly_pnl(ctx)

    def make(part: pd.DataFrame):
        monthly = part.groupby("month_start", as_index=False)[["gross_margin", "expenses", "profit"]].sum()
        return figures.margin_profit_trend(monthly, lang=ctx.lang)

    return FigureSection("", "", note=ctx.labels("trend_note"), variants=region_variants(ctx, df, make),
                         by_region="variants", by_period="xrange")


def top_alerts(ctx: PageContext) -> Section:
    rows = alerts.collect(ctx)
    L = ctx.labels
    return TableSection("", "", note=alerts.note(ctx), rows=rows, region_col="region_id", limit=15, wide=False,
                        columns=[Column("alert", L("alert_type")), Column("subject", L("subject")),
                                 Column("region_id", L("region"), "region"), Column("value", L("value"), "money"),
                                 Column("detail", L("detail"))])


BUILDERS = {
    "overview.kpis": kpis,
    "overview.sales_trend": sales_trend,
    "overview.region_sales": region_sales,
    "overview.margin_trend": margin_trend,
    "overview.alerts": top_alerts,
}
