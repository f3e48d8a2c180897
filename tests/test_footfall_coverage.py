"""Do the 90% intervals cover 90% of true daily totals? Monte-Carlo checks on simulated data, fixed seeds."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.footfall import sample_data as sd
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.expansion import expand_count
from pipelines.footfall.method_check import method_check
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


def test_method_check_meets_the_targets_on_the_sample_reference(reference: pd.DataFrame):
    days, notes = prepare_reference(reference, CFG)
    assert any("outage" in n for n in notes) and any("24 hours" in n for n in notes)
    check = method_check(days, CFG, "sample").set_index(["scheme", "count_hours"])
    held = check.loc["hold_out_days"]
    assert list(held.index) == [1, 2, 4, 8]
    assert held["coverage"].between(0.85, 0.95).all(), held["coverage"]
    assert held.loc[2, "mape"] <= 0.20 and bool(held.loc[2, "mape_ok"])
    # Longer counts must be more accurate and give narrower intervals.
    assert held["mape"].is_monotonic_decreasing and held["mean_rel_width"].is_monotonic_decreasing
    assert (held["median_ape"] < held["mape"]).all()


def test_new_sites_daily_intervals_cover_about_90_percent(reference: pd.DataFrame):
    """Places the profile never saw, counted 2 or 4 hours by hand (people in groups), expanded to the day."""
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
        hours = int(rng.choice([2, 4]))
        start = int(rng.integers(8, 19 - hours))
        weights = np.zeros(24)
        weights[start:start + hours] = 1
        stats = model.window_stats(day_type(day, CFG.holidays), weights)
        # Groups of 1 + Poisson(0.5) people: phi = E[g^2] / E[g] = 2.75 / 1.5.
        e = expand_count(float(slots[start * 4:(start + hours) * 4].sum()), stats, 2.75 / 1.5, model.z)
        truth = slots.sum()
        covered.append(e.lower <= truth <= e.upper)
        errors.append(abs(e.estimate - truth) / truth)
    coverage = float(np.mean(covered))
    assert 0.84 <= coverage <= 0.97, coverage
    assert float(np.mean(errors)) < 0.15


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
