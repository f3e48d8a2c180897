"""Collections and receivables: collection-rate trend, aging, DSO trend, overdue watchlist by rep."""

from __future__ import annotations

from pipelines.dashboards.context import PageContext
from pipelines.dashboards.figures.trends import region_lines
from pipelines.dashboards.pages.common import add_region_names
from pipelines.dashboards.pages.overview import kpi_section
from pipelines.dashboards.pages.receivables import aging_section, dso_section, overdue_section
from pipelines.dashboards.sections import FigureSection, Section


def rate_trend(ctx: PageContext) -> Section:
    """mart_collections_region_month's collection rate (collected / invoiced) per region; the company line is
    the same ratio of the summed amounts."""
    df = ctx.query("collections_region_month")
    total = df.groupby("month_start", as_index=False)[["invoiced_amount", "collected_amount"]].sum()
    total["collection_rate"] = total["collected_amount"] / total["invoiced_amount"].where(total["invoiced_amount"] > 0)
    df = df.dropna(subset=["collection_rate"])
    fig = region_lines(add_region_names(ctx, df), "collection_rate", ctx.labels, ctx.colours, kind="pct",
                       total=total)
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
