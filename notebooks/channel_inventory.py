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
# Turnover (货物周转率) and days of inventory, non-effective inventory (非有效库存), distributors' weeks of
# supply and sell-in against sell-out, the shape of channel stuffing (压货). Same queries and figure functions
# as the Inventory-and-channel dashboard. Set `SALESOPS_WAREHOUSE` to read another warehouse.

# %%
import os

from pipelines.dashboards.context import PageContext
from pipelines.dashboards.figures.inventory import days_of_inventory_chart, sell_in_sell_out, weeks_of_supply_chart
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.pages.common import add_region_names, with_period
from pipelines.dashboards.pages.inventory import non_effective_inventory
from pipelines.warehouse.readonly import open_warehouse

con = open_warehouse()
ctx = PageContext(con, Labels(os.environ.get("SALESOPS_LANG", "en")))
print(f"as of {ctx.as_of}; stock counts: {ctx.available('fct_inventory')}, sell-out: {ctx.available('fct_sell_out')}")

# %% [markdown]
# ## Days of inventory and turnover in the company's warehouses, latest month

# %%
stock = with_period(ctx.query("inventory_company_product_month")) if ctx.available("mart_inventory_month") else None
if stock is not None and not stock.empty and ctx.period:
    month = stock[stock["period"] == ctx.period]
    month = month.assign(name=month["product_name"],
                         turnover=month["cogs"] / month["avg_value"].where(month["avg_value"] > 0),
                         days_of_inventory=30 * month["closing_value"] / month["cogs"].where(month["cogs"] > 0))
    fig = days_of_inventory_chart(month, ctx.labels, title=ctx.labels("inventory.days_of_inventory"))
    fig.show()
else:
    print("no company-warehouse stock counts in this warehouse")

# %% [markdown]
# ## Non-effective inventory: stock of the last two months above average monthly sales

# %%
if stock is not None and not stock.empty and ctx.period:
    print(non_effective_inventory(stock, ctx.period).head(15).to_string(index=False))

# %% [markdown]
# ## Sell-in against sell-out, all distributors

# %%
if ctx.available("fct_sell_out"):
    flows = ctx.query("sell_in_sell_out_month")
    fig = sell_in_sell_out(flows.groupby("month_start", as_index=False)[["sell_in_qty", "sell_out_qty"]].sum(),
                           ctx.labels, title=ctx.labels("inventory.sell_in_out"))
    fig.show()
else:
    print("distributors' sell-out reports were not delivered")

# %% [markdown]
# ## Weeks of channel stock per distributor

# %%
if ctx.available("fct_sell_out") and ctx.available("fct_inventory"):
    wos = add_region_names(ctx, ctx.query("channel_weeks_of_supply")).rename(columns={"distributor_name": "name"})
    fig = weeks_of_supply_chart(wos.dropna(subset=["weeks_of_supply"]), ctx.labels, ctx.colours,
                                title=ctx.labels("inventory.weeks_of_supply"))
    fig.show()

# %%
con.close()
