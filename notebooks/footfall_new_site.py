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
# # A foot-traffic plan for a new site (新址人流量)
#
# Before a full study, an observer counts one hour at the new site. `estimate_footfall` runs that pilot sheet
# through the same contract checks and study code as the nightly build, with the time-of-day profile learned
# from the warehouse's automatic reference counters (or the built-in default profile, which it then says).
# From the pilot's hourly rate the counting planner says how many hours, in which time blocks and on how many
# days to count for the precision the study needs (`planner.target_rel_precision` in pipelines/config/footfall.yaml).
# Candidate sites belong to no sales region: `region` and `period` do not filter this notebook.

# %% tags=["parameters"]
# Parameters: edit them here, or pass them with papermill (`papermill in.py out.ipynb -p region R02`).
as_of = None  # None = the warehouse's as-of date, or an earlier date such as "2026-06-30"
region = "all"  # "all" or a region id of dim_region, e.g. "R02"
period = "month"  # month | quarter | year (to as-of) | "2026-08" | "2026-Q3" | "2026" | "2026-03-01..2026-08-31"
lang = "en"  # "en" or "zh": chart words and region names
site = "NEW-1"  # the new site's id
pilot_start = "17:00"  # the pilot hour's start (four 15-minute intervals)
pilot_counts = [180, 210, 195, 220]  # passers-by counted in each 15-minute interval

# %%
import pandas as pd

from pipelines.analyst import estimate_footfall, figures, open_workbench

wb = open_workbench(as_of, region, period, lang)
print(wb.summary())
# The pilot day: the last Tuesday up to the as-of date (a weekday the reference counters also saw).
pilot_day = (pd.Timestamp(wb.as_of) - pd.offsets.Week(weekday=1)).date()
starts = pd.date_range(f"{pilot_day} {pilot_start}", periods=len(pilot_counts), freq="15min")
pilot = pd.DataFrame({"study_id": "PILOT", "site_id": site, "observer_id": "OBS1", "count_date": str(pilot_day),
                      "interval_start": starts.strftime("%H:%M"),
                      "interval_end": (starts + pd.Timedelta(minutes=15)).strftime("%H:%M"), "count": pilot_counts})
# A mistyped row, as happens on paper sheets: 90 minutes in one interval breaks the contract and is left out.
pilot.loc[len(pilot)] = ["PILOT", site, "OBS1", str(pilot_day), "19:00", "20:30", 400]
pilot

# %% [markdown]
# ## The pilot estimate

# %%
result = estimate_footfall(pilot, reference=wb.con)
print("\n".join(result.notes))
print(result.rejected[["source_row", "column_name", "value", "rule"]].to_string(index=False)
      if len(result.rejected) else "no rows rejected")
result["footfall_site_day"][["site_id", "count_date", "counted_hours", "observed_count", "daily_estimate",
                             "lower", "upper", "profile_source"]].round(0)

# %%
typical = result["footfall_site_typical"]
print(typical[["day_class", "estimate", "lower", "upper", "basis"]].round(0).to_string(index=False))
figures.footfall_typical(typical, lang=lang)

# %% [markdown]
# ## The counting plan: hours, times and days per day class

# %%
plan = result["footfall_sample_plan"]
recommended = plan[plan["recommended"].astype(bool)]
if recommended.empty:
    print("no counting window reaches the target precision in one day: count more days (see the table)")
print(recommended[["day_class", "count_hours", "plan", "expected_mape", "rel_precision_one_day",
                   "days_for_typical_estimate", "assumed_hourly_rate"]].to_string(index=False))
figures.footfall_sample_plan(plan, lang=lang)

# %% [markdown]
# ## The new site beside the candidate sites already studied

# %%
studied = wb.table("footfall_site_typical")
compare = pd.concat([studied, typical], ignore_index=True)
print(f"{studied['site_id'].nunique()} site(s) studied before; the pilot's interval is wide: one hour of one day")
figures.footfall_typical(compare, lang=lang)

# %%
wb.close()
