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
# # Adding a metric: a SQL model, tried here, then built into the warehouse
#
# Every mart is one SELECT in a file; the build runs them in dependency order, and the file's first comment
# lines become the table's description (what `list_marts` and `describe_mart` show). The recipe:
# 1. write the SELECT, reading the shared fact and int_ models (one definition of each business quantity:
#    `fct_sales_lines` for sales, `int_invoices` for invoices ..., never the raw `stg_` tables);
# 2. try it here with `preview_model` (read-only, nothing is written);
# 3. keep additive parts (counts, amounts) as columns, so `compare_periods` can recompute the ratio for any period;
# 4. save it with `write_model` (set `save_model = True`) and run `salesops build`: the table appears in the
#    warehouse and in the Dagster asset graph.
#
# The example: repeat buyers (复购), customers who bought in a month and in the month before, per region.

# %% tags=["parameters"]
# Parameters: edit them here, or pass them with papermill (`papermill in.py out.ipynb -p region R02`).
as_of = None  # None = the warehouse's as-of date, or an earlier date such as "2026-06-30"
region = "all"  # "all" or a region id of dim_region, e.g. "R02"
period = "month"  # month | quarter | year (to as-of) | "2026-08" | "2026-Q3" | "2026" | "2026-03-01..2026-08-31"
lang = "en"  # "en" or "zh": chart words and region names
save_model = False  # True writes the model file (never overwrites one); then run `salesops build`
model_name = "mart_repeat_buyers_region_month"

# %%
from pipelines.analyst import (
    compare_periods,
    describe_mart,
    figures,
    list_marts,
    model_path,
    open_workbench,
    preview_model,
    write_model,
)

wb = open_workbench(as_of, region, period, lang)
print(wb.summary())
list_marts(wb.con, kind="fact")

# %% [markdown]
# ## 1-2. The SELECT, tried on the published warehouse

# %%
DESCRIPTION = """Repeat buyers (复购) per region and month: customers who bought in the month and in the month before.
repeat_share = repeat_customers / buying_customers; compare periods with the parts, not the share."""
SQL = """
WITH bought AS (
    SELECT DISTINCT region_id, customer_id, month_start FROM fct_sales_lines
)
SELECT b.region_id, b.month_start,
       count(*) AS buying_customers,
       count(p.customer_id) AS repeat_customers,
       count(p.customer_id) / count(*) AS repeat_share
FROM bought b
LEFT JOIN bought p
    ON p.customer_id = b.customer_id AND p.region_id = b.region_id
   AND p.month_start = CAST(b.month_start - INTERVAL 1 MONTH AS DATE)
GROUP BY ALL
ORDER BY b.region_id, b.month_start
"""
preview = wb.select(preview_model(wb.con, SQL))
print(f"{len(preview)} rows for {wb.region_label}")
preview.tail(8)

# %%
if preview.empty:
    print(f"no sales for {wb.region_label} up to {wb.as_of}")
else:
    figures.region_lines(preview, "repeat_share", lang=lang, colours=wb.colours, kind="pct",
                         title=f"Repeat buyers / 复购: {wb.region_label}").show()
    in_period = wb.in_period(preview)
    parts = in_period[["buying_customers", "repeat_customers"]].sum()
    print(f"{wb.period}: {parts['repeat_customers']:.0f} of {parts['buying_customers']:.0f} customer-months were "
          f"repeat purchases ({parts['repeat_customers'] / max(parts['buying_customers'], 1):.1%}: "
          "the ratio of the sums)")

# %% [markdown]
# ## 3-4. Save it as a model, build, and see it in the warehouse

# %%
print(f"the model file: {model_path(model_name)}")
if save_model:
    print("written:", write_model(model_name, SQL, DESCRIPTION))
    print("now run `salesops build` (or materialize it in the Dagster UI), then re-run this notebook")

# %%
BUILT = model_name in set(list_marts(wb.con)["table"])
if not BUILT:
    print(f"{model_name} is not in this warehouse yet: set save_model = True, run this notebook, then "
          "`salesops build`; list_marts(wb.con) will then list it with the description above")
describe_mart(wb.con, model_name) if BUILT else None

# %%
# Built: compare any two periods on it, the share recomputed from its parts.
comparison = compare_periods(wb.con, model_name, wb.period, wb.period.last_year(), by=["region_id"],
                             metrics=["buying_customers", "repeat_customers"],
                             ratios={"repeat_share": ("repeat_customers", "buying_customers")},
                             region=wb.region) if BUILT else None
comparison

# %%
wb.close()
