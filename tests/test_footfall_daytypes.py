"""Day types a study defines itself (footfall config `day_types`): a Friday-Saturday weekend, pooled weekdays."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.footfall import sample_data as sd
from pipelines.footfall.config import FootfallConfig, load_config
from pipelines.footfall.daytypes import DayCalendar
from pipelines.footfall.expansion import expand_site_days, typical_estimates
from pipelines.footfall.method_check import method_check
from pipelines.footfall.planner import plan_samples
from pipelines.footfall.profiles import learn_profile, prepare_reference, profile_table

FRI_SAT_WEEKEND = DayCalendar(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), ("fri", "sat"))
FRIDAY = date(2026, 9, 11)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "study.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_study_file_sets_its_day_types_and_keeps_every_other_default(tmp_path: Path) -> None:
    cfg = load_config(_write(tmp_path, "day_types:\n  week: [work, work, work, work, fri, sat, sun]\n"
                                       "  weekend: [fri, sat]\n"))
    assert cfg.calendar.types == ("work", "fri", "sat", "sun", "holiday")
    assert cfg.calendar.plan_classes() == {"weekday": ("work", "sun"), "fri": ("fri",), "saturday": ("sat",)}
    assert cfg.rank_by == FootfallConfig().rank_by and cfg.interval_level == FootfallConfig().interval_level
    assert load_config().calendar == DayCalendar()  # the built-in file keeps Monday..Sunday, Sat-Sun weekend


@pytest.mark.parametrize(("text", "words"), [
    ("day_types:\n  week: [mon, tue, wed, thu, fri, sat]\n", "7 days Monday..Sunday, got 6"),
    ("day_types:\n  weekend: [fri, sab]\n", "weekend names ['sab']"),
    ("day_types:\n  week: [mon, tue, wed, thu, fri, holiday, sun]\n", "'holiday' is reserved"),
    ("day_types:\n  weekend: []\n", "some but not all"),
    ("day_types: [sat, sun]\n", "mapping with keys week and weekend"),
])
def test_bad_day_types_name_the_key_and_the_value(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(ValueError, match="footfall config: day_types") as info:
        load_config(_write(tmp_path, text))
    assert words in str(info.value)


def _friday_count(model) -> pd.DataFrame:
    starts = np.r_[np.arange(720, 780, 15), np.arange(1020, 1080, 15)]
    site_int = pd.DataFrame({"study_id": "S", "site_id": "A", "count_date": FRIDAY, "start_min": starts,
                             "end_min": starts + 15, "count": 150.0, "observers": "O1", "n_observers": 1})
    return expand_site_days(site_int, model, 1.5, frozenset())


def test_a_friday_saturday_weekend_learns_its_own_profiles_levels_and_plans() -> None:
    ref = sd.simulated_reference(4, seed=3, days=70)
    default_cfg, own_cfg = FootfallConfig(), FootfallConfig(calendar=FRI_SAT_WEEKEND)
    default = learn_profile(prepare_reference(ref, default_cfg)[0], default_cfg)
    own = learn_profile(prepare_reference(ref, own_cfg)[0], own_cfg)
    # A Friday counted in such a city is a weekend day: the weekend class is counted, the weekday one extrapolated.
    mine = typical_estimates(_friday_count(own), own).set_index("day_class")["basis"]
    usual = typical_estimates(_friday_count(default), default).set_index("day_class")["basis"]
    assert (mine["weekend"], usual["weekend"]) == ("counted", "extrapolated from weekdays")
    assert mine["weekday"] == "extrapolated from weekend days"
    # Levels stay relative to the week's average day; the weekend class is Friday and Saturday.
    assert np.mean([own.levels[t] for t in own.calendar.week]) == pytest.approx(1.0, abs=0.02)
    assert own.class_level("weekend") == pytest.approx((own.levels["fri"] + own.levels["sat"]) / 2)
    plan = plan_samples(own, 600.0, 1.5, own_cfg)
    assert list(dict.fromkeys(plan["day_class"])) == ["weekday", "fri", "saturday"]
    check, _per_counter = method_check(own, own_cfg, plan)
    assert "fri " in check.loc[check["windows"] == "planner's best plan", "plan"].iloc[0]


def test_pooled_weekdays_share_one_profile_and_level() -> None:
    ref = sd.simulated_reference(3, seed=4, days=60)
    cfg = FootfallConfig(calendar=DayCalendar(("work",) * 5 + ("sat", "sun"), ("sat", "sun")))
    model = learn_profile(prepare_reference(ref, cfg)[0], cfg)
    table = profile_table(model)
    assert list(dict.fromkeys(table["day_type"])) == ["work", "sat", "sun", "holiday"]
    default = learn_profile(prepare_reference(ref, FootfallConfig())[0], FootfallConfig())
    weekday_mean = np.mean([default.levels[t] for t in ("mon", "tue", "wed", "thu", "fri")])
    assert model.levels["work"] == pytest.approx(weekday_mean, rel=0.02)
    assert _friday_count(model)["day_type"].iloc[0] == "work"
