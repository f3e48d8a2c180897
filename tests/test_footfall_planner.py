"""The counting planner on hand-made counters where the best plan is known, and split plans on count sheets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from pipelines.footfall import sample_data as sd
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.expansion import expand_site_days
from pipelines.footfall.planner import plan_notes, plan_samples, planned_candidates, worst_place_coverage
from pipelines.footfall.profiles import default_model, learn_profile, prepare_reference
from pipelines.footfall.windows import block_weights, blocks_label, candidate_plans, early_part, parse_plan

CFG = FootfallConfig(plan_hours=(1, 2))


def _counters(one_day: Callable[[float, np.random.Generator], np.ndarray], n_counters: int, n_days: int,
              seed: int) -> pd.DataFrame:
    """Hourly reference rows: counter c's day total is 10,000 (c + 1), spread over the hours by one_day(total, rng)."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n_counters):
        for i in range(n_days):
            hourly = one_day(10_000.0 * (c + 1), rng)
            day = date(2026, 3, 2) + timedelta(days=i)
            rows += [(f"C{c}", day, h, hourly[h]) for h in range(24)]
    return pd.DataFrame(rows, columns=["counter_id", "day", "hour", "count"])


def _two_crowds(n_counters: int = 4, n_days: int = 70, seed: int = 1) -> pd.DataFrame:
    """Each day: a lunch crowd, 30% of it in 12:00-13:00 (the rest before 07:00), and an evening crowd, 30% of it
    in 17:00-18:00 (the rest after 22:00), mixed in a different proportion every day; 24% of the day spread at
    random over the other hours. Hours 12 and 17 together always hold 30% x 76% of the day: counting them, and
    only them, gives the exact day total whatever the mix."""
    def one_day(total: float, rng: np.random.Generator) -> np.ndarray:
        lunch = rng.uniform(0.1, 0.9) * 0.76 * total
        evening = 0.76 * total - lunch
        hourly = np.zeros(24)
        others = [h for h in range(24) if h not in (12, 17)]
        hourly[others] = 0.24 * total * rng.dirichlet(np.full(len(others), 20.0))
        hourly[12] += 0.3 * lunch
        hourly[[0, 1, 2, 3, 4, 5, 6]] += 0.7 * lunch / 7
        hourly[17] += 0.3 * evening
        hourly[[22, 23]] += 0.7 * evening / 2
        return hourly

    return _counters(one_day, n_counters, n_days, seed)


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


def test_candidate_plans_are_contiguous_two_blocks_an_hour_apart_or_spread_over_the_day():
    plans = candidate_plans(2, 7, 22)
    assert [(7, 9)] in plans and [(20, 22)] in plans and [(12, 13), (17, 18)] in plans
    assert [(12, 13), (13, 14)] not in plans  # touching blocks are the contiguous window, counted once
    # Spread: 15 minutes at the start of each of 8 hours, 20 of 6, evenly spaced; 30 of 4 (scattered, any hours).
    assert [(h, h + 0.25) for h in range(10, 18)] in plans
    assert [(h, h + 0.5) for h in (9, 12, 15, 18)] in plans
    assert all(sum(b - a for a, b in p) == pytest.approx(2) and all(7 <= a < b <= 22 for a, b in p) for p in plans)
    assert parse_plan("12:00-13:00 + 17:00-18:00") == [(12, 13), (17, 18)]
    assert parse_plan("10:00-10:15 + 11:00-11:15") == [(10, 10.25), (11, 11.25)]
    w = block_weights([(12, 13), (17, 18)])
    assert list(np.flatnonzero(early_part(w)[0])) == [12]
    assert list(block_weights([(10, 10.25), (11, 11.5)])[10:12]) == [0.25, 0.5]
    # One observer's day: from the first block's start to the last block's end.
    short_days = candidate_plans(2, 7, 22, max_span=6)
    assert [(12, 13), (17, 18)] in short_days and [(9, 10), (17, 18)] not in short_days
    assert all(p[-1][1] - p[0][0] <= 6 for p in short_days)


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


def test_a_sheet_following_a_spread_plan_passes_the_checks_and_expands_over_its_quarter_hours():
    from pipelines.footfall.quality import check_sheets

    model = default_model(FootfallConfig())
    starts = np.arange(10, 18) * 60  # 10:00-10:15, 11:00-11:15, ..., 17:00-17:15
    sheet = pd.DataFrame({"study_id": "S", "site_id": "A", "observer_id": "O1", "count_date": date(2026, 9, 8),
                          "start_min": starts, "end_min": starts + 15, "count": 40, "source_file": "s.csv"})
    quality = check_sheets(sheet, FootfallConfig())
    assert quality.issues.empty  # 45-minute gaps between the blocks are planned breaks, not missing intervals
    site_int = sheet.drop(columns=["observer_id", "source_file"]).assign(observers="O1", n_observers=1)
    row = expand_site_days(site_int, model, 1.0, frozenset()).iloc[0]
    share = 0.25 * model.shares["tue"][10:18].sum()
    assert row["counted_hours"] == 2 and row["share_of_day"] == pytest.approx(share)
    assert row["daily_estimate"] == pytest.approx(320 / share)


