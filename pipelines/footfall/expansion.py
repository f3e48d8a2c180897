"""Expanding short counts to daily estimates with intervals, and days to typical weekday/weekend levels.

One site-day: C passers-by counted in a window. The reference counters say which log share L of the day such
a count covers, calibrated on the window's own early/late contrast x (window_fit.py): a place whose traffic
comes later in the day than the profile shows it while being counted.
    estimate = C / exp(L(x))
Three independent sources of error, added on the log scale:
    location: how differently a new place fills its day (between reference counters, for a place not among them);
    day:      how far one day's share strays from the place's own (weather, events);
    counting: relative sd sqrt(phi * (1 - S) / C), binomial thinning of the day's passers-by with overdispersion
              phi (people walk in groups), and the noise a hand count puts into x.
    upper, lower = estimate * exp(+-z * sd)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from pipelines.footfall.daytypes import HOLIDAY
from pipelines.footfall.intervals import group_codes, hour_counts, hour_weights
from pipelines.footfall.profiles import ProfileModel, WindowStats
from pipelines.footfall.quality import SITE_DAY
from pipelines.footfall.window_fit import MIN_COUNT
from pipelines.footfall.windows import early_part

DAY_CLASSES = ("weekday", "weekend", "week_average")
# footfall_site_day's working column (not in the mart): the hour weights the day was counted in, so typical
# estimates can tell a site counted at different times of day from one counted in the same window every day.
WINDOW = "window_weights"


@dataclass(frozen=True)
class Expansion:
    estimate: float
    lower: float
    upper: float
    sd_count: float  # log-scale sd of the counting noise


def expand_count(count: float, stats: WindowStats, dispersion: float, z: float, contrast: float | None = None,
                 contrast_noise: float = 0.0) -> Expansion:
    """Daily estimate and interval from a count over a window with the given expansion statistics."""
    est, lower, upper, sd = expand_counts(np.asarray([count], dtype=float), stats, dispersion, z,
                                          None if contrast is None else np.asarray([contrast]),
                                          np.asarray([contrast_noise]))
    return Expansion(float(est[0]), float(lower[0]), float(upper[0]), float(sd[0]))


def expand_counts(counts: np.ndarray, stats: WindowStats, dispersion: float, z: float,
                  contrast: np.ndarray | None = None, contrast_noise: np.ndarray | float = 0.0
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised expand_count: estimates, lower and upper bounds, log-scale counting sd (inf for zero counts)."""
    counts = np.asarray(counts, dtype=float)
    if contrast is None:
        log_share, extra = np.full(len(counts), stats.log_share), np.zeros(len(counts))
    else:
        log_share, extra = np.vectorize(stats.calibrated)(np.asarray(contrast, dtype=float),
                                                          np.broadcast_to(contrast_noise, counts.shape))
    return _expand(counts, np.full(len(counts), stats.share), log_share, np.full(len(counts), stats.sd), extra,
                   dispersion, z)


