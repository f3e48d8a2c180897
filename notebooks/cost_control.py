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
# # Cost-control deep dive
#
# Where the money goes (市场费用 / 人员费用), budget against actual (费用超支), spend that skipped the approval
# line (无审批 / 一笔签) and the expense ratio, with the Cost-control dashboard's figure functions.
# Set `SALESOPS_WAREHOUSE` to read another warehouse (default `data/marts/warehouse.duckdb`).

# %%
import os

from pipelines.dashboards.context import PageContext
from pipelines.dashboards.figures.costs import approval_breakdown, budget_vs_actual, expense_structure
from pipelines.dashboards.figures.trends import region_lines
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.pages.common import add_region_names, with_period, year_to_date
from pipelines.dashboards.pages.costs import rolling_ratio
from pipelines.warehouse.readonly import open_warehouse

con = open_warehouse()
ctx = PageContext(con, Labels(os.environ.get("SALESOPS_LANG", "en")))
HAS_EXPENSES = ctx.available("fct_expenses")
print(f"as of {ctx.as_of}; expenses delivered: {HAS_EXPENSES}; latest period: {ctx.period}")

# %% [markdown]
# ## Expense structure, year to date

# %%
expenses = with_period(ctx.query("expenses_region_month_category")) if HAS_EXPENSES else None
if expenses is not None and ctx.period:
    fig = expense_structure(year_to_date(expenses, ctx.period), ctx.labels, title=ctx.labels("costs.structure"))
    fig.show()
else:
    print("no expenses in this warehouse (the expenses source was not delivered)")

# %% [markdown]
# ## Budget against actual by region, year to date, and the worst overruns

# %%
if ctx.available("mart_budget_variance_month") and ctx.period:
    variance = add_region_names(ctx, with_period(ctx.query("budget_variance_month")))
    ytd = year_to_date(variance, ctx.period).groupby("region_name", as_index=False)[
        ["budget_amount", "actual_amount"]].sum(min_count=1)
    fig = budget_vs_actual(ytd.rename(columns={"region_name": "name", "budget_amount": "budget",
                                               "actual_amount": "actual"}), ctx.labels,
                           title=ctx.labels("costs.budget_vs_actual"))
    overruns = variance[variance["is_overrun"].fillna(False).astype(bool)]
    print(overruns.nlargest(10, "variance")[["period", "region_name", "category", "budget_amount",
                                             "actual_amount", "variance_pct"]].to_string(index=False))
    fig.show()
else:
    print("mart_budget_variance_month is missing or empty: build the metrics marts")

# %% [markdown]
# ## Approvals: who spends without the line's signature?

# %%
if HAS_EXPENSES and ctx.period:
    approvals = add_region_names(ctx, with_period(ctx.query("expenses_approval")))
    ytd = year_to_date(approvals, ctx.period)
    fig = approval_breakdown(ytd.rename(columns={"region_name": "name"}), ctx.labels,
                             title=ctx.labels("costs.approvals"))
    fig.show()

# %% [markdown]
# ## Expense ratio (expenses / sales, trailing three months) by region

# %%
if ctx.available("mart_expense_ratios_region_month"):
    ratios = rolling_ratio(ctx.query("expense_ratios_region_month"), ["region_id"]).dropna(subset=["ratio"])
    fig = region_lines(add_region_names(ctx, ratios), "ratio", ctx.labels, ctx.colours, kind="pct",
                       title=ctx.labels("costs.expense_ratio"))
    fig.show()
else:
    print("mart_expense_ratios_region_month is missing or empty")

# %%
con.close()
