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
# # Churn warning (流失预警): scores, model quality and why one customer scores high
#
# The nightly churn scores (`risk_customer_churn`) for the chosen region, the saved model's quality from its
# card (`models/churn/`), and the drivers of one valuable customer's score. Scores are a snapshot at the
# build's as-of date: the period parameter does not apply to them. Without a model the notebook says so.
# Retraining for another horizon: `churn_retrain.py`; a rep's visit plan as a what-if: `visit_plan_what_if.py`.

# %% tags=["parameters"]
# Parameters: edit them here, or pass them with papermill (`papermill in.py out.ipynb -p region R02`).
as_of = None  # None = the warehouse's as-of date, or an earlier date such as "2026-06-30"
region = "all"  # "all" or a region id of dim_region, e.g. "R02"
period = "month"  # month | quarter | year (to as-of) | "2026-08" | "2026-Q3" | "2026" | "2026-03-01..2026-08-31"
lang = "en"  # "en" or "zh": chart words and region names

# %%
import pandas as pd

from pipelines.analyst import card_table, figures, label, load_churn_model, open_workbench, read_model_card

wb = open_workbench(as_of, region, period, lang)
print(wb.summary())
card = read_model_card("churn", wb.settings.models_dir)
HAS_SCORES = wb.has("risk_customer_churn")
print(f"churn scores in the warehouse: {HAS_SCORES}; churn model card: {card is not None}")
if card is None or not HAS_SCORES:
    print("No churn model or scores in this build yet: the nightly run trains the model when there is enough "
          "sales history (see docs/risk_models.md). The cells below skip what they cannot show.")

# %% [markdown]
# ## Risk bands and the watchlist

# %%
scores = wb.table("risk_customer_churn") if HAS_SCORES else pd.DataFrame()
if not scores.empty:
    bands = scores.groupby("risk_band", as_index=False).agg(count=("customer_id", "size"),
                                                            value=("sales_last_365_days", "sum"))
    figures.risk_band_chart(bands.rename(columns={"risk_band": "band"}), lang=lang,
                            title=f"{label('risk.churn_bands', lang)}: {wb.region_label}").show()
elif HAS_SCORES:
    print(f"no scored customers in {wb.region_label}")

# %%
watchlist = scores.nlargest(10, "probability") if not scores.empty else scores
watchlist.reindex(columns=["customer_name", "region_name", "rep_id", "probability", "risk_band", "driver_1",
                           "scored_by"])

# %% [markdown]
# ## Model quality from the card: backtest against the baselines, calibration, lift

# %%
if card is not None:
    print(f"predicts: {card['predicts']}; trained on data up to {card['as_of']}; horizon {card['horizon_days']} days")
    champion = card.get("champion") or {}
    print(f"scores come from: {champion.get('scorer', 'model')} ({card.get('fallback') or champion.get('reason')})")
    if card.get("backtest"):
        print(card_table(card, "overall").drop(columns="model").round(3).to_string(index=False))
    calibration = card_table(card, "calibration_curve")
    if not calibration.empty:
        figures.calibration_chart(calibration, lang=lang, title=label("risk.calibration", lang)).show()
    lift = card_table(card, "lift_by_decile")
    if not lift.empty:
        figures.lift_chart(lift, lang=lang, title=label("risk.lift", lang)).show()

# %% [markdown]
# ## Why one valuable customer scores high
# A driver group's push is how much the supervised model's probability moves when the group's features are set
# to their typical training values (how `risk_customer_churn.driver_*` are found when the model is the champion).
# When a baseline won the backtest, the table's probabilities are the baseline's; the model still explains.

# %%
churn = load_churn_model(wb.con, wb.settings.models_dir, scorer="model") if card is not None else None
if churn is None or scores.empty:
    print("no supervised churn model file or no scored customers here: nothing to explain"
          + (f" ({card.get('fallback')})" if card is not None and card.get("fallback") else ""))
else:
    # The most valuable of the likely but not yet lost churners (else simply the riskiest).
    likely = scores[scores["probability"].between(0.5, 0.95)]
    pick = (likely if not likely.empty else scores).sort_values(["sales_last_365_days", "probability"]).iloc[-1]
    drivers = churn.explain(pick["customer_id"])
    own = churn.score([pick["customer_id"]])["probability"].iloc[0]
    print(f"{pick['customer_name']} ({pick['customer_id']}): churn probability {pick['probability']:.1%} "
          f"({pick.get('scored_by', 'model')}); the supervised model says {own:.1%}")
    for row in drivers.head(5).itertuples():
        print(f"  {row.contribution:+.3f}  {row.driver:<10} {row.sentence}")
    figures.drivers_chart(drivers, lang=lang, title=f"{label('drivers', lang)}: {pick['customer_name']}").show()

# %%
wb.close()
