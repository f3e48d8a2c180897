"""Time-of-day x day-type profiles learned from automatic reference counters, with their variability.

A profile says which share of a day's passers-by falls in each clock hour, per day type
(mon..sun, holiday). Expanding a short count divides it by the share of the day it covered;
how wrong that share can be on a given day at a given place is learned from the reference
days themselves (the spread of the realised share around the profile share), so the interval
of an expanded count is as wide as the reference data says it must be. Without reference data
the documented built-in default profile is used (pipelines/footfall/default_profile.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.stats import norm

from pipelines.footfall import default_profile as dflt
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.daytypes import DAY_TYPES, DEFAULT_CALENDAR, HOLIDAY, WEEKDAYS, WEEKEND, DayCalendar, day_type
from pipelines.footfall.levels import DayLevels, default_levels, learn_levels
from pipelines.footfall.window_fit import (
    FEW_COUNTERS,
    LEAST_LOCATION_SHARE,
    CounterSums,
    HourSpread,
    fit_windows,
    hour_spread,
    location_correlation,
    reference_features,
)
from pipelines.footfall.windows import early_part

__all__ = ["DAY_TYPES", "WEEKDAYS", "WEEKEND", "ProfileModel", "ReferenceDays", "WindowStats", "day_type",
           "default_model", "learn_profile", "prepare_reference", "profile_table"]



def fallbacks(calendar: DayCalendar) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Where a day type with too few reference days borrows its profile from (first that has enough): holiday from
    the last weekend day type, then the whole weekend; a weekend type from the weekend, a weekday type from the
    weekdays."""
    weekend, weekdays = calendar.weekend_types, calendar.weekday_types
    out = {HOLIDAY: ((weekend[-1],), weekend)}
    out.update({t: (weekend,) for t in weekend})
    out.update({t: (weekdays,) for t in weekdays})
    return out


HOURS = np.eye(24)  # single-hour windows


@lru_cache(maxsize=64)
def z_value(level: float) -> float:
    return float(norm.ppf(0.5 + level / 2))


@dataclass(frozen=True)
class ReferenceDays:
    """Complete counter-days of the reference series: one row of 24 hourly counts each."""

    counters: np.ndarray
    dates: np.ndarray  # datetime.date objects
    day_types: np.ndarray
    hourly: np.ndarray  # (n, 24) float

    def __len__(self) -> int:
        return len(self.counters)

    @property
    def totals(self) -> np.ndarray:
        return self.hourly.sum(axis=1)

    def select(self, mask: np.ndarray) -> ReferenceDays:
        return ReferenceDays(self.counters[mask], self.dates[mask], self.day_types[mask], self.hourly[mask])


