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
# # Cost control
#
# Where the money goes (市场费用 / 人员费用), budget against actual (费用超支), spend that skipped the approval
# line (无审批 / 一笔签), the expense ratio and the period against the one before and last year, for the
# region and period you choose. The dashboards' figure functions, through `pipelines.analyst`.

# %% tags=["parameters"]
# Parameters: edit them here, or pass them with papermill (`papermill in.py out.ipynb -p region R02`).
as_of = None  # None = the warehouse's as-of date, or an earlier date such as "2026-06-30"
region = "all"  # "all" or a region id of dim_region, e.g. "R02"
period = "month"  # month | quarter | year (to as-of) | "2026-08" | "2026-Q3" | "2026" | "2026-03-01..2026-08-31"
lang = "en"  # "en" or "zh": chart words and region names

# %%
from pipelines.analyst import compare_periods, figures, measures, open_workbench

wb = open_workbench(as_of, region, period, lang)
print(wb.summary())
HAS_EXPENSES = wb.has("fct_expenses")
if not HAS_EXPENSES:
    print("no expenses in this warehouse (the expenses source was not delivered): the cells below say so")

# %% [markdown]
# ## Expense structure in the period

# %%
spend = wb.in_period(wb.table("mart_expense_month")) if HAS_EXPENSES else None
if spend is not None and not spend.empty:
    structure = spend.groupby(["category", "expense_group"], as_index=False)["expense_amount"].sum()
    figures.expense_structure(structure.rename(columns={"expense_amount": "amount"}), lang=lang,
                              title=wb.title("costs.structure")).show()
else:
    print(f"no expenses for {wb.region_label} in {wb.period}")

# %% [markdown]
# ## Budget against actual by region, and the worst overruns (费用超支)

# %%
variance = wb.in_period(wb.table("mart_budget_variance_month")) if wb.has("mart_budget_variance_month") else None
if variance is not None and not variance.empty:
    totals = variance.groupby("region_name", as_index=False)[["budget_amount", "actual_amount"]].sum(min_count=1)
    figures.budget_vs_actual(totals.rename(columns={"region_name": "name", "budget_amount": "budget",
                                                    "actual_amount": "actual"}),
                             lang=lang, title=wb.title("costs.budget_vs_actual")).show()
    overruns = variance[variance["is_overrun"].fillna(False).astype(bool)]
    print(overruns.nlargest(10, "variance")[["month_start", "region_name", "category", "budget_amount",
                                             "actual_amount", "variance_pct"]].to_string(index=False))
else:
    print(f"no budgets or expenses for {wb.region_label} in {wb.period}")

# %% [markdown]
# ## Approvals: who spends without the line's signature?
# All regions: one bar per region; one region: one bar per rep.

# %%
if HAS_EXPENSES:
    expenses = wb.in_period(wb.table("fct_expenses"))
    who = "region_name" if wb.region is None else "rep_id"
    approvals = expenses.groupby([who, "approval_level"], as_index=False)["amount"].sum()
    if approvals.empty:
        print(f"no expenses for {wb.region_label} in {wb.period}")
    else:
        figures.approval_breakdown(approvals.rename(columns={who: "name"}), lang=lang, top=15,
                                   title=wb.title("costs.approvals")).show()

# %% [markdown]
# ## Expense ratio (expenses / sales, trailing three months) by region

# %%
if wb.has("int_expense_ratios_month"):
    ratios = wb.select(measures.rolling_expense_ratio(wb.con, "region"))
    figures.region_lines(ratios.dropna(subset=["ratio"]), "ratio", lang=lang, colours=wb.colours, kind="pct",
                         title=wb.title("costs.expense_ratio")).show()
else:
    print("int_expense_ratios_month is empty")

# %% [markdown]
# ## The period against the one before (环比) and the same period last year (同比), per category

# %%
if HAS_EXPENSES:
    def by_category(other):
        out = compare_periods(wb.con, "mart_expense_month", wb.period, other, by=["category"],
                              metrics=["expense_amount"], region=wb.region)
        return out.set_index("category")

    before, last_year = by_category(wb.period.previous()), by_category(wb.period.last_year())
    table = before[["value_a", "value_b"]].rename(columns={"value_a": "current", "value_b": "previous"})
    table["last_year"] = last_year["value_b"]
    print(f"{wb.period} against {wb.period.previous()} and {wb.period.last_year()}")
    figures.period_comparison(table.reset_index(), lang=lang, title=wb.title("costs.period_comparison")).show()

# %%
wb.close()
