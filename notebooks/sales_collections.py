# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Sales and collections exploration
#
# Sales (sell-in), collections (回款), receivables and DSO from the published warehouse, with the same
# figure functions as the Overview and Collections dashboards. The warehouse is opened **read-only**:
# the nightly build can publish a new one while this notebook runs.
#
# Set `SALESOPS_WAREHOUSE` to read another warehouse (default `data/marts/warehouse.duckdb`).

# %%
import os

import pandas as pd

from pipelines.dashboards.context import PageContext
from pipelines.dashboards.figures.collections import aging_chart
from pipelines.dashboards.figures.trends import region_lines, sales_collections_trend
from pipelines.dashboards.kpis import kpi_records
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.pages.common import add_region_names
from pipelines.warehouse.readonly import open_warehouse

LANG = os.environ.get("SALESOPS_LANG", "en")
con = open_warehouse()  # SALESOPS_WAREHOUSE or data/marts/warehouse.duckdb, read-only
ctx = PageContext(con, Labels(LANG))  # the dashboards' queries, labels and region colours
print(f"warehouse as of {ctx.as_of}; regions: {', '.join(ctx.regions['region_name'])}")

# %% [markdown]
# ## Monthly sales and collections, company-wide

# %%
monthly = ctx.query("sales_region_month")
company = monthly.groupby("month_start", as_index=False)[["sales_amount", "collected_amount"]].sum()
company["month_start"] = pd.to_datetime(company["month_start"])
company = company.merge(
    company[["month_start", "sales_amount"]].assign(month_start=lambda d: d["month_start"] + pd.DateOffset(years=1))
    .rename(columns={"sales_amount": "ly_sales_amount"}), on="month_start", how="left")
sales_collections_trend(company, ctx.labels, title=ctx.labels("overview.sales_trend"))

# %% [markdown]
# ## Sales by region (one colour per region, as on every dashboard page)

# %%
region_lines(add_region_names(ctx, monthly), "sales_amount", ctx.labels, ctx.colours,
             title=ctx.labels("overview.region_sales"))

# %% [markdown]
# ## Month and year to date against last year, per region
# The records behind the Overview cards; the last column pair compares with the same period last year (同期).

# %%
records = kpi_records(monthly, ["sales_amount", "collected_amount"], ctx.periods)
latest = records[records["period"] == ctx.period].copy()
latest["ytd_vs_ly"] = latest["ytd"] / latest["ly_ytd"] - 1
latest.assign(region=latest["region"].map(lambda r: ctx.region_names().get(r, ctx.labels("all_regions"))))

# %% [markdown]
# ## Collection rate and DSO by region (metrics marts)

# %%
if ctx.available("mart_collections_region_month"):
    col = add_region_names(ctx, ctx.query("collections_region_month"))
    fig = region_lines(col.dropna(subset=["dso"]), "dso", ctx.labels, ctx.colours, kind="days",
                       title=ctx.labels("collections.dso_trend"), y_title=ctx.labels("dso"))
    fig.show()
else:
    print("mart_collections_region_month is missing or empty: build the metrics marts (salesops build).")

# %% [markdown]
# ## Receivables aging (账龄) by region, and the biggest overdue customers

# %%
if ctx.available("mart_receivables_aging"):
    aging = add_region_names(ctx, ctx.query("receivables_aging_rep"))
    buckets = {"aged_0_30": "0-30", "aged_31_60": "31-60", "aged_61_90": "61-90", "aged_91_180": "91-180",
               "aged_over_180": "over 180"}
    long = aging.melt(id_vars=["region_name"], value_vars=list(buckets), var_name="col", value_name="amount")
    long = long.assign(name=long["region_name"], bucket=long["col"].map(buckets),
                       bucket_order=long["col"].map({c: i for i, c in enumerate(buckets)}))
    fig = aging_chart(long, ctx.labels, title=ctx.labels("collections.aging"))
    fig.show()
else:
    print("mart_receivables_aging is missing or empty: no receivables to age yet.")

# %%
if ctx.available("mart_collections_overdue_watchlist"):
    overdue = ctx.query("overdue_watchlist", {"per_rep": 3})
    display_cols = ["rep_name", "customer_name", "overdue_amount", "max_days_overdue", "priority"]
    print(overdue[display_cols].head(15).to_string(index=False))
else:
    print("mart_collections_overdue_watchlist is missing or empty: nothing overdue, or metrics not built.")

# %%
con.close()