def prepare_reference(reference: pd.DataFrame, cfg: FootfallConfig) -> tuple[ReferenceDays, list[str]]:
    """Whole counter-days from (counter_id, day, hour, count) rows; incomplete days and outages are left out."""
    notes: list[str] = []
    empty = ReferenceDays(np.array([], dtype=object), np.array([], dtype=object), np.array([], dtype=object),
                          np.zeros((0, 24)))
    if reference.empty:
        return empty, notes
    # One row of 24 hours per counter and day, filled straight from codes (a year of 20 counters is 175,000 rows).
    counter_code, counter_names = pd.factorize(reference["counter_id"].astype(str), sort=True)
    day_code, day_values = pd.factorize(reference["day"], sort=True)
    key = counter_code.astype(np.int64) * len(day_values) + day_code
    keys, row = np.unique(key, return_inverse=True)
    hour = reference["hour"].to_numpy(int)
    hourly = np.zeros((len(keys), 24))
    np.add.at(hourly, (row, hour), reference["count"].to_numpy(float))
    seen = np.zeros((len(keys), 24), dtype=bool)
    seen[row, hour] = True
    complete = seen.all(axis=1)
    if not complete.all():
        notes.append(f"{int((~complete).sum())} reference counter-days without all 24 hours were left out")
    if not complete.any():
        return empty, notes
    keys, hourly = keys[complete], hourly[complete]
    counters = np.asarray(counter_names, dtype=object)[keys // len(day_values)]
    dates = np.asarray([pd.Timestamp(d).date() for d in day_values], dtype=object)[keys % len(day_values)]
    totals = hourly.sum(axis=1)
    keep = totals > 0
    for counter in np.unique(counters):
        mine = counters == counter
        median = np.median(totals[mine])
        keep[mine] &= totals[mine] >= cfg.outage_share * median
    if (~keep).sum():
        notes.append(f"{int((~keep).sum())} reference counter-days below {cfg.outage_share:.0%} of their counter's "
                     "median day were taken as outages and left out")
    types = np.asarray([cfg.calendar.day_type(d, cfg.holidays) for d in dates], dtype=object)
    days = ReferenceDays(counters, dates, types, hourly).select(keep)
    return days, notes


@dataclass(frozen=True)
class WindowStats:
    """What the reference data says about expanding a count over one window (hour weights) on one day type."""

    share: float  # profile share of the day's traffic the window covers (what the marts show)
    log_share: float  # calibrated log share a count over the window covers (at the reference's mean contrast)
    sd_location: float  # log-scale error that stays the same at one place day after day (a new place)
    sd_day: float  # log-scale error that changes from day to day (weather, events)
    n_days: int  # reference days behind these numbers (0 for the built-in default)
    beta: float = 0.0  # change of log share per unit of the window's early/late contrast (window_fit.py)
    mean_x: float = 0.0
    var_x: float = 0.0

    @property
    def sd(self) -> float:
        return float(np.hypot(self.sd_location, self.sd_day))

    def calibrated(self, contrast: float | None, contrast_noise: float = 0.0) -> tuple[float, float]:
        """Log share for the contrast seen while counting (None: not known), and the variance a noisy contrast adds."""
        if contrast is None or self.var_x <= 0:
            return self.log_share, 0.0
        reliability = self.var_x / (self.var_x + contrast_noise)
        extra = self.beta ** 2 * self.var_x * (1 - reliability)
        return self.log_share + self.beta * reliability * (contrast - self.mean_x), extra


@dataclass
class ProfileModel:
    source: str  # "reference" or "default"
    note: str
    shares: dict[str, np.ndarray]
    day_levels: DayLevels
    level: float = 0.90
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ref: ReferenceDays | None = None
    calendar: DayCalendar = DEFAULT_CALENDAR
    _cache: dict[str, tuple[np.ndarray, np.ndarray, int]] = field(default_factory=dict, repr=False)
    _stats: dict[tuple[str, bytes], WindowStats] = field(default_factory=dict, repr=False)
    _correlations: dict[tuple[str, bytes], np.ndarray] = field(default_factory=dict, repr=False)
    # Leave-counter-out scores and window statistics already computed: the planner and the method check score the
    # same candidate plans.
    loco_memo: dict[tuple, object] = field(default_factory=dict, repr=False)

    @property
    def levels(self) -> dict[str, float]:
        return self.day_levels.levels

    @property
    def weekend_ratio_sd(self) -> float:
        return self.day_levels.weekend_ratio_sd

    @property
    def z(self) -> float:
        return z_value(self.level)

    def class_level(self, day_class: str) -> float:
        """Level of weekday, weekend or week_average relative to the week's average day."""
        weekend = self.calendar.weekend
        if day_class == "weekday":
            return float(np.mean([self.levels[t] for t in self.calendar.week if t not in weekend]))
        if day_class == "weekend":
            return float(np.mean([self.levels[t] for t in self.calendar.week if t in weekend]))
        return 1.0

    def window_stats(self, day_types: str | Sequence[str], weights: np.ndarray) -> WindowStats:
        """Expansion statistics for hour weights (minutes counted per clock hour / 60) on the given day type(s).

        Remembered per day type and window: the sheets of a study mostly follow the same few plans."""
        w = np.round(np.asarray(weights, dtype=float), 6)
        key = (day_types if isinstance(day_types, str) else ",".join(day_types), w.tobytes())
        if key not in self._stats:
            self._stats[key] = self.window_stats_many(day_types, w[None, :])[0]
        return self._stats[key]

    def window_stats_many(self, day_types: str | Sequence[str], weights: np.ndarray) -> list[WindowStats]:
        """window_stats for each row of a (windows x 24) weight matrix at once (remembered: the planner and the
        method check ask for the same candidates)."""
        types = (day_types,) if isinstance(day_types, str) else tuple(day_types)
        w = np.atleast_2d(np.asarray(weights, dtype=float))
        key = ("stats", types, w.shape, np.round(w, 6).tobytes())
        if key not in self.loco_memo:
            self.loco_memo[key] = self._window_stats_many(types, w)
        return self.loco_memo[key]

    def _window_stats_many(self, types: tuple[str, ...], w: np.ndarray) -> list[WindowStats]:
        share = np.mean([w @ self.shares[t] for t in types], axis=0)
        if self.ref is None:
            out = []
            for s in share:
                sd = dflt.default_share_sd(float(s))
                out.append(WindowStats(float(s), float(np.log(max(s, 1e-9))), sd * np.sqrt(dflt.LOCATION_SHARE),
                                       sd * np.sqrt(1 - dflt.LOCATION_SHARE), 0))
            return out
        fit = fit_windows(self.counter_sums(types, w), self.hour_spread(types), w)
        return [WindowStats(float(share[j]), float(fit.mean_y[j]), float(fit.sd_location[j]), float(fit.sd_day[j]),
                            fit.n_days, float(fit.beta[j]), float(fit.mean_x[j]), float(fit.var_x[j]))
                for j in range(len(share))]

    def counter_sums(self, types: Sequence[str], weights: np.ndarray) -> CounterSums:
        """Per-counter sums of the windows' features over the reference days the given day types learn from."""
        pooled = sorted({g for t in types for g in self.groups[t]})
        total = self.type_sums(pooled[0], weights)
        for g in pooled[1:]:
            total = total.plus(self.type_sums(g, weights))
        return total

    def hour_sums(self, types: Sequence[str]) -> CounterSums:
        """Per-counter sums of single-hour windows (the hour-by-hour spread of places, window_fit.hour_spread)."""
        return self.counter_sums(types, HOURS)

    def hour_spread(self, types: Sequence[str]) -> HourSpread | None:
        key = ("hour spread", tuple(types))
        if key not in self.loco_memo:
            self.loco_memo[key] = hour_spread(self.hour_sums(types))
        return self.loco_memo[key]

    def type_sums(self, day_type: str, weights: np.ndarray, features: tuple[np.ndarray, np.ndarray] | None = None
                  ) -> CounterSums:
        """Per-counter sums of the windows' features (y, x of window_fit) over the reference days of one day type,
        remembered: the planner's pooled statistics (weekdays) and its leave-counter-out scores (day type by day
        type) then read every reference day's features once. features: y and x of those days, when known."""
        key = ("sums", day_type, weights.shape, np.round(weights, 6).tobytes())
        if key not in self.loco_memo:
            counters, codes = np.unique(self.ref.counters, return_inverse=True)
            mine = self.ref.day_types == day_type
            if features is None:
                y, x, _counted = reference_features(self.ref.hourly[mine], weights, early_part(weights))
            else:
                y, x = features
            self.loco_memo[key] = CounterSums.of(y, x, codes[mine], len(counters))
        return self.loco_memo[key]

    def location_correlation(self, types: Sequence[str], weights: np.ndarray) -> np.ndarray:
        """Correlation between windows (rows of hour weights) of how a place departs from the profile, learned from
        the reference counters of the given day types (window_fit.location_correlation); all 1 without them."""
        w = np.round(np.atleast_2d(np.asarray(weights, dtype=float)), 6)
        if self.ref is None or len(w) < 2:
            return np.ones((len(w), len(w)))
        key = (",".join(types), w.tobytes())
        if key not in self._correlations:
            hourly, codes, k = self.reference_for(tuple(types))
            self._correlations[key] = location_correlation(hourly, codes, k, w, early_part(w))
        return self._correlations[key]

    def reference_for(self, types: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int]:
        """Hourly counts of the reference days the given day types learn from, their counter codes, and k."""
        key = ",".join(types)
        if key not in self._cache:
            pooled = sorted({g for t in types for g in self.groups[t]})
            mask = np.isin(self.ref.day_types, pooled)
            all_codes = np.unique(self.ref.counters, return_inverse=True)[1]
            self._cache[key] = (self.ref.hourly[mask], all_codes[mask], int(all_codes.max()) + 1)
        return self._cache[key]


def learn_profile(days: ReferenceDays, cfg: FootfallConfig) -> ProfileModel:
    """Profiles, levels and variability from complete reference counter-days."""
    if len(days) == 0:
        return default_model(cfg)
    types = cfg.calendar.types
    counts = {t: int((days.day_types == t).sum()) for t in types}
    borrow = fallbacks(cfg.calendar)
    groups = {t: _group_for(t, counts, cfg.min_reference_days, borrow[t], types) for t in types}
    day_shares = days.hourly / days.totals[:, None]
    shares = {t: day_shares[np.isin(days.day_types, groups[t])].mean(axis=0) for t in types}
    day_levels = learn_levels(days.counters, days.dates, days.day_types, days.totals, cfg.calendar)
    levels = day_levels.levels
    for t in types:  # a day type never seen borrows its level too
        if t not in levels:
            levels[t] = float(np.mean([levels[g] for g in groups[t] if g in levels] or [1.0]))
    n_counters = len(np.unique(days.counters))
    borrowed = sorted(t for t in types if groups[t] != (t,))
    note = (f"learned from {n_counters} reference counter(s), {len(days)} counter-days "
            f"{min(days.dates)}..{max(days.dates)}")
    if borrowed:
        note += "; too few reference days of " + ", ".join(borrowed) + " (they borrow a related profile)"
    if cfg.calendar != DEFAULT_CALENDAR:
        note += f"; day types {', '.join(types)} (weekend: {', '.join(cfg.calendar.weekend)})"
    return ProfileModel("reference", note, shares, day_levels, cfg.interval_level, groups, days, cfg.calendar)


def default_model(cfg: FootfallConfig) -> ProfileModel:
    return ProfileModel(
        "default", "built-in default profile (no reference counter data); intervals use assumed spreads",
        {t: dflt.default_shares(t, cfg.calendar.weekend) for t in cfg.calendar.types}, default_levels(cfg.calendar),
        cfg.interval_level, {t: (t,) for t in cfg.calendar.types}, None, cfg.calendar,
    )


def _group_for(t: str, counts: dict[str, int], min_days: int, borrow: tuple[tuple[str, ...], ...],
               types: tuple[str, ...]) -> tuple[str, ...]:
    if counts[t] >= min_days:
        return (t,)
    for group in borrow:
        if sum(counts[g] for g in group) >= min_days:
            return group
    return tuple(d for d in types if counts[d] > 0)


def profile_table(model: ProfileModel) -> pd.DataFrame:
    """The learned (or default) profile as rows: day type, hour, share of the day, and the day-type level."""
    rows = []
    for t in model.calendar.types:
        sd = None
        if model.ref is not None:
            hourly, _codes, _k = model.reference_for((t,))
            day_shares = hourly / hourly.sum(axis=1, keepdims=True)
            sd = day_shares.std(axis=0, ddof=1) if len(day_shares) > 1 else np.full(24, np.nan)
        for hour in range(24):
            rows.append({
                "day_type": t, "hour": hour, "share": float(model.shares[t][hour]),
                "share_sd": float(sd[hour]) if sd is not None else None,
                "level": float(model.levels[t]), "uses_day_types": ",".join(model.groups[t]),
                "profile_source": model.source,
            })
    return pd.DataFrame(rows)


def spread_notes(model: ProfileModel) -> list[str]:
    """How the between-place part of the intervals was set (window_fit.py): shrunk toward the hours' spread, with the
    weight per planned day class, or the least share a handful of counters falls back on."""
    if model.ref is None:
        return []
    spreads = {day_class: model.hour_spread(types) for day_class, types in model.calendar.plan_classes().items()}
    if any(s is None for s in spreads.values()):
        return [f"between-place part of the intervals: fewer than {FEW_COUNTERS} reference counters cannot show how "
                f"different places are, so it is taken as at least {LEAST_LOCATION_SHARE:.0%} of each window's "
                "spread (docs/footfall.md)"]
    weights = ", ".join(f"{day_class} {s.intensity:.2f}" for day_class, s in spreads.items())
    return [f"between-place part of the intervals: each window's, shrunk toward what the places' hour-by-hour spread "
            f"implies (weight {weights}), so a plan cannot look safer because the counters agreed there by chance"]