def test_where_hours_vary_independently_day_to_day_spreading_the_hours_beats_any_two_blocks():
    """Alike places, each hour of a day up or down on its own: a sample of many clock hours averages that out."""
    ref = sd.simulated_reference(8, seed=5, spread=0.02, hour_noise=0.3, days=100)
    days, _ = prepare_reference(ref, CFG)
    model = learn_profile(days, CFG)
    plan = plan_samples(model, 600.0, 1.0, CFG)
    weekday = plan[(plan["day_class"] == "weekday") & (plan["count_hours"] == 2)]
    best = weekday[weekday["best_for_length"]].iloc[0]
    assert best["blocks"] > 2, best["plan"]
    from pipelines.footfall.loco import loco_scores

    two_blocks = np.array([block_weights(p) for p in candidate_plans(2, 7, 22) if len(p) <= 2])
    scores = loco_scores(model, two_blocks, ("mon", "tue", "wed", "thu", "fri"), 1.0).values()
    errors = sum(s.abs_error.sum(axis=1) for s in scores) / sum(s.n.sum(axis=1) for s in scores)
    assert best["expected_mape"] < 0.8 * errors.min()


def _four_crowds(n_counters: int = 4, n_days: int = 35, seed: int = 2) -> pd.DataFrame:
    """Four crowds a day, 30% of each in one of the hours 11, 12, 16 and 18 (the rest at night), mixed in a different
    proportion every day, and 24% of the day scattered at random over the other hours. Only a plan that counts the
    same share of each of those four hours, and nothing else, always covers the same share of the day."""
    crowd_hours, night = [11, 12, 16, 18], [0, 1, 2, 3, 4, 5, 6, 22, 23]
    others = [h for h in range(24) if h not in crowd_hours]

    def one_day(total: float, rng: np.random.Generator) -> np.ndarray:
        crowds = rng.dirichlet(np.ones(4)) * 0.76 * total
        hourly = np.zeros(24)
        hourly[others] = 0.24 * total * rng.dirichlet(np.full(len(others), 2.0))
        hourly[crowd_hours] += 0.3 * crowds
        hourly[night] += 0.7 * crowds.sum() / len(night)
        return hourly

    return _counters(one_day, n_counters, n_days, seed)


def test_planner_finds_half_hours_at_uneven_clock_hours_when_they_are_best():
    days, _ = prepare_reference(_four_crowds(), CFG)
    plan = plan_samples(learn_profile(days, CFG), 600.0, 1.0, CFG)
    two = plan[(plan["day_class"] == "weekday") & (plan["count_hours"] == 2)]
    best = two[two["best_for_length"]].iloc[0]
    assert best["plan"] == "11:00-11:30 + 12:00-12:30 + 16:00-16:30 + 18:00-18:30"
    # Only the part-hour noise is left; any plan that misses a crowd hour or counts another hour does worse.
    assert best["expected_mape"] < 0.5 * two.loc[~two["best_for_length"], "expected_mape"].min()


def test_scattered_plans_are_half_hours_at_any_clock_hours_within_the_day_on_site():
    plans = candidate_plans(2, 7, 22, max_span=8)
    assert [(11, 11.5), (12, 12.5), (16, 16.5), (18, 18.5)] in plans  # uneven: not a spread plan
    assert [(9, 9.5), (12, 12.5), (15, 15.5), (18, 18.5)] not in plans  # on site 9:00-18:30, longer than 8 h
    assert len({str(p) for p in plans}) == len(plans)  # evenly spaced half hours are listed once


def test_when_no_plan_covers_unusual_places_often_enough_the_closest_one_is_chosen_not_the_most_accurate():
    """Six places whose shapes differ far more than streets do: no plan's intervals would cover the most unusual
    place on 80% of days. The planner must then keep the plan that comes closest to that (the most accurate plan's
    intervals miss unusual places most often) and say that none met the rule."""
    cfg = FootfallConfig(plan_hours=(1, 2), holidays=frozenset())
    days, _ = prepare_reference(sd.simulated_reference(6, seed=4, spread=0.5, hour_noise=0.05, days=56), cfg)
    model = learn_profile(days, cfg)
    plan = plan_samples(model, 600.0, 1.0, cfg)
    weekday = plan[plan["day_class"] == "weekday"]
    assert not weekday["meets_coverage_rule"].any()
    plans, weights = planned_candidates(cfg)
    stats = model.window_stats_many(model.calendar.plan_classes()["weekday"], weights)
    worst = worst_place_coverage(np.array([s.sd_location for s in stats]), np.array([s.sd_day for s in stats]),
                                 6, model.z)
    labels = np.array([blocks_label(p) for p in plans])
    for hours, g in weekday.groupby("count_hours"):
        best = g[g["best_for_length"]].iloc[0]
        chosen = labels == best["plan"]
        of_length = np.isclose(weights.sum(axis=1), hours)
        assert worst[chosen][0] == pytest.approx(worst[of_length].max())
    two = weekday[weekday["count_hours"] == 2]
    assert two["expected_mape"].min() < two.loc[two["best_for_length"], "expected_mape"].iloc[0]  # passed over
    assert any("weekday: no plan of 1, 2 h" in n and "meets_coverage_rule" in n for n in plan_notes(plan))
