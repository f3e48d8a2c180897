"""Monthly targets for the overview cards and trends, from the metrics marts when they exist."""

from __future__ import annotations

import pandas as pd

from pipelines.dashboards import registry
from pipelines.dashboards.context import PageContext

# Target metrics (metrics issue) -> the overview's column names.
METRIC_COLUMNS = {"sales": "sales_amount", "collections": "collected_amount"}


def monthly_targets(ctx: PageContext) -> pd.DataFrame | None:
    """region_id, month_start, metric (sales_amount / collected_amount), target; None without target data."""
    if not ctx.available(registry.TARGETS_MONTH):
        return None
    df = ctx.query("targets_region_month")
    return df.assign(metric=df["metric"].map(METRIC_COLUMNS))
