"""Collections and receivables: collection-rate trend, aging, DSO trend, overdue watchlist by rep."""

from __future__ import annotations

from pipelines.analyst import figures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.pages.common import add_region_names
from pipelines.dashboards.pages.overview import kpi_section
from pipelines.dashboards.pages.receivables import aging_section, dso_section, overdue_section
from pipelines.dashboards.sections import FigureSection, Section


def rate_trend(ctx: PageContext) -> Section:
    """The collection rate (collected / invoiced) per region; the company line from mart_collections_company_month
    (the same formula over the whole company, macros/collection_kpis.sql)."""
    df = ctx.query("collections_region_month").dropna(subset=["collection_rate"])
    fig = figures.region_lines(add_region_names(ctx, df), "collection_rate", lang=ctx.lang, colours=ctx.colours,
                               kind="pct", total=ctx.query("collections_company_month"))
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
