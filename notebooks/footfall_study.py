# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Foot-traffic study (人流量调研)
#
# Which candidate site is best, on numbers: short manual counts expanded to daily totals with
# intervals, typical weekday and weekend traffic, segment mix, target-segment traffic, the
# probability that each site is the best, sheet quality, the method check and the sample planner.
#
# Reads the published warehouse through the read-only helper (never blocks the nightly build).
# Method: `docs/footfall.md`. Figures come from `pipelines.footfall.figures`, the same code the
# dashboard page uses. Set `SALESOPS_WAREHOUSE` to read another warehouse file.

# %%
import pandas as pd

from pipelines.footfall import figures
from pipelines.warehouse.readonly import query

pd.set_option("display.width", 160)
pd.set_option("display.max_colwidth", 200)


def mart(name: str) -> pd.DataFrame:
    return query(f"SELECT * FROM {name}")  # table names are our own constants


site_day = mart("footfall_site_day")
typical = mart("footfall_site_typical")
ranking = mart("footfall_site_ranking")
mix = mart("footfall_segment_mix")
target = mart("footfall_target_segment")
issues = mart("footfall_sheet_issues")
check = mart("footfall_method_check")
check_counters = mart("footfall_method_check_counters")
plan = mart("footfall_sample_plan")
profile = mart("footfall_profile")
print(f"{len(site_day)} counted site-days, {typical['site_id'].nunique()} sites, {len(issues)} sheet findings")

# %% [markdown]
# ## Where the expansion profile comes from
# Learned from the automatic reference counters when they were delivered; otherwise the built-in
# default profile, and every interval is then an assumption, not a measurement.

# %%
if len(profile):
    source = profile["profile_source"].iloc[0]
    print("profile source:", "reference counters" if source == "reference" else "BUILT-IN DEFAULT (no reference data)")
figures.profile(profile)

# %% [markdown]
# ## Sheet quality
# Errors quarantine the sheet (or the interval); warnings are only reported.

# %%
issues[["site_id", "observer_id", "count_date", "rule", "severity", "action", "message"]]

# %% [markdown]
# ## Daily estimates per counted day

# %%
site_day[["site_id", "count_date", "day_type", "observers", "counted_hours", "observed_count", "hourly_rate",
          "daily_estimate", "lower", "upper"]].round({"hourly_rate": 0, "daily_estimate": 0, "lower": 0, "upper": 0})

# %%
figures.site_day_estimates(site_day)

# %% [markdown]
# ## Typical weekday and weekend traffic

# %%
typical[["site_id", "site_name", "day_class", "estimate", "lower", "upper", "days_used", "basis"]].round(0)

# %%
figures.typical_estimates(typical)

# %% [markdown]
# ## Ranking: probability that each site is the best

# %%
ranking.pivot_table(index=["site_id", "site_name"], columns="metric", values="p_best").round(3)

# %%
figures.ranking(ranking)

# %% [markdown]
# ## Segment mix and the target segment

# %%
figures.segment_mix(mix, "age_band")

# %%
figures.segment_mix(mix, "gender")

# %%
target[["site_id", "segment_label", "day_class", "target_share", "share_lower", "share_upper",
        "target_daily_estimate", "lower", "upper"]].round(3)

# %%
figures.target_segment(target)

# %% [markdown]
# ## Counting planner: when to count
# For each number of counting hours and day class, the plans (one block, or two blocks at least an hour
# apart) with the smallest expected error at reference counters left out of the fit, their interval
# coverage (overall and at the worst-covered counter) and width, and the predicted one-day precision at
# the study's hourly rate. The recommended plan is the shortest best plan reaching the requested precision.

# %%
plan[["day_class", "count_hours", "plan", "expected_mape", "expected_coverage", "min_counter_coverage",
      "expected_rel_width", "rel_precision_one_day", "days_for_typical_estimate", "best_for_length",
      "recommended"]].round(3)

# %%
plan[plan["recommended"].astype(bool)][["day_class", "count_hours", "plan", "expected_mape",
                                         "rel_precision_one_day", "days_for_typical_estimate"]]

# %%
figures.sample_plan(plan)

# %% [markdown]
# ## Method check: short counts at reference counters left out of the fit
# Each counter in turn is left out; its days are expanded with what the other counters taught.
# Targets: 90% intervals cover 88-92% of true daily totals overall and at least 80% at every counter;
# the planner's best 2-hour plan misses the day total by at most 11% on average.

# %%
check[["windows", "count_hours", "plan", "mape", "coverage", "min_counter_coverage", "worst_counter",
       "mean_rel_width", "n_zero_estimates", "coverage_ok", "mape_ok"]].round(3)

# %%
check_counters.pivot_table(index="counter_id", columns=["windows", "count_hours"], values="coverage").round(3)

# %%
figures.method_check(check, check_counters)
