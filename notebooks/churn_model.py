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
# # Churn model (流失预警): scores, calibration, drivers and a what-if
#
# Loads the nightly churn scores (`risk_customer_churn`) and the trained model with its card
# (`models/churn/`), shows the risk bands, the model's quality from its card, why one customer scores
# high, and what a rep's visit would change. Works read-only on the published warehouse
# (`SALESOPS_WAREHOUSE`) and the models folder (`SALESOPS_MODELS_DIR`); without a model it says so and stops.

# %%
import os

import pandas as pd

from pipelines.dashboards.context import PageContext
from pipelines.dashboards.figures.risk import calibration_chart, drivers_chart, lift_chart, risk_band_chart
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.model_cards import load_model_cards
from pipelines.dashboards.pages.risk import model_curves, model_title, overall_metrics
from pipelines.dashboards.pages.risk_data import churn_scores
from pipelines.settings import Settings
from pipelines.warehouse.readonly import open_warehouse

settings = Settings.from_env()
con = open_warehouse()
ctx = PageContext(con, Labels(os.environ.get("SALESOPS_LANG", "en")), settings.models_dir,
                  model_cards=load_model_cards(settings.models_dir))
HAS_SCORES = ctx.available("risk_customer_churn")
CHURN_CARD = next((c for c in ctx.model_cards if c["name"] == "churn"), None)
print(f"as of {ctx.as_of}; churn scores: {HAS_SCORES}; churn model card: {CHURN_CARD is not None}")
if not HAS_SCORES or CHURN_CARD is None:
    print("No churn model or scores in this build yet: the nightly run trains the model when there is enough "
          "sales history (see models/churn/model_card.md). The cells below skip what they cannot show.")

# %% [markdown]
# ## Risk bands and the watchlist

# %%
scores = churn_scores(ctx) if HAS_SCORES else pd.DataFrame()
if not scores.empty:
    bands = scores.groupby("risk_band", as_index=False).agg(count=("customer_id", "size"),
                                                            value=("sales_last_365_days", "sum"))
    risk_band_chart(bands.rename(columns={"risk_band": "band"}), ctx.labels,
                    title=ctx.labels("risk.churn_bands")).show()
    print(scores.head(10)[["customer_name", "region_name", "rep_name", "probability", "risk_band",
                           "driver_1"]].to_string(index=False))

# %% [markdown]
# ## Model quality from the card: backtest metrics, calibration, lift

# %%
if CHURN_CARD is not None:
    metrics = overall_metrics(ctx)
    print(metrics[metrics["title"] == model_title(ctx, CHURN_CARD)][
        ["scorer", "roc_auc", "pr_auc", "brier", "lift_top_decile", "n_rows"]].to_string(index=False))
    calibration = model_curves(ctx, "calibration_curve")
    if not calibration.empty:
        calibration = calibration[calibration["model"] == model_title(ctx, CHURN_CARD)]
    if not calibration.empty:
        calibration_chart(calibration, ctx.labels, title=ctx.labels("risk.calibration")).show()
    else:
        print("the model card holds no calibration curve")
    lift = model_curves(ctx, "lift_by_decile")
    lift = lift[lift["model"] == model_title(ctx, CHURN_CARD)] if not lift.empty else lift
    if lift.empty:  # older cards: top-decile lift of the model and each baseline
        lift = metrics.assign(decile=1, lift=metrics["lift_top_decile"], model=metrics["scorer"])
    lift_chart(lift, ctx.labels, title=ctx.labels("risk.lift")).show()

# %% [markdown]
# ## Why one valuable customer scores high, and a what-if
# The model is scored on today's features. A driver group's push is how much the probability drops when
# the group's features are set to their typical training values (how `risk_customer_churn.driver_*` are made).

# %%
from pipelines.risk.base import read_context  # noqa: E402 (needs the risk package only when there is a model)
from pipelines.risk.churn import ChurnModel  # noqa: E402
from pipelines.risk.drivers import group_pushes  # noqa: E402
from pipelines.risk.estimator import design_matrix  # noqa: E402
from pipelines.risk.persist import load_bundle  # noqa: E402

bundle = load_bundle(settings.models_dir, "churn") if CHURN_CARD is not None else None
if bundle is None or bundle.classifier is None:  # a stand-in (BG/NBD) scored: its card says why
    print("no churn model file (models/churn/model.skops): nothing to explain or simulate")
    bundle = None
else:
    model = ChurnModel()
    risk_ctx = read_context(con, settings)
    horizon = int(bundle.card["horizon_days"])
    frame = model.frame(model.load(con, risk_ctx, horizon), model.scoring_snapshots(risk_ctx, horizon), horizon)
    X = design_matrix(frame, bundle.features)
    frame["probability"] = bundle.predict(X)
    # The most valuable customer among the likely but not yet lost churners (else simply the riskiest).
    likely = frame[frame["probability"].between(0.5, 0.95)]
    row = likely["amount_365"].idxmax() if "amount_365" in frame and not likely.empty else frame["probability"].idxmax()
    customer = frame.loc[row]
    pushes = group_pushes(bundle.predict, X.loc[[row]], bundle.features, bundle.typical).iloc[0]
    print(f"{customer['customer_name']} ({customer['customer_id']}): churn probability {customer['probability']:.1%}")
    drivers_chart(pushes.rename("contribution").rename_axis("driver").reset_index(), ctx.labels,
                  title=f"{ctx.labels('drivers')}: {customer['customer_name']}").show()

# %%
if bundle is not None:
    what_if = X.loc[[row]].copy()
    visit_features = [f.name for f in bundle.features if f.group == "visits"]
    if {"days_since_visit", "visits_90"} <= set(what_if.columns):
        # The rep visits this week, twice: the scenario a manager can order tomorrow.
        what_if["days_since_visit"] = 3.0
        what_if["visits_90"] = what_if["visits_90"].fillna(0) + 2
        scenario = "a rep visits twice this week"
    else:
        top = pushes.idxmax()
        for f in (f for f in bundle.features if f.group == top):
            what_if[f.name] = bundle.typical.get(f.name)
        scenario = f"the '{top}' driver back to typical"
    after = float(bundle.predict(what_if)[0])
    print(f"what-if ({scenario}): probability {customer['probability']:.1%} -> {after:.1%} "
          f"({after - customer['probability']:+.1%})")

# %%
con.close()
