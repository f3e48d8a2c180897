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
# # Channel and inventory
#
# Turnover (货物周转率) and days of inventory in the company's warehouses, non-effective inventory (非有效库存),
# sell-in against sell-out and distributors' weeks of supply (the shape of channel stuffing, 压货), with the
# Inventory-and-channel dashboard's figure functions through `pipelines.analyst`.

# %% tags=["parameters"]
# Parameters: edit them here, or pass them with papermill (`papermill in.py out.ipynb -p region R02`).
as_of = None  # None = the warehouse's as-of date, or an earlier date such as "2026-06-30"
region = "all"  # "all" or a region id of dim_region, e.g. "R02"
period = "month"  # month | quarter | year (to as-of) | "2026-08" | "2026-Q3" | "2026" | "2026-03-01..2026-08-31"
lang = "en"  # "en" or "zh": chart words and region names

# %%
from pipelines.analyst import figures, measures, open_workbench

wb = open_workbench(as_of, region, period, lang)
print(wb.summary())
print(f"stock counts: {wb.has('fct_inventory')}; distributors' sell-out: {wb.has('fct_sell_out')}")
LAST_MONTH = str(wb.period.last)  # stock is a month-end figure: the period's last month

# %% [markdown]
# ## Days of inventory and turnover in the company's warehouses (the period's last month; no region filter)
# `measures.days_of_inventory` reads `int_days_of_inventory_month`, where both ratios are defined once (month-end
# stock over the month's cost of goods moved out, x 30; that cost over the average stock): the dashboard's numbers.

# %%
if wb.has("int_days_of_inventory_month"):
    month = measures.days_of_inventory(wb.con, LAST_MONTH)
    if month.empty:
        print(f"no stock counts in {LAST_MONTH}")
    else:
        print(month[["product_name", "closing_value", "cogs", "turnover", "days_of_inventory"]]
              .sort_values("days_of_inventory", ascending=False).head(10).round(2).to_string(index=False))
        figures.days_of_inventory_chart(month.assign(name=month["product_name"]), lang=lang,
                                        title=wb.title("inventory.days_of_inventory")).show()
else:
    print("no stock counts in this warehouse (inventory_snapshots not delivered)")

# %% [markdown]
# ## Non-effective inventory: stock of the bonus year's last two months above its average monthly sales
# (year to date at the end of the period's last month, as the product-manager bonus and the dashboard count it)

# %%
if wb.has("int_non_effective_inventory"):
    excess = measures.non_effective_inventory(wb.con, LAST_MONTH)
    print(f"{len(excess)} product(s) with non-effective stock in {LAST_MONTH}")
    print(excess.head(15).round(0).to_string(index=False))

# %% [markdown]
# ## Sell-in against sell-out

# %%
if wb.has("fct_sell_out"):
    flows = wb.select(measures.sell_in_sell_out(wb.con))
    monthly = flows.groupby("month_start", as_index=False)[["sell_in_qty", "sell_out_qty"]].sum()
    figures.sell_in_sell_out(monthly, lang=lang, title=wb.title("inventory.sell_in_out")).show()
else:
    print("distributors' sell-out reports were not delivered")

# %% [markdown]
# ## Weeks of channel stock per distributor (latest count)

# %%
if wb.has("fct_sell_out") and wb.has("fct_inventory"):
    wos = wb.select(measures.channel_weeks_of_supply(wb.con)).rename(columns={"distributor_name": "name"})
    wos = wos.dropna(subset=["weeks_of_supply"])
    if wos.empty:
        print(f"no distributor stock counts with sell-out for {wb.region_label}")
    else:
        figures.weeks_of_supply_chart(wos, lang=lang, colours=wb.colours,
                                      title=wb.title("inventory.weeks_of_supply")).show()

# %%
wb.close()
