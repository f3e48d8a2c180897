"""Expansion of short counts and the typical-day estimates, on cases small enough to compute by hand."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from pipelines.footfall import default_profile as dflt
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.expansion import expand_count, typical_estimates
from pipelines.footfall.intervals import hour_weights
from pipelines.footfall.profiles import WindowStats, default_model, residual_stats, variance_parts

Z90 = 1.6448536269514722


def stats(share: float, bias: float = 0.0, low: float = 0.3, high: float = 0.2) -> WindowStats:
    return WindowStats(share, bias, low, high, 0.1, 0.1, 100)


def test_hour_weights_split_intervals_across_clock_hours():
    # 10:00-10:15, 10:15-10:30 and 10:50-11:10: hour 10 gets 15+15+10 minutes, hour 11 gets 10.
    w = hour_weights(np.array([600, 615, 650]), np.array([615, 630, 670]))
    assert w[10] == pytest.approx(40 / 60)
    assert w[11] == pytest.approx(10 / 60)
    assert w.sum() == pytest.approx(50 / 60)


def test_expand_count_by_hand():
    # 400 counted in a window holding 20% of the day: 2000 a day. Counting sd = sqrt(0.8 / 400) = 0.04472;
    # upper = 2000 * exp(sqrt(0.3^2 + (1.645 * 0.04472)^2)) = 2000 * exp(0.30889) = 2723.9
    # lower = 2000 * exp(-sqrt(0.2^2 + 0.07357^2)) = 2000 * exp(-0.21310) = 1616.2
    e = expand_count(400, stats(0.2), dispersion=1.0, z=Z90)
    assert e.estimate == pytest.approx(2000)
    assert e.sd_count == pytest.approx(math.sqrt(0.8 / 400))
    assert e.upper == pytest.approx(2723.9, abs=0.2)
    assert e.lower == pytest.approx(1616.2, abs=0.2)


def test_overdispersion_and_bias_move_the_estimate_and_interval():
    plain = expand_count(400, stats(0.2, low=0.0, high=0.0), 1.0, Z90)
    grouped = expand_count(400, stats(0.2, low=0.0, high=0.0), 4.0, Z90)
    # With no expansion error the interval is counting noise only; phi = 4 doubles its log half-width.
    assert math.log(grouped.upper / grouped.estimate) == pytest.approx(2 * math.log(plain.upper / plain.estimate))
    biased = expand_count(400, stats(0.2, bias=math.log(1.1)), 1.0, Z90)
    assert biased.estimate == pytest.approx(2000 / 1.1)


def test_zero_count_gives_zero_estimate_and_a_poisson_upper_bound():
    e = expand_count(0, stats(0.25, low=0.0), 1.0, Z90)
    assert e.estimate == 0 and e.lower == 0
    assert e.upper == pytest.approx(-math.log(0.05) / 0.25)  # about 3 people in the window -> 12 a day


def test_default_model_uses_documented_profile_and_spread():
    model = default_model(FootfallConfig())
    w = np.zeros(24)
    w[10:12] = 1
    s = model.window_stats("tue", w)
    share = (dflt.WEEKDAY_WEIGHTS[10] + dflt.WEEKDAY_WEIGHTS[11]) / sum(dflt.WEEKDAY_WEIGHTS)
    assert s.share == pytest.approx(share)
    assert s.half_low == pytest.approx(Z90 * (0.08 + 0.30 * (1 - share)))
    assert s.n_days == 0 and model.source == "default"


def test_residual_stats_remove_reference_noise_and_widen_for_one_counter():
    r = np.linspace(-0.5, 0.5, 101)[:, None]
    no_noise = residual_stats(np.array([0.2]), r, np.zeros_like(r), np.zeros(101, dtype=int), 0.9)[0]
    q05, q95 = np.quantile(r[:, 0], [0.05, 0.95])
    assert no_noise.bias == pytest.approx(0.0, abs=1e-12)
    # One counter: the unseen location part is assumed as large as the observed spread -> variance x 2.
    assert no_noise.half_low == pytest.approx(-q05 * math.sqrt(2))
    assert no_noise.half_high == pytest.approx(q95 * math.sqrt(2))
    noisy = residual_stats(np.array([0.2]), r, np.full_like(r, 0.01), np.zeros(101, dtype=int), 0.9)[0]
    assert noisy.half_low == pytest.approx(math.sqrt(q05 ** 2 - Z90 ** 2 * 0.01) * math.sqrt(2))


def test_variance_parts_by_hand():
    # Counter 0: -0.1, 0, 0.1 (mean 0); counter 1: 0.2, 0.3, 0.4 (mean 0.3).
    # MSW = 0.04 / 4 = 0.01; MSB = 3 * 0.15^2 * 2 = 0.135; n0 = 3; between = (0.135 - 0.01) / 3 = 0.041667
    # f = 0.041667 / 0.051667 = 0.80645; location part widened by (k + 1) / (k - 1) = 3.
    r = np.array([-0.1, 0.0, 0.1, 0.2, 0.3, 0.4])[:, None]
    day, location = variance_parts(r, np.array([0, 0, 0, 1, 1, 1]))
    assert day[0] == pytest.approx(1 - 0.80645, abs=1e-4)
    assert location[0] == pytest.approx(0.80645 * 3, abs=1e-4)


def _site_days(rows: list[tuple[date, str, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"study_id": "S", "site_id": "A", "count_date": d, "day_type": t, "daily_estimate": est,
                          "sd_log_day": 0.1, "sd_log_count": 0.0, "sd_log_location": 0.05} for d, t, est in rows])


def test_typical_weekday_by_hand_with_default_levels():
    model = default_model(FootfallConfig())
    # Default levels: tue 0.95, thu 0.98, weekday class (mon..fri) 0.98. 9500 on a Tuesday and 9800 on a
    # Thursday both mean a typical weekday of 9800.
    out = typical_estimates(_site_days([(date(2026, 9, 8), "tue", 9500.0), (date(2026, 9, 10), "thu", 9800.0)]),
                            model)
    wd = out.set_index("day_class").loc["weekday"]
    assert wd["estimate"] == pytest.approx(9800)
    # Per day: 0.1^2 + 0.15^2 * (1 - 0.3) + 0.05^2 = 0.02825 -> pooled 0.014125; shared 0.05^2 + 0.15^2 * 0.3.
    sd = math.sqrt(0.014125 + 0.0025 + 0.00675)
    assert wd["sd_log"] == pytest.approx(sd)
    assert wd["lower"] == pytest.approx(9800 * math.exp(-Z90 * sd))
    assert wd["basis"] == "counted" and wd["days_used"] == 2
    we = out.set_index("day_class").loc["weekend"]
    assert we["basis"] == "extrapolated from weekdays"
    assert we["estimate"] == pytest.approx(9800 / 0.98 * (1.12 + 0.98) / 2)
    assert we["sd_log"] == pytest.approx(math.sqrt(sd ** 2 + 0.15 ** 2))


def test_same_day_reference_anomaly_is_taken_out_of_the_typical_day():
    model = default_model(FootfallConfig())
    model.day_levels.anomalies[date(2026, 9, 8)] = math.log(0.8)  # a rainy Tuesday: the counters saw -20%
    out = typical_estimates(_site_days([(date(2026, 9, 8), "tue", 7600.0)]), model).set_index("day_class")
    assert out.loc["weekday", "estimate"] == pytest.approx(7600 / 0.8 / 0.95 * 0.98)
    assert out.loc["weekday", "days_with_reference"] == 1
