"""Sales against target per region and period: the one source of the overview's cards and the targets page.

Actual sales are the region's invoiced sales (mart_sales_region_month, the customer's region, every rep);
targets are the region's monthly targets (mart_targets_rep_month, including target cells no rep carries),
counted as "due to date" in the as-of month (pipelines.metrics.targets.due_share). So the year to date at the
as-of month equals the region level of mart_target_attainment, and the company figure is the sum of regions.
"""

from __future__ import annotations

import pandas as pd

from pipelines.dashboards import registry
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.kpis import kpi_records
from pipelines.metrics.targets import due_share

# Target metrics (metrics issue) -> the overview's column names.
METRIC_COLUMNS = {"sales": "sales_amount", "collections": "collected_amount"}


def monthly_targets(ctx: PageContext, *, due_to_date: bool = False) -> pd.DataFrame | None:
    """region_id, month_start, metric (sales_amount / collected_amount), target; None without target data.

    due_to_date: the as-of month's target only in the share due by the as-of date and later months' as zero
    (what attainment compares with); otherwise whole months (what a trend line draws).
    """
    if not ctx.available(registry.TARGETS_MONTH):
        return None
    df = ctx.query("targets_region_month")
    df = df.assign(metric=df["metric"].map(METRIC_COLUMNS))
    if due_to_date and ctx.as_of is not None and not df.empty:
        df = df.assign(target=df["target"] * due_share(df["month_start"], ctx.as_of).to_numpy())
    return df


def sales_target_records(ctx: PageContext) -> pd.DataFrame:
    """kpi_records of sales against the sales target due to date, per region (and all regions) and period."""
    sales = ctx.query("sales_region_month")[["region_id", "month_start", "sales_amount"]]
    return kpi_records(sales, ["sales_amount"], ctx.periods, monthly_targets(ctx, due_to_date=True))
