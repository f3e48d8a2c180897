"""Collections and receivables: collection-rate trend, aging, DSO trend, overdue watchlist by rep."""

from __future__ import annotations

from pipelines.dashboards.context import PageContext
from pipelines.dashboards.figures.trends import region_lines
from pipelines.dashboards.pages.common import add_region_names
from pipelines.dashboards.pages.overview import kpi_section
from pipelines.dashboards.pages.receivables import aging_section, dso_section, overdue_section
from pipelines.dashboards.sections import FigureSection, Section


def rate_trend(ctx: PageContext) -> Section:
    df = ctx.query("sales_region_month")
    total = df.groupby("month_start", as_index=False)[["sales_amount", "collected_amount"]].sum()
    total["rate"] = total["collected_amount"] / total["sales_amount"].where(total["sales_amount"] > 0)
    df = df[df["sales_amount"] > 0].assign(rate=lambda d: d["collected_amount"] / d["sales_amount"])
    fig = region_lines(add_region_names(ctx, df), "rate", ctx.labels, ctx.colours, kind="pct", total=total)
    return FigureSection("", "", note=ctx.labels("trend_note"), figure=fig, by_region="traces", by_period="xrange")


def kpis(ctx: PageContext) -> Section:
    return kpi_section(ctx, ["collected_amount", "sales_amount"])


BUILDERS = {
    "collections.kpis": kpis,
    "collections.rate_trend": rate_trend,
    "collections.aging": aging_section,
    "collections.dso_trend": dso_section,
    "collections.overdue_watchlist": overdue_section,
}
