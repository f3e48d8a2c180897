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
from pipelines.footfall.intervals import hour_counts, hour_weights
from pipelines.footfall.profiles import WindowStats, default_model
from pipelines.footfall.window_fit import CounterSums, fit_windows

Z90 = 1.6448536269514722


def stats(share: float, log_share: float | None = None, location: float = 0.15, day: float = 0.2) -> WindowStats:
    return WindowStats(share, math.log(share) if log_share is None else log_share, location, day, 100)


def test_hour_weights_split_intervals_across_clock_hours():
    # 10:00-10:15, 10:15-10:30 and 10:50-11:10: hour 10 gets 15+15+10 minutes, hour 11 gets 10.
    w = hour_weights(np.array([600, 615, 650]), np.array([615, 630, 670]))
    assert w[10] == pytest.approx(40 / 60)
    assert w[11] == pytest.approx(10 / 60)
    assert w.sum() == pytest.approx(50 / 60)
    # Counts follow the minutes: 60 people in 10:50-11:10 are 30 in hour 10 and 30 in hour 11.
    c = hour_counts(np.array([650]), np.array([670]), np.array([60.0]))
    assert c[10] == pytest.approx(30) and c[11] == pytest.approx(30)


def test_expand_count_by_hand():
    # 400 counted in a window holding 20% of the day: 2000 a day. Counting sd = sqrt(0.8 / 400) = 0.044721;
    # expansion sd = hypot(0.15, 0.2) = 0.25; total sd = sqrt(0.0625 + 0.002) = 0.253969;
    # bounds = 2000 * exp(+-1.644854 * 0.253969) = 2000 * exp(+-0.417742) = 3037.1 and 1317.1
    e = expand_count(400, stats(0.2), dispersion=1.0, z=Z90)
    assert e.estimate == pytest.approx(2000)
    assert e.sd_count == pytest.approx(math.sqrt(0.8 / 400))
    assert e.upper == pytest.approx(3037.1, abs=0.2)
    assert e.lower == pytest.approx(1317.1, abs=0.2)


def test_overdispersion_and_calibration_move_the_estimate_and_interval():
    plain = expand_count(400, stats(0.2, location=0.0, day=0.0), 1.0, Z90)
    grouped = expand_count(400, stats(0.2, location=0.0, day=0.0), 4.0, Z90)
    # With no expansion error the interval is counting noise only; phi = 4 doubles its log half-width.
    assert math.log(grouped.upper / grouped.estimate) == pytest.approx(2 * math.log(plain.upper / plain.estimate))
    calibrated = expand_count(400, stats(0.2, log_share=math.log(0.2 * 1.1)), 1.0, Z90)
    assert calibrated.estimate == pytest.approx(2000 / 1.1)


def test_contrast_seen_while_counting_moves_the_share_and_its_noise_widens():
    # beta 0.5: a window whose early half saw e^0.2 times more (relative to the mean) covers e^0.1 more of the day.
    s = WindowStats(0.2, math.log(0.2), 0.1, 0.1, 100, beta=0.5, mean_x=0.0, var_x=0.04)
    exact = expand_count(400, s, 1.0, Z90, contrast=0.2, contrast_noise=0.0)
    assert exact.estimate == pytest.approx(2000 / math.exp(0.1))
    # A contrast as noisy as its own spread is half believed, and adds beta^2 * var_x * (1 - 1/2) of variance.
    noisy = expand_count(400, s, 1.0, Z90, contrast=0.2, contrast_noise=0.04)
    assert noisy.estimate == pytest.approx(2000 / math.exp(0.05))
    sd = math.sqrt(0.02 + 0.25 * 0.04 * 0.5 + 0.8 / 400)
    assert noisy.upper == pytest.approx(noisy.estimate * math.exp(Z90 * sd))


def test_zero_count_gives_zero_estimate_and_a_poisson_upper_bound():
    e = expand_count(0, stats(0.25, location=0.0, day=0.0), 1.0, Z90)
    assert e.estimate == 0 and e.lower == 0
    assert e.upper == pytest.approx(-math.log(0.05) / 0.25)  # about 3 people in the window -> 12 a day


def test_default_model_uses_documented_profile_and_spread():
    model = default_model(FootfallConfig())
    w = np.zeros(24)
    w[10:12] = 1
    s = model.window_stats("tue", w)
    share = (dflt.WEEKDAY_WEIGHTS[10] + dflt.WEEKDAY_WEIGHTS[11]) / sum(dflt.WEEKDAY_WEIGHTS)
    assert s.share == pytest.approx(share) and s.log_share == pytest.approx(math.log(share))
    assert s.sd == pytest.approx(0.08 + 0.30 * (1 - share))
    assert s.n_days == 0 and model.source == "default"


def test_window_fit_anova_by_hand_with_the_few_counters_floor():
    # Counter 0: -0.1, 0, 0.1 (mean 0); counter 1: 0.2, 0.3, 0.4 (mean 0.3); no contrast (x = 0).
    # MSW = 0.04 / 4 = 0.01; MSB = 3 * 0.15^2 * 2 = 0.135; n0 = 3; between = (0.135 - 0.01) / 3 = 0.041667;
    # a new place: x (1 + 1/2) = 0.0625, above the few-counters floor 0.01 * 0.25 / 0.75.
    y = np.array([-0.1, 0.0, 0.1, 0.2, 0.3, 0.4])[:, None]
    fit = fit_windows(CounterSums.of(y, np.zeros_like(y), np.array([0, 0, 0, 1, 1, 1]), 2))
    assert fit.mean_y[0] == pytest.approx(0.15) and fit.beta[0] == 0
    assert fit.sd_day[0] == pytest.approx(0.1)
    assert fit.sd_location[0] == pytest.approx(0.25)
    # Two counters with the same mean: no between-place spread is seen, the floor keeps a quarter of the spread.
    same = fit_windows(CounterSums.of(y - np.array([0, 0, 0, 0.3, 0.3, 0.3])[:, None], np.zeros_like(y),
                                      np.array([0, 0, 0, 1, 1, 1]), 2))
    assert same.sd_location[0] == pytest.approx(math.sqrt(0.01 / 3))


def test_window_fit_recovers_the_contrast_slope_and_leaving_out_is_a_refit():
    rng = np.random.default_rng(4)
    codes = np.repeat(np.arange(6), 40)
    x = rng.normal(0, 0.3, (240, 2))
    y = -2 + np.array([0.4, -0.2]) * x + rng.normal(0, 0.05, (240, 2)) + rng.normal(0, 0.05, 6)[codes][:, None]
    sums = CounterSums.of(y, x, codes, 6)
    fit = fit_windows(sums)
    assert fit.beta == pytest.approx([0.4, -0.2], abs=0.03)
    left_out = fit_windows(sums.without(2))
    keep = codes != 2
    refit = fit_windows(CounterSums.of(y[keep], x[keep], np.unique(codes[keep], return_inverse=True)[1], 5))
    for name in ("mean_y", "mean_x", "beta", "sd_day", "sd_location"):
        assert getattr(left_out, name) == pytest.approx(getattr(refit, name)), name


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
