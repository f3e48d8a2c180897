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
# # Sales and collections
#
# Sales (sell-in), collections (回款), receivables and DSO for one region or all, in the period you choose,
# with the dashboards' own figure functions. Everything comes from `pipelines.analyst` (docs/analyst_api.md);
# the warehouse is opened **read-only**, so the nightly build can publish a new one while this runs.

# %% tags=["parameters"]
# Parameters: edit them here, or pass them with papermill (`papermill in.py out.ipynb -p region R02`).
as_of = None  # None = the warehouse's as-of date, or an earlier date such as "2026-06-30"
region = "all"  # "all" or a region id of dim_region, e.g. "R02"
period = "month"  # month | quarter | year (to as-of) | "2026-08" | "2026-Q3" | "2026" | "2026-03-01..2026-08-31"
lang = "en"  # "en" or "zh": chart words and region names

# %%
import pandas as pd

from pipelines.analyst import compare_periods, figures, label, open_workbench

wb = open_workbench(as_of, region, period, lang)
print(wb.summary())

# %% [markdown]
# ## Monthly sales and collections, with last year's sales

# %%
monthly = wb.table("mart_sales_region_month")
trend = monthly.groupby("month_start", as_index=False)[["sales_amount", "collected_amount"]].sum()
trend["month_start"] = pd.to_datetime(trend["month_start"])
last_year = trend[["month_start", "sales_amount"]].rename(columns={"sales_amount": "ly_sales_amount"})
last_year["month_start"] += pd.DateOffset(years=1)
trend = trend.merge(last_year, on="month_start", how="left")
if trend.empty:
    print(f"no sales for {wb.region_label} up to {wb.as_of}")
else:
    figures.sales_collections_trend(trend, lang=lang,
                                    title=f"{label('overview.sales_trend', lang)}: {wb.region_label}").show()

# %% [markdown]
# ## Sales by region (one colour per region, as on every dashboard page)

# %%
by_region = wb.table("mart_sales_region_month", all_regions=wb.region is None)
figures.region_lines(by_region, "sales_amount", lang=lang, colours=wb.colours,
                     title=label("overview.region_sales", lang)).show()

# %% [markdown]
# ## The chosen period against the same period last year (同比), per region

# %%
yoy = compare_periods(wb.con, "mart_sales_region_month", wb.period, wb.period.last_year(), by=["region_id"],
                      metrics=["sales_amount", "collected_amount"], region=wb.region)
yoy.assign(region=yoy["region_id"].map(wb.region_names))[
    ["region", "metric", "period_a", "value_a", "period_b", "value_b", "change_pct"]].round(3)

# %% [markdown]
# ## Collection rate and DSO by region

# %%
if wb.has("mart_collections_region_month"):
    collections = wb.table("mart_collections_region_month").dropna(subset=["dso"])
    figures.region_lines(collections, "dso", lang=lang, colours=wb.colours, kind="days",
                         title=label("collections.dso_trend", lang), y_title=label("dso", lang)).show()
    print(wb.in_period(collections).groupby("region_name")[["collection_rate", "dso"]].mean().round(3))
else:
    print("mart_collections_region_month is empty: the collections source was not delivered")

# %% [markdown]
# ## Receivables aging (账龄) at the as-of date, by region

# %%
if wb.has("mart_receivables_aging"):
    buckets = {"aged_0_30": "0-30", "aged_31_60": "31-60", "aged_61_90": "61-90", "aged_91_180": "91-180",
               "aged_over_180": "over 180"}
    aging = wb.table("mart_receivables_aging")
    long = aging.melt(id_vars=["region_name"], value_vars=list(buckets), var_name="col", value_name="amount")
    long = long.assign(name=long["region_name"], bucket=long["col"].map(buckets),
                       bucket_order=long["col"].map({c: i for i, c in enumerate(buckets)}))
    figures.aging_chart(long, lang=lang, title=label("collections.aging", lang)).show()
else:
    print("mart_receivables_aging is empty: no receivables to age")

# %% [markdown]
# ## The biggest overdue customers

# %%
if wb.has("mart_collections_overdue_watchlist"):
    overdue = wb.table("mart_collections_overdue_watchlist").nlargest(15, "overdue_amount")
    print(overdue[["region_name", "rep_name", "customer_name", "overdue_amount", "max_days_overdue",
                   "priority"]].to_string(index=False))
else:
    print("nothing overdue, or the collections source was not delivered")

# %%
wb.close()
