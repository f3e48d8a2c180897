"""Rotating counting windows across days: a site counted at different times of day gets a narrower typical-day
interval, as far as the reference counters show places differing independently between those times."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from pipelines.footfall import sample_data as sd
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.expansion import expand_site_days, typical_estimates
from pipelines.footfall.profiles import learn_profile, prepare_reference

CFG = FootfallConfig()
MORNING, EVENING = 10, 18
FIRST = date(2026, 3, 2)  # a Monday


# How much each place's 10:00 and 18:00 hours depart from the street's shape (log scale): eight reference counters,
# then the new site. The evening departures are uncorrelated with the morning ones among the counters.
MORNING_DEPARTURE = (-0.4, -0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.25)
EVENING_DEPARTURE = (0.2, -0.1, -0.4, 0.3, 0.1, -0.3, 0.4, -0.2, -0.25)


def _places(shared: bool) -> list[np.ndarray]:
    """Hourly mean shapes of the places: the street's weekday shape with the 10:00 and 18:00 hours raised or
    lowered by the place's own departures, independent between the two hours or one and the same (shared)."""
    shapes = []
    for morning, evening in zip(MORNING_DEPARTURE, MORNING_DEPARTURE if shared else EVENING_DEPARTURE, strict=True):
        shape = sd.WEEKDAY_SHAPE.copy()
        shape[MORNING] *= np.exp(morning)
        shape[EVENING] *= np.exp(evening)
        shapes.append(20_000 * shape / shape.sum())
    return shapes


def _reference(shapes: list[np.ndarray], rng: np.random.Generator, days: int = 120) -> pd.DataFrame:
    rows = []
    for c, shape in enumerate(shapes):
        for i in range(days):
            counts = rng.poisson(shape * np.exp(rng.normal(0, 0.05, 24)))
            rows += [(f"C{c}", FIRST + timedelta(days=i), h, counts[h]) for h in range(24)]
    return pd.DataFrame(rows, columns=["counter_id", "day", "hour", "count"])


def _sheets(shape: np.ndarray, hours: list[int], rng: np.random.Generator) -> pd.DataFrame:
    """One hour counted in 15-minute intervals on each of four weekdays, at the given hour of each day."""
    rows = []
    for i, hour in enumerate(hours):
        for quarter in range(4):
            start = hour * 60 + 15 * quarter
            rows.append(("S", "A", FIRST + timedelta(days=140 + i), start, start + 15,
                         float(rng.poisson(shape[hour] / 4)), "O1", 1))
    return pd.DataFrame(rows, columns=["study_id", "site_id", "count_date", "start_min", "end_min", "count",
                                       "observers", "n_observers"])


def _weekday(model, site: np.ndarray, hours: list[int], rng: np.random.Generator) -> pd.Series:
    days = expand_site_days(_sheets(site, hours, rng), model, 1.0, frozenset())
    return typical_estimates(days, model).set_index("day_class").loc["weekday"]


@pytest.mark.parametrize("shared", [False, True])
def test_rotating_windows_narrow_the_typical_interval_only_where_places_differ_independently(shared: bool) -> None:
    rng = np.random.default_rng(7)
    shapes = _places(shared)
    days, _notes = prepare_reference(_reference(shapes[:8], rng), CFG)
    model = learn_profile(days, CFG)
    site = shapes[8]
    same = _weekday(model, site, [MORNING] * 4, rng)
    rotating = _weekday(model, site, [MORNING, EVENING, MORNING, EVENING], rng)
    if shared:
        # Places that are busier in the morning are as much busier in the evening: nothing averages out.
        assert rotating["sd_log"] == pytest.approx(same["sd_log"], rel=0.1)
    else:
        # Independent morning and evening departures: two windows halve the place's own part of the variance.
        assert rotating["sd_log"] < 0.8 * same["sd_log"]
        assert rotating["lower"] <= 20_000 <= rotating["upper"]


def test_the_reference_shows_how_alike_places_are_between_windows() -> None:
    rng = np.random.default_rng(3)
    weights = np.zeros((2, 24))
    weights[0, MORNING] = weights[1, EVENING] = 1
    corr = {}
    for shared in (False, True):
        days, _ = prepare_reference(_reference(_places(shared)[:8], rng, days=60), CFG)
        corr[shared] = learn_profile(days, CFG).location_correlation(("mon", "tue", "wed", "thu", "fri"), weights)
    assert corr[True][0, 1] > 0.8 and corr[False][0, 1] < 0.5
    # Too few counters cannot show it: the place's shape is then taken as fully shared between windows.
    few, _ = prepare_reference(_reference(_places(False)[:3], rng, days=30), CFG)
    assert learn_profile(few, CFG).location_correlation(("mon",), weights)[0, 1] == 1.0
