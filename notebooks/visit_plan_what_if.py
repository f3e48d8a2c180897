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
# # What-if: a rep's visit plan for next week and the churn risk it moves
#
# The churn model (流失预警) counts rep visits among its drivers. This notebook takes one rep's customers, scores
# them with the saved model, then scores them again as if a visit plan had happened: the visited customers get a
# recent visit and more visits in the last 90 days. Two plans with the same number of visits are compared:
# visiting the customers with the most value at stake (probability x last year's sales), or the biggest ones.
#
# A what-if moves only the features you change; the model was fitted on history, so read the result as "how the
# model weighs visits", not as a promise. Without the visits source the model has no visit features: it says so.

# %% tags=["parameters"]
# Parameters: edit them here, or pass them with papermill (`papermill in.py out.ipynb -p region R02`).
as_of = None  # None = the warehouse's as-of date, or an earlier date such as "2026-06-30"
region = "all"  # "all" or a region id of dim_region, e.g. "R02"
period = "month"  # month | quarter | year (to as-of) | "2026-08" | "2026-Q3" | "2026" | "2026-03-01..2026-08-31"
lang = "en"  # "en" or "zh": chart words and region names
rep = None  # a rep id such as "P0016"; None = the rep with the most value at stake in the region
plan_size = 5  # customers the rep can visit next week
visits_per_customer = 2  # visits per planned customer

# %%
import pandas as pd

from pipelines.analyst import figures, label, load_churn_model, open_workbench

wb = open_workbench(as_of, region, period, lang)
print(wb.summary())
# What-ifs change feature values, so they use the supervised model even when a baseline scores the nightly table.
churn = load_churn_model(wb.con, wb.settings.models_dir, scorer="model")
VISIT_FEATURES = {"days_since_visit", "visits_90", "visit_ratio_90", "visit_gap_ratio"}
uses_visits = churn is not None and VISIT_FEATURES <= set(churn.features["feature"])
if churn is None:
    print("no churn model in this build (or only a baseline stood in): nothing to simulate (see churn_model.py)")
elif not uses_visits:
    print("the churn model has no visit features (the visits source was not delivered): visits cannot move it")

# %% [markdown]
# ## The rep and their customers today

# %%
if uses_visits:
    today = churn.score()
    today = today.assign(value_at_stake=today["probability"] * today["sales_last_365_days"])
    if wb.region is not None:
        today = today[today["region_id"] == wb.region]
    if today.empty:
        print(f"no scored customers in {wb.region_label}")
        uses_visits = False
if uses_visits:
    chosen_rep = rep or today.groupby("rep_id")["value_at_stake"].sum().idxmax()
    book = today[today["rep_id"] == chosen_rep].sort_values("value_at_stake", ascending=False)
    print(f"rep {chosen_rep}: {len(book)} customers, expected churners {book['probability'].sum():.1f}, "
          f"value at stake ¥{book['value_at_stake'].sum():,.0f}")
    print(book.head(10)[["customer_id", "customer_name", "probability", "sales_last_365_days", "driver_1"]]
          .to_string(index=False))

# %% [markdown]
# ## The what-if: features right after the planned visits
# A visit three days before scoring; the 90-day visit count up by the planned visits; the visit pace and the
# gap ratio moved in proportion (the rest of the customer's history is unchanged).

# %%
def after_visits(customers: list[str]) -> pd.DataFrame:
    rows = churn.feature_rows(customers).set_index("customer_id")
    changed = pd.DataFrame(index=rows.index)
    changed["days_since_visit"] = 3.0
    changed["visits_90"] = rows["visits_90"].fillna(0) + visits_per_customer
    growth = changed["visits_90"] / rows["visits_90"].where(rows["visits_90"] > 0)
    changed["visit_ratio_90"] = (rows["visit_ratio_90"] * growth).fillna(rows["visit_ratio_90"])
    changed["visit_gap_ratio"] = rows["visit_gap_ratio"] * 3.0 / rows["days_since_visit"].where(
        rows["days_since_visit"] > 0)
    return changed


def outcome(plan: list[str], name: str) -> dict:
    scored = churn.score(book["customer_id"], changes=after_visits(plan) if plan else None)
    scored = scored.merge(book[["customer_id", "sales_last_365_days"]], on="customer_id", suffixes=("_x", ""))
    return {"plan": name, "visited": len(plan), "expected_churners": scored["probability"].sum(),
            "value_at_stake": (scored["probability"] * scored["sales_last_365_days"]).sum()}


if uses_visits:
    at_risk = book.nlargest(plan_size, "value_at_stake")["customer_id"].tolist()
    biggest = book.nlargest(plan_size, "sales_last_365_days")["customer_id"].tolist()
    plans = pd.DataFrame([outcome([], "no extra visits"), outcome(at_risk, "most value at stake first"),
                          outcome(biggest, "biggest customers first")])
    print(plans.round(2).to_string(index=False))

# %% [markdown]
# ## One customer in the plan: the drivers before and after

# %%
if uses_visits and at_risk:
    first = at_risk[0]
    before, after = churn.explain(first), churn.explain(first, changes=after_visits([first]))
    both = before[["driver", "contribution"]].merge(after[["driver", "contribution"]], on="driver",
                                                     suffixes=("_before", "_after"))
    print(both.round(3).to_string(index=False))
    figures.drivers_chart(after, lang=lang, title=f"{label('drivers', lang)}: {first}, after the visits").show()

# %%
wb.close()
