"""The counting planner on hand-made counters where the best plan is known, and split plans on count sheets."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.expansion import expand_site_days
from pipelines.footfall.planner import parse_plan, plan_samples
from pipelines.footfall.profiles import default_model, learn_profile, prepare_reference
from pipelines.footfall.windows import block_weights, candidate_plans, early_part

CFG = FootfallConfig(plan_hours=(1, 2))


def _two_crowds(n_counters: int = 4, n_days: int = 70, seed: int = 1) -> pd.DataFrame:
    """Each day: a lunch crowd, 30% of it in 12:00-13:00 (the rest before 07:00), and an evening crowd, 30% of it
    in 17:00-18:00 (the rest after 22:00), mixed in a different proportion every day; 24% of the day spread at
    random over the other hours. Hours 12 and 17 together always hold 30% x 76% of the day: counting them, and
    only them, gives the exact day total whatever the mix."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n_counters):
        for i in range(n_days):
            total = 10_000.0 * (c + 1)
            lunch = rng.uniform(0.1, 0.9) * 0.76 * total
            evening = 0.76 * total - lunch
            hourly = np.zeros(24)
            others = [h for h in range(24) if h not in (12, 17)]
            hourly[others] = 0.24 * total * rng.dirichlet(np.full(len(others), 20.0))
            hourly[12] += 0.3 * lunch
            hourly[[0, 1, 2, 3, 4, 5, 6]] += 0.7 * lunch / 7
            hourly[17] += 0.3 * evening
            hourly[[22, 23]] += 0.7 * evening / 2
            day = date(2026, 3, 2) + timedelta(days=i)
            rows += [(f"C{c}", day, h, hourly[h]) for h in range(24)]
    return pd.DataFrame(rows, columns=["counter_id", "day", "hour", "count"])


def test_planner_finds_the_known_best_split_plan():
    days, _ = prepare_reference(_two_crowds(), CFG)
    plan = plan_samples(learn_profile(days, CFG), 600.0, 1.0, CFG)
    best = plan[plan["best_for_length"] & (plan["day_class"] == "weekday")].set_index("count_hours")
    assert best.loc[2, "plan"] == "12:00-13:00 + 17:00-18:00"
    assert best.loc[2, "blocks"] == 2
    assert best.loc[2, "expected_mape"] == pytest.approx(0.0, abs=1e-9)
    contiguous = plan[(plan["day_class"] == "weekday") & (plan["count_hours"] == 2) & (plan["blocks"] == 1)]
    assert len(contiguous) == 1 and contiguous["expected_mape"].iloc[0] > 0.05
    # Every plan carries its expected error and interval width; the recommended one is a best plan.
    scored = ["expected_mape", "expected_coverage", "expected_rel_width", "rel_precision_one_day"]
    assert plan[scored].notna().all().all()
    assert plan.loc[plan["recommended"], "best_for_length"].all()


def test_candidate_plans_are_contiguous_or_two_blocks_an_hour_apart():
    plans = candidate_plans(2, 7, 22)
    assert [(7, 9)] in plans and [(20, 22)] in plans and [(12, 13), (17, 18)] in plans
    assert [(12, 13), (13, 14)] not in plans  # touching blocks are the contiguous window, counted once
    assert all(sum(b - a for a, b in p) == 2 and all(7 <= a < b <= 22 for a, b in p) for p in plans)
    assert parse_plan("12:00-13:00 + 17:00-18:00") == [(12, 13), (17, 18)]
    w = block_weights([(12, 13), (17, 18)])
    assert list(np.flatnonzero(early_part(w)[0])) == [12]


def test_count_sheets_following_a_split_plan_expand_over_the_counted_hours_only():
    model = default_model(FootfallConfig())
    # 12:00-13:00 and 17:00-18:00 in 15-minute intervals, 100 people each; nothing counted in between.
    starts = np.r_[np.arange(720, 780, 15), np.arange(1020, 1080, 15)]
    site_int = pd.DataFrame({"study_id": "S", "site_id": "A", "count_date": date(2026, 9, 8), "start_min": starts,
                             "end_min": starts + 15, "count": 100.0, "observers": "O1", "n_observers": 1})
    row = expand_site_days(site_int, model, 1.0, frozenset()).iloc[0]
    share = model.shares["tue"][12] + model.shares["tue"][17]
    assert row["counted_hours"] == 2 and row["observed_count"] == 800
    assert row["share_of_day"] == pytest.approx(share)
    assert row["daily_estimate"] == pytest.approx(800 / share)
    assert (row["first_interval_start"], row["last_interval_end"]) == ("12:00", "18:00")
