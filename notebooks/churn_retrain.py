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
# # Retraining the churn model on another horizon, and reading its card
#
# The nightly model predicts "no purchase in the next 90 days" (`SALESOPS_CHURN_HORIZON_DAYS`). A sales manager
# planning a quarter may want 60 days, a key-account team 180. `retrain_churn` runs the same backtest and fit as
# the weekly job for another horizon and saves the model **in a scratch folder** (the published `models/`
# belongs to the nightly run). The card says what it predicts, on which snapshots it was trained, and how it
# did on a time-based backtest against two transparent baselines (recency rule, BG/NBD). A longer horizon
# needs more history: with too little, the result says so instead of fitting.

# %% tags=["parameters"]
# Parameters: edit them here, or pass them with papermill (`papermill in.py out.ipynb -p region R02`).
as_of = None  # None = the warehouse's as-of date, or an earlier date such as "2026-06-30"
region = "all"  # "all" or a region id of dim_region, e.g. "R02"
period = "month"  # month | quarter | year (to as-of) | "2026-08" | "2026-Q3" | "2026" | "2026-03-01..2026-08-31"
lang = "en"  # "en" or "zh": chart words and region names
horizon_days = 60  # the churn horizon to try

# %%
import tempfile

import pandas as pd

from pipelines.analyst import (
    card_table,
    figures,
    label,
    load_churn_model,
    open_workbench,
    read_model_card,
    retrain_churn,
)

wb = open_workbench(as_of, region, period, lang)
print(wb.summary())
published = read_model_card("churn", wb.settings.models_dir)
print("published model:", f"horizon {published['horizon_days']} days, data up to {published['as_of']}" if published
      else "none yet")

# %% [markdown]
# ## Retrain for the new horizon (a minute at most on the sample)

# %%
scratch = tempfile.mkdtemp(prefix="churn-horizon-")
result = retrain_churn(wb.con, horizon_days, scratch)
print(result.status, "-", result.message)
card = result.card

# %% [markdown]
# ## Reading the card: what it predicts, the training window, the backtest against the baselines

# %%
BACKTESTED = card is not None and bool(card.get("backtest"))
if card is None:
    print("no new model: the reason is above")
else:
    print(card["predicts"])
    champion = card.get("champion") or {}
    print(f"champion: {champion.get('scorer')} - {card.get('fallback') or champion.get('reason')}")
if BACKTESTED:
    window = card["training_window"]
    print(f"fitted on {len(window['fit_snapshots'])} snapshots ({window['first_snapshot']} ..), calibrated on "
          f"{len(window['calibration_snapshots'])} up to {window['last_snapshot']}; "
          f"{window['n_fit_rows']:,} + {window['n_calibration_rows']:,} rows; "
          f"event rate {window['fit_event_rate']:.1%}")
    print(card["backtest"]["design"])
    overall = card_table(card, "overall").drop(columns="model").set_index("scorer")
    if published is not None:
        before = card_table(published, "overall").drop(columns="model").set_index("scorer")
        overall = pd.concat({f"{horizon_days} days": overall, f"{published['horizon_days']} days": before}, axis=1)
    print(overall.round(3).to_string())

# %%
if BACKTESTED:
    figures.calibration_chart(card_table(card, "calibration_curve"), lang=lang,
                              title=f"{label('risk.calibration', lang)}: {horizon_days} days").show()
    figures.lift_chart(card_table(card, "lift_by_decile"), lang=lang,
                       title=f"{label('risk.lift', lang)}: {horizon_days} days").show()

# %% [markdown]
# ## The full card (Markdown, as saved beside the model)

# %%
if card is not None:
    print(card["markdown"].split("Per snapshot")[0])

# %% [markdown]
# ## The region's customers under both horizons

# %%
new_model = load_churn_model(wb.con, result.models_dir) if card is not None else None
old_model = load_churn_model(wb.con, wb.settings.models_dir) if published is not None else None
if new_model is None or old_model is None:
    print("needs both the published and the retrained model")
else:
    customers = wb.table("dim_customer")["customer_id"]
    both = old_model.score(customers)[["customer_id", "customer_name", "probability", "status"]].merge(
        new_model.score(customers)[["customer_id", "probability"]], on="customer_id", suffixes=("_old", "_new"))
    both = both[both["status"] == "scored"].rename(columns={
        "probability_old": f"p_{published['horizon_days']}d", "probability_new": f"p_{horizon_days}d"})
    print(f"{len(both)} customers of {wb.region_label} scored by both models")
    top = both.drop(columns="status").sort_values(f"p_{horizon_days}d", ascending=False).head(10)
    print(top.to_string(index=False))

# %%
wb.close()