def _expand(counts: np.ndarray, share: np.ndarray, log_share: np.ndarray, sd_fixed: np.ndarray, extra: np.ndarray,
            dispersion: float, z: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Counts over windows with the profile share, the calibrated log share, the location-and-day sd and the
    contrast's extra variance of each: estimates, lower and upper bounds, counting sd (inf for zero counts)."""
    share = np.clip(share, 1e-9, 1.0)
    effective = np.exp(log_share)
    positive = counts > 0
    safe = np.where(positive, counts, 1.0)
    sd_count = np.where(positive, np.sqrt(dispersion * np.maximum(1 - share, 0.0) / safe), np.inf)
    estimate = np.where(positive, counts / effective, 0.0)
    sd = np.sqrt(sd_fixed ** 2 + extra + np.where(positive, sd_count, 0.0) ** 2)
    upper = estimate * np.exp(z * sd)
    lower = estimate * np.exp(-z * sd)
    if not positive.all():
        # Nobody seen: the upper bound is what a Poisson count of zero still allows (about 3 at 90%).
        zero_upper = -np.log((1 - _level_of(z)) / 2) * dispersion / effective * np.exp(z * sd_fixed)
        upper = np.where(positive, upper, zero_upper)
    return estimate, lower, upper, sd_count


def _level_of(z: float) -> float:
    return float(2 * norm.cdf(z) - 1)


def expand_site_days(site_int: pd.DataFrame, model: ProfileModel, dispersion: float,
                     holidays: frozenset) -> pd.DataFrame:
    """footfall_site_day rows from per-site, per-day interval counts (all site-days at once)."""
    if site_int.empty:
        return pd.DataFrame()
    iv = site_int.sort_values([*SITE_DAY, "start_min"], kind="stable").reset_index(drop=True)
    group = group_codes(iv, SITE_DAY)
    n = int(group.max()) + 1
    first = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    starts, ends = iv["start_min"].to_numpy(float), iv["end_min"].to_numpy(float)
    counts = iv["count"].to_numpy(float)
    weights = hour_weights(starts, ends, group, n)
    per_hour = hour_counts(starts, ends, counts, group, n)
    days = iv["count_date"].to_numpy()[first]
    types = np.array([model.calendar.day_type(d, holidays) for d in days], dtype=object)
    stats = [model.window_stats(t, w) for t, w in zip(types, weights, strict=True)]
    count = np.bincount(group, weights=counts, minlength=n)
    hours = np.bincount(group, weights=ends - starts, minlength=n) / 60
    log_share, extra = _calibrated(stats, *_contrasts(weights, per_hour, dispersion))
    estimate, lower, upper, sd_count = _expand(
        count, np.array([s.share for s in stats]), log_share, np.array([s.sd for s in stats]), extra, dispersion,
        model.z)
    observers = iv.groupby(group, sort=True)["observers"].agg(lambda s: ",".join(sorted(set(",".join(s).split(",")))))
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.DataFrame({
            "study_id": iv["study_id"].to_numpy()[first], "site_id": iv["site_id"].to_numpy()[first],
            "count_date": days, "day_type": types, "observers": observers.to_numpy(),
            "intervals_counted": np.bincount(group, minlength=n), "counted_hours": hours,
            "first_interval_start": [_hhmm(m) for m in np.minimum.reduceat(starts, first)],
            "last_interval_end": [_hhmm(m) for m in np.maximum.reduceat(ends, first)],
            "observed_count": count, "hourly_rate": np.where(hours > 0, count / hours, np.nan),
            "share_of_day": [s.share for s in stats], "daily_estimate": estimate, "lower": lower, "upper": upper,
            "interval_level": model.level,
            "rel_half_width": np.where(estimate > 0, (upper - lower) / (2 * estimate), np.nan),
            "sd_log_location": [s.sd_location for s in stats], "sd_log_day": [s.sd_day for s in stats],
            "sd_log_count": np.where(np.isfinite(sd_count), sd_count, np.nan),
            "profile_source": model.source, "reference_days": [s.n_days for s in stats],
            WINDOW: list(weights),
        })


def _contrasts(weights: np.ndarray, per_hour: np.ndarray, dispersion: float) -> tuple[np.ndarray, np.ndarray]:
    """Each window's early/late contrast x (NaN for a window inside one clock hour) and its counting-noise
    variance, as window_contrast for one sheet."""
    early = early_part(weights) > 0
    early_count = (per_hour * early).sum(axis=1)
    late_count = per_hour.sum(axis=1) - early_count
    x = np.log(np.maximum(early_count, MIN_COUNT) / np.maximum(late_count, MIN_COUNT))
    noise = dispersion * (1 / np.maximum(early_count, 1.0) + 1 / np.maximum(late_count, 1.0))
    split = early.any(axis=1)
    return np.where(split, x, np.nan), np.where(split, noise, 0.0)


def _calibrated(stats: list[WindowStats], contrast: np.ndarray, noise: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WindowStats.calibrated for many windows: log shares and the extra variance of noisy contrasts."""
    log_share, beta, mean_x, var_x = (np.array([getattr(s, a) for s in stats])
                                      for a in ("log_share", "beta", "mean_x", "var_x"))
    usable = np.isfinite(contrast) & (var_x > 0)
    reliability = np.where(usable, var_x / np.where(usable, var_x + noise, 1.0), 0.0)
    shifted = log_share + beta * reliability * (np.nan_to_num(contrast) - mean_x)
    return np.where(usable, shifted, log_share), np.where(usable, beta ** 2 * var_x * (1 - reliability), 0.0)


def typical_estimates(site_days: pd.DataFrame, model: ProfileModel) -> pd.DataFrame:
    """Typical weekday, weekend and week-average daily traffic per site, from its expanded days.

    Each day is cleaned of its city-wide anomaly (the reference counters' mean deviation on that
    date, when they ran) and moved to the class level with the reference day-type levels; days are
    then pooled by inverse variance. Day-specific errors average out over days; the location part
    of the expansion error, and for days without reference data the weather-spell part shared by
    nearby days, do not. A class with no counted day is extrapolated with the between-place spread
    of the weekend/weekday ratio added.
    """
    rows = []
    levels = model.day_levels
    kept = site_days[site_days["daily_estimate"] > 0]
    for (study, site), g in kept.groupby(["study_id", "site_id"], sort=True):
        day = {"date": g["count_date"].to_numpy(), "type": g["day_type"].to_numpy(dtype=object),
               "log_estimate": np.log(g["daily_estimate"].to_numpy(float)),
               "var": (g["sd_log_day"].to_numpy(float) ** 2 + g["sd_log_count"].fillna(0).to_numpy(float) ** 2),
               "location_var": g["sd_log_location"].to_numpy(float) ** 2,
               "window": np.stack(g[WINDOW].to_numpy()) if WINDOW in g else None}
        anomaly_all = np.array([levels.anomalies.get(d, np.nan) for d in day["date"]])
        level_all = np.log([model.levels[t] for t in day["type"]])
        for day_class in DAY_CLASSES:
            used, basis, extra = _days_for(day["type"], day_class, model)
            anomaly = anomaly_all[used]
            known = np.isfinite(anomaly)
            x = (day["log_estimate"][used] - np.where(known, anomaly, 0.0) - level_all[used]
                 + np.log(model.class_level(day_class)))
            day_var = (np.where(known, levels.same_day_sd ** 2, levels.day_sd ** 2 * (1 - levels.day_corr))
                       + levels.day_type_sd ** 2)
            # Generalised least squares over the days: their own errors are independent, the place's own shape
            # is shared as far as their windows are alike (fully, when every day was counted in one window).
            cov = np.diag(day["var"][used] + day_var) + _location_cov(
                model, day["type"][used], None if day["window"] is None else day["window"][used],
                np.sqrt(day["location_var"][used]))
            w = np.linalg.solve(cov, np.ones(len(x)))
            mean = float(w @ x / w.sum())
            shared = (1 - known.mean()) * levels.day_sd ** 2 * levels.day_corr + extra
            sd = float(np.sqrt(1 / w.sum() + shared))
            rows.append({
                "study_id": study, "site_id": site, "day_class": day_class, "estimate": float(np.exp(mean)),
                "lower": float(np.exp(mean - model.z * sd)), "upper": float(np.exp(mean + model.z * sd)),
                "interval_level": model.level, "days_used": int(used.sum()),
                "dates_used": ",".join(str(d) for d in day["date"][used]), "basis": basis,
                "days_with_reference": int(known.sum()), "sd_log": sd, "profile_source": model.source,
            })
    return pd.DataFrame(rows)


def _location_cov(model: ProfileModel, types: np.ndarray, windows: np.ndarray | None, sd: np.ndarray) -> np.ndarray:
    """Covariance between counted days of the error the place's own shape puts in them: sd_i sd_j times how alike
    places are between the two days' windows (1 for the same window; window_fit.location_correlation)."""
    if windows is None:  # windows unknown: taken as one, the error fully shared
        return np.full((len(sd), len(sd)), float(np.mean(sd ** 2)))
    distinct, which = np.unique(np.round(windows, 6), axis=0, return_inverse=True)
    pooled = sorted(set(types) - {HOLIDAY}) or sorted(set(types))
    corr = model.location_correlation(tuple(pooled), distinct)
    which = which.ravel()
    return corr[np.ix_(which, which)] * np.outer(sd, sd)


def _days_for(types: np.ndarray, day_class: str, model: ProfileModel) -> tuple[np.ndarray, str, float]:
    """Which counted days (a mask) a class is estimated from, how, and the variance extrapolation adds."""
    regular = types != HOLIDAY
    if not regular.any():
        return np.ones(len(types), dtype=bool), "extrapolated from holiday counts", model.weekend_ratio_sd ** 2
    weekday = np.isin(types, model.calendar.weekday_types)
    weekend = np.isin(types, model.calendar.weekend_types)
    ratio_var = model.weekend_ratio_sd ** 2
    if day_class == "weekday":
        return (weekday, "counted", 0.0) if weekday.any() else (regular, "extrapolated from weekend days", ratio_var)
    if day_class == "weekend":
        return (weekend, "counted", 0.0) if weekend.any() else (regular, "extrapolated from weekdays", ratio_var)
    if weekday.any() and weekend.any():
        return regular, "counted", 0.0
    if weekday.any():
        return regular, "no weekend day counted (weekend part extrapolated)", (2 / 7) ** 2 * ratio_var
    return regular, "no weekday counted (weekday part extrapolated)", (5 / 7) ** 2 * ratio_var


def window_contrast(starts: np.ndarray, ends: np.ndarray, counts: np.ndarray, weights: np.ndarray, dispersion: float
                    ) -> tuple[float | None, float]:
    """A sheet's early/late contrast x (as window_fit defines it) and its counting-noise variance (None: one hour)."""
    x, noise = _contrasts(np.atleast_2d(weights), hour_counts(starts, ends, counts)[None, :], dispersion)
    return (None if np.isnan(x[0]) else float(x[0])), float(noise[0])


def _hhmm(minutes: float) -> str:
    return f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}"
