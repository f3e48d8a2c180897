"""A window where the reference places happen to agree must not promise a new place that it is ordinary there.

The planner picks, among hundreds of windows, the one where k reference places differ least; with few places some of
that agreement is chance, and a window's between-place spread estimated from those same places is then too small.
Here six counters differ hour by hour as places do, but by construction their departures cancel in the window
12:00-13:00 + 17:00-18:00; a seventh place is busier in both of those hours (each by one hour-to-hour spread, an
ordinary departure hour by hour). Left out, it must still be covered on most days.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from pipelines.footfall import sample_data as sd
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.loco import loco_scores
from pipelines.footfall.profiles import learn_profile, prepare_reference, spread_notes
from pipelines.footfall.window_fit import independent_hours_variance
from pipelines.footfall.windows import block_weights

CFG = FootfallConfig(holidays=frozenset())
HOUR_SPREAD = 0.15  # sd of a place's own departure from the street's shape, hour by hour (log scale)
WINDOW = [(12, 13), (17, 18)]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _places(rng: np.random.Generator) -> list[np.ndarray]:
    """Log departures per hour of six ordinary places that cancel in the window's hours, and the unusual seventh."""
    places = []
    for _ in range(6):
        own = rng.normal(0, HOUR_SPREAD, 24)
        own[17] = -own[12]  # as busy at noon as they are quiet in the evening: the window's share is the street's
        places.append(own)
    unusual = rng.normal(0, HOUR_SPREAD, 24)
    unusual[[12, 17]] = HOUR_SPREAD
    return [*places, unusual]


def _reference(seed: int = 3, days: int = 140) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = [date(2026, 1, 5) + timedelta(days=i) for i in range(days)]
    rows = []
    for i, own in enumerate(_places(rng)):
        shape = sd.WEEKDAY_SHAPE * np.exp(own)
        for d in dates:
            means = 20000 * shape / shape.sum() * np.exp(rng.normal(0, 0.2) + rng.normal(0, 0.1, 24))
            rows.append(pd.DataFrame({"counter_id": f"P{i + 1}", "day": d, "hour": np.arange(24),
                                      "count": rng.poisson(means)}))
    return pd.concat(rows, ignore_index=True)


def test_a_place_unusual_where_the_others_happen_to_agree_is_still_covered():
    days, _notes = prepare_reference(_reference(), CFG)
    model = learn_profile(days, CFG)
    window = block_weights(WINDOW)[None, :]
    scores = list(loco_scores(model, window, WEEKDAYS).values())
    covered = sum(s.covered[0] for s in scores)
    n = sum(s.n[0] for s in scores)
    per_place = covered / n
    assert per_place[-1] >= 0.80, per_place  # the unusual place, left out
    # Shrunk, not replaced: the window's between-place spread lies between what the six agreeing places show and
    # what their hour-by-hour spread implies for the window.
    spread = model.hour_spread(WEEKDAYS)
    stats = model.window_stats(WEEKDAYS, window[0])
    implied = float(np.sqrt(independent_hours_variance(spread, window, np.array([stats.beta]))[0]))
    assert 0 < spread.intensity < 1
    assert 0.2 * implied < stats.sd_location < implied, (stats.sd_location, implied)
    assert any("shrunk toward" in n and f"weekday {spread.intensity:.2f}" in n for n in spread_notes(model))
