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
# # Comparing any two periods (同比 / 环比) and regions
#
# `compare_periods` puts period A against period B on any monthly mart: additive columns are summed over each
# period, ratios are recomputed from the sums (never an average of monthly ratios), and periods of different
# length are also compared per month. A period is written the way you say it: `"2026-08"`, `"2026-Q3"`,
# `"2026"`, `"2026-03-01..2026-08-31"`, or `"month"` / `"quarter"` / `"year"` up to the as-of date.
# 同比 is `p.last_year()`, 环比 is `p.previous()`.

# %% tags=["parameters"]
# Parameters: edit them here, or pass them with papermill (`papermill in.py out.ipynb -p region R02`).
as_of = None  # None = the warehouse's as-of date, or an earlier date such as "2026-06-30"
region = "all"  # "all" or a region id of dim_region, e.g. "R02"
period = "month"  # month | quarter | year (to as-of) | "2026-08" | "2026-Q3" | "2026" | "2026-03-01..2026-08-31"
lang = "en"  # "en" or "zh": chart words and region names
compare_with = "last_year"  # "last_year" (同比), "previous" (环比) or any period, e.g. "2025-Q3"
table = "mart_sales_region_month"  # any monthly mart with month_start; list_marts(wb.con) shows them

# %%
from pipelines.analyst import compare_periods, describe_mart, figures, open_workbench, parse_period

wb = open_workbench(as_of, region, period, lang)
print(wb.summary())
A = wb.period
B = {"last_year": A.last_year(), "previous": A.previous()}.get(compare_with) or parse_period(compare_with, wb.as_of)
print(f"A = {A} ({A.start} to {A.end}, {A.months} months); B = {B} ({B.start} to {B.end}, {B.months} months)")
describe_mart(wb.con, table)

# %% [markdown]
# ## A against B per region: sums, and two ratios recomputed from the sums

# %%
RATIOS = {"margin_rate": ("gross_margin", "sales_amount"), "collection_ratio": ("collected_amount", "sales_amount")}
columns = set(describe_mart(wb.con, table).columns["column"])
ratios = {k: v for k, v in RATIOS.items() if set(v) <= columns}
by = ["region_id"] if "region_id" in columns else []
result = compare_periods(wb.con, table, A, B, by=by, ratios=ratios, region=wb.region)
if by:
    result = result.assign(region=result["region_id"].map(wb.region_names))
result[[*(["region"] if by else []), "metric", "value_a", "value_b", "change", "change_pct"]].round(3)

# %% [markdown]
# ## 同比 and 环比 side by side: the period, the one before and the same period last year, per region

# %%
METRIC = "sales_amount" if "sales_amount" in columns else result["metric"].iloc[0]
previous = compare_periods(wb.con, table, A, A.previous(), by=by, metrics=[METRIC], region=wb.region)
last_year = compare_periods(wb.con, table, A, A.last_year(), by=by, metrics=[METRIC], region=wb.region)
side = previous[[*by, "value_a", "value_b"]].rename(columns={"value_a": "current", "value_b": "previous"})
side["last_year"] = last_year["value_b"].to_numpy()
side["category"] = side["region_id"].map(wb.region_names) if by else METRIC
print(f"{METRIC}: {A} against {A.previous()} (环比) and {A.last_year()} (同比)")
figures.period_comparison(side, lang=lang, title=wb.title("costs.period_comparison")).show()

# %% [markdown]
# ## Periods of different length: the last five complete months against the six before them
# Totals favour the longer period; `per_month_change_pct` compares the monthly pace.

# %%
last_full = min(A.last, wb.last_complete_month)
recent = parse_period((str(last_full - 4), str(last_full)))
earlier = parse_period((str(last_full - 10), str(last_full - 5)))
pace = compare_periods(wb.con, table, recent, earlier, by=by, metrics=[METRIC], region=wb.region)
print(f"{recent} ({recent.months} months) against {earlier} ({earlier.months} months)")
if by:
    pace = pace.assign(region=pace["region_id"].map(wb.region_names))
pace[[*(["region"] if by else []), "value_a", "value_b", "change_pct", "per_month_a", "per_month_b",
      "per_month_change_pct"]].round(3)

# %% [markdown]
# ## One region against the company: its share of the total in A and in B

# %%
everyone = compare_periods(wb.con, table, A, B, by=by, metrics=[METRIC])
if by and not everyone.empty:
    share = everyone.assign(share_a=everyone["value_a"] / everyone["value_a"].sum(),
                            share_b=everyone["value_b"] / everyone["value_b"].sum(),
                            region=everyone["region_id"].map(wb.region_names))
    if wb.region is not None:
        share = share[share["region_id"] == wb.region]
    print(share[["region", "value_a", "share_a", "value_b", "share_b"]].round(3).to_string(index=False))

# %%
wb.close()
