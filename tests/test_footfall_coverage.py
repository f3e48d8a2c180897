"""Do the 90% intervals cover 90% of true daily totals, overall and at every place? Checks on simulated data."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.footfall import sample_data as sd
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.expansion import expand_count, window_contrast
from pipelines.footfall.method_check import CHOSEN_BLIND, EVERY_WINDOW, PLANNED, SCHEME, method_check
from pipelines.footfall.planner import plan_samples
from pipelines.footfall.profiles import day_type, learn_profile, prepare_reference

CFG = FootfallConfig(holidays=sd.load_config().holidays)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    raw = tmp_path_factory.mktemp("footfall_cov") / "raw"
    sd.write_footfall_sample(raw, seed=5)
    ref = pd.concat(pd.read_csv(p) for p in sorted((raw / "footfall_reference").glob("*.csv")))
    stamp = pd.to_datetime(ref["hour_start"])
    return pd.DataFrame({"counter_id": ref["counter_id"], "day": stamp.dt.date, "hour": stamp.dt.hour,
                         "count": ref["count"]})


def _check(reference: pd.DataFrame, cfg: FootfallConfig = CFG) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    days, _notes = prepare_reference(reference, cfg)
    model = learn_profile(days, cfg)
    plan = plan_samples(model, 600.0, 1.5, cfg)
    check, per_counter = method_check(model, cfg, plan)
    return plan, check, per_counter


def test_method_check_leaves_each_counter_out_on_the_sample_reference(reference: pd.DataFrame):
    days, notes = prepare_reference(reference, CFG)
    assert any("outage" in n for n in notes) and any("24 hours" in n for n in notes)
    _plan, check, per_counter = _check(reference)
    assert set(check["scheme"]) == {SCHEME}
    every = check[check["windows"] == EVERY_WINDOW].set_index("count_hours")
    assert list(every.index) == [1, 2, 4, 8]
    assert every["coverage"].between(0.85, 0.95).all(), every["coverage"]
    # Longer counts must be more accurate and give narrower intervals.
    assert every["mape"].is_monotonic_decreasing and every["mean_rel_width"].is_monotonic_decreasing
    planned = check[check["windows"] == PLANNED].set_index("count_hours")
    assert planned.loc[2, "mape"] < every.loc[2, "mape"]
    # Per counter: every counter is tested, and the overall figure is their day-weighted mean.
    rows = per_counter[(per_counter["windows"] == EVERY_WINDOW) & (per_counter["count_hours"] == 2)]
    assert sorted(rows["counter_id"]) == ["CNT01", "CNT02", "CNT03"]
    pooled = (rows["coverage"] * rows["n_estimates"]).sum() / rows["n_estimates"].sum()
    assert pooled == pytest.approx(every.loc[2, "coverage"])
    assert every.loc[2, "min_counter_coverage"] == pytest.approx(rows["coverage"].min())


def test_every_counter_is_covered_when_sites_differ_in_shape():
    """Places whose daily shapes differ as much as real ones (a quarter of the 2-hour error between places):
    intervals learned from the other counters still cover every left-out counter, not just on average."""
    ref = sd.simulated_reference(8, seed=21, spread=0.14, hour_noise=0.2, days=140)
    _plan, check, per_counter = _check(ref)
    planned = check[(check["windows"] == PLANNED) & (check["count_hours"] == 2)].iloc[0]
    assert 0.85 <= planned["coverage"] <= 0.95, planned["coverage"]
    rows = per_counter[(per_counter["windows"] == PLANNED) & (per_counter["count_hours"] == 2)]
    assert len(rows) == 8
    assert rows["coverage"].min() >= 0.75, rows[["counter_id", "coverage"]]
    # The planner's choice made without each tested counter (what a new site gets): no better than the plan the
    # planner picked on all counters, and still honest at every counter.
    blind = check[(check["windows"] == CHOSEN_BLIND) & (check["count_hours"] == 2)].iloc[0]
    assert 0.85 <= blind["coverage"] <= 0.95 and blind["min_counter_coverage"] >= 0.75, blind
    assert blind["mape"] < check[(check["windows"] == EVERY_WINDOW) & (check["count_hours"] == 2)]["mape"].iloc[0]
    # Intervals are wider where places differ more: the same method on near-identical places is narrower.
    alike = sd.simulated_reference(8, seed=21, spread=0.02, hour_noise=0.2, days=140)
    _p, alike_check, _c = _check(alike)
    alike_planned = alike_check[(alike_check["windows"] == PLANNED) & (alike_check["count_hours"] == 2)].iloc[0]
    assert alike_planned["mean_rel_width"] < planned["mean_rel_width"]


def test_a_reference_window_that_counted_nobody_keeps_the_width_finite():
    ref = sd.simulated_reference(3, seed=8, days=60)
    quiet = (ref["counter_id"] == "SIM01") & (ref["hour"] == 7)
    ref.loc[quiet, "count"] = 0
    _plan, check, per_counter = _check(ref)
    assert np.isfinite(check["mean_rel_width"]).all()
    one_hour = check[(check["windows"] == EVERY_WINDOW) & (check["count_hours"] == 1)].iloc[0]
    assert one_hour["n_zero_estimates"] == quiet.sum()
    assert np.isfinite(per_counter["mean_rel_width"]).all()


def test_with_one_counter_the_method_check_is_not_run_and_the_plan_is_ranked_by_precision():
    ref = sd.simulated_reference(1, seed=8, days=60)
    plan, check, _per_counter = _check(ref)
    assert check.empty
    assert plan["expected_mape"].isna().all() and plan["best_for_length"].any()


def test_new_sites_daily_intervals_cover_about_90_percent(reference: pd.DataFrame):
    """Places the profile never saw, counted by hand (people in groups) in the planner's best 2-hour plan."""
    days, _notes = prepare_reference(reference, CFG)
    model = learn_profile(days, CFG)
    rng = np.random.default_rng(2026)
    dates = [sd.REFERENCE_START + timedelta(days=i) for i in range(365)]
    weather = sd._weather(dates, rng)
    covered, errors = [], []
    for trial in range(300):
        place = sd._place(f"NEW{trial}", "new", float(rng.uniform(3000, 15000)), rng, spread=0.08)
        day = dates[int(rng.integers(0, len(dates)))]
        slots = sd._quarter_counts(sd._hourly_means(place, day, weather, CFG.holidays, rng), rng)
        first, second = int(rng.integers(9, 14)), int(rng.integers(16, 20))
        quarters = np.r_[first * 4:(first + 1) * 4, second * 4:(second + 1) * 4]
        starts, counts = quarters * 15, slots[quarters].astype(float)
        weights = np.zeros(24)
        weights[[first, second]] = 1
        stats = model.window_stats(day_type(day, CFG.holidays), weights)
        # Groups of 1 + Poisson(0.5) people: phi = E[g^2] / E[g] = 2.75 / 1.5.
        phi = 2.75 / 1.5
        contrast, noise = window_contrast(starts, starts + 15, counts, weights, phi)
        e = expand_count(float(counts.sum()), stats, phi, model.z, contrast, noise)
        truth = slots.sum()
        covered.append(e.lower <= truth <= e.upper)
        errors.append(abs(e.estimate - truth) / truth)
    coverage = float(np.mean(covered))
    assert 0.84 <= coverage <= 0.97, coverage
    assert float(np.mean(errors)) < 0.12


def test_intervals_without_reference_are_wider_than_learned_ones(reference: pd.DataFrame):
    from pipelines.footfall.profiles import default_model

    days, _ = prepare_reference(reference, CFG)
    learned, default = learn_profile(days, CFG), default_model(CFG)
    w = np.zeros(24)
    w[10:12] = 1
    a, b = expand_count(800, learned.window_stats("wed", w), 1.5, 1.645), \
        expand_count(800, default.window_stats("wed", w), 1.5, 1.645)
    assert (b.upper - b.lower) / b.estimate > (a.upper - a.lower) / a.estimate


def test_sample_module_is_importable_without_side_effects():
    assert Path(sd.__file__).name == "sample_data.py" and sd.STUDY_ID.startswith("FT2026")
