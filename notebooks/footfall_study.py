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
# # Foot-traffic study (人流量调研)
#
# Which candidate site is best, on numbers: short manual counts expanded to daily totals with intervals,
# typical weekday and weekend traffic, segment mix, target-segment traffic, the probability that each site
# is the best, sheet quality, the method check and the sample planner, from the published `footfall_*` marts.
# Method: `docs/footfall.md`. Candidate sites belong to no sales region and a study has its own dates, so
# `region` and `period` do not filter this notebook; `study` picks one study (None: all). A plan for a
# brand-new site from a pilot count: `footfall_new_site.py`.

# %% tags=["parameters"]
# Parameters: edit them here, or pass them with papermill (`papermill in.py out.ipynb -p region R02`).
as_of = None  # None = the warehouse's as-of date, or an earlier date such as "2026-06-30"
region = "all"  # "all" or a region id of dim_region, e.g. "R02"
period = "month"  # month | quarter | year (to as-of) | "2026-08" | "2026-Q3" | "2026" | "2026-03-01..2026-08-31"
lang = "en"  # "en" or "zh": chart words and region names
study = None  # a study id such as "FT2026-09", or None for every study

# %%
import pandas as pd

from pipelines.analyst import figures, open_workbench

pd.set_option("display.width", 160)
wb = open_workbench(as_of, region, period, lang)
print(wb.summary())


def mart(name: str) -> pd.DataFrame:
    frame = wb.table(name)
    return frame[frame["study_id"] == study] if study is not None and "study_id" in frame.columns else frame


site_day, typical, ranking = mart("footfall_site_day"), mart("footfall_site_typical"), mart("footfall_site_ranking")
mix, target, issues = mart("footfall_segment_mix"), mart("footfall_target_segment"), mart("footfall_sheet_issues")
check, plan, profile = mart("footfall_method_check"), mart("footfall_sample_plan"), mart("footfall_profile")
check_counters = mart("footfall_method_check_counters")
print(f"{len(site_day)} counted site-days, {typical['site_id'].nunique()} sites, {len(issues)} sheet findings")
if site_day.empty:
    print("no count sheets in this warehouse" + (f" for study {study}" if study else "")
          + ": the site sections below are empty (data/raw/footfall_counts/)")

# %% [markdown]
# ## Where the expansion profile comes from
# Learned from the automatic reference counters when they were delivered; otherwise the built-in default
# profile, and every interval is then an assumption, not a measurement.

# %%
if len(profile):
    source = profile["profile_source"].iloc[0]
    print("profile source:", "reference counters" if source == "reference" else "BUILT-IN DEFAULT (no reference data)")
figures.footfall_profile(profile, lang=lang)

# %% [markdown]
# ## Sheet quality: errors quarantine the sheet (or the interval); warnings are only reported

# %%
issues[["site_id", "observer_id", "count_date", "rule", "severity", "action", "message"]]

# %% [markdown]
# ## Daily estimates per counted day, and typical weekday and weekend traffic

# %%
figures.footfall_site_days(site_day, lang=lang)

# %%
typical[["site_id", "site_name", "day_class", "estimate", "lower", "upper", "days_used", "basis"]].round(0)

# %%
figures.footfall_typical(typical, lang=lang)

# %% [markdown]
# ## Ranking: the probability that each site is the best

# %%
figures.footfall_ranking(ranking, lang=lang)

# %% [markdown]
# ## Segment mix and the target segment

# %%
figures.footfall_segment_mix(mix, "age_band", lang=lang)

# %%
figures.footfall_target_segment(target, lang=lang)

# %% [markdown]
# ## Counting planner: when to count
# Per day class and number of counting hours, the plans (one block, or two blocks apart) with the smallest
# expected error at reference counters left out of the fit; the recommended plan is the shortest that reaches
# the requested precision on one day.

# %%
print(plan[plan["recommended"].astype(bool)][["day_class", "count_hours", "plan", "expected_mape",
                                               "rel_precision_one_day", "days_for_typical_estimate"]])
figures.footfall_sample_plan(plan, lang=lang)

# %% [markdown]
# ## Method check: short counts at reference counters left out of the fit
# Each counter in turn is left out and its days are expanded with what the other counters taught: the error,
# and how often the 90% intervals cover the true day total, overall and at the worst-covered counter.

# %%
figures.footfall_method_check(check, check_counters, lang=lang)

# %%
wb.close()
