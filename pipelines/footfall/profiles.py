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
from pipelines.footfall.daytypes import DAY_TYPES, WEEKDAYS, WEEKEND, day_type
from pipelines.footfall.levels import DayLevels, default_levels, learn_levels

__all__ = ["DAY_TYPES", "WEEKDAYS", "WEEKEND", "ProfileModel", "ReferenceDays", "WindowStats", "day_type",
           "default_model", "learn_profile", "prepare_reference", "profile_table"]

# Where a day type with too few reference days borrows its profile from (first that has enough).
FALLBACKS = {"holiday": (("sun",), ("sat", "sun")), "sat": (("sat", "sun"),), "sun": (("sat", "sun"),)}
FALLBACKS.update({d: (WEEKDAYS,) for d in WEEKDAYS})


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
    ref = reference.assign(counter_id=reference["counter_id"].astype(str))
    grouped = ref.groupby(["counter_id", "day"], sort=True)
    n_hours = grouped["hour"].nunique()
    complete = n_hours[n_hours == 24].index
    if len(complete) < len(n_hours):
        notes.append(f"{len(n_hours) - len(complete)} reference counter-days without all 24 hours were left out")
    wide = (ref.set_index(["counter_id", "day"]).loc[complete].reset_index()
            .pivot_table(index=["counter_id", "day"], columns="hour", values="count", aggfunc="sum"))
    if wide.empty:
        return empty, notes
    hourly = wide.reindex(columns=range(24)).to_numpy(dtype=float)
    counters = np.asarray(wide.index.get_level_values(0), dtype=object)
    dates = np.asarray([pd.Timestamp(d).date() for d in wide.index.get_level_values(1)], dtype=object)
    totals = hourly.sum(axis=1)
    keep = totals > 0
    for counter in np.unique(counters):
        mine = counters == counter
        median = np.median(totals[mine])
        keep[mine] &= totals[mine] >= cfg.outage_share * median
    if (~keep).sum():
        notes.append(f"{int((~keep).sum())} reference counter-days below {cfg.outage_share:.0%} of their counter's "
                     "median day were taken as outages and left out")
    types = np.asarray([day_type(d, cfg.holidays) for d in dates], dtype=object)
    days = ReferenceDays(counters, dates, types, hourly).select(keep)
    return days, notes


@dataclass(frozen=True)
class WindowStats:
    """What the reference data says about expanding a count over one window (hour weights) on one day type."""

    share: float  # profile share of the day's traffic the window covers
    bias: float  # median log(realised share / profile share); the estimate divides it out
    half_low: float  # log distance from that median down to the lower interval quantile of the realised share
    half_high: float  # ... and up to the upper one (reference counting noise removed from both)
    sd_location: float  # part of the spread that stays the same at one place day after day
    sd_day: float  # part that changes from day to day (weather, events)
    n_days: int  # reference days behind these numbers (0 for the built-in default)


@dataclass
class ProfileModel:
    source: str  # "reference" or "default"
    note: str
    shares: dict[str, np.ndarray]
    day_levels: DayLevels
    level: float = 0.90
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ref: ReferenceDays | None = None
    _cache: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

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
        if day_class == "weekday":
            return float(np.mean([self.levels[d] for d in WEEKDAYS]))
        if day_class == "weekend":
            return float(np.mean([self.levels[d] for d in WEEKEND]))
        return 1.0

    def window_stats(self, day_types: str | Sequence[str], weights: np.ndarray) -> WindowStats:
        """Expansion statistics for hour weights (minutes counted per clock hour / 60) on the given day type(s)."""
        return self.window_stats_many(day_types, np.asarray(weights, dtype=float)[None, :])[0]

    def window_stats_many(self, day_types: str | Sequence[str], weights: np.ndarray) -> list[WindowStats]:
        """window_stats for each row of a (windows x 24) weight matrix at once."""
        types = (day_types,) if isinstance(day_types, str) else tuple(day_types)
        w = np.atleast_2d(np.asarray(weights, dtype=float)).T  # 24 x m
        share = np.mean([self.shares[t] @ w for t in types], axis=0)
        if self.ref is None:
            out = []
            for s in share:
                sd = dflt.default_share_sd(float(s))
                out.append(WindowStats(float(s), 0.0, self.z * sd, self.z * sd, sd * np.sqrt(dflt.LOCATION_SHARE),
                                       sd * np.sqrt(1 - dflt.LOCATION_SHARE), 0))
            return out
        r_parts, v_parts, c_parts = [], [], []
        for t in types:
            _day_shares, hourly, codes = self._group_days(t)
            counted = np.maximum(hourly @ w, 0.5)
            realised = counted / hourly.sum(axis=1)[:, None]
            r_parts.append(np.log(realised / (self.shares[t] @ w)[None, :]))
            v_parts.append((1 - realised) / counted)
            c_parts.append(codes)
        return residual_stats(share, np.vstack(r_parts), np.vstack(v_parts), np.concatenate(c_parts), self.level)

    def _group_days(self, t: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if t not in self._cache:
            days = self.ref.select(np.isin(self.ref.day_types, self.groups[t]))
            codes = np.unique(self.ref.counters, return_inverse=True)[1][np.isin(self.ref.day_types, self.groups[t])]
            self._cache[t] = (days.hourly / days.totals[:, None], days.hourly, codes)
        return self._cache[t]


def residual_stats(share: np.ndarray, r: np.ndarray, v_ref: np.ndarray, counters: np.ndarray, level: float
                   ) -> list[WindowStats]:
    """Median and interval half-widths of log realised/profile share, for use at a new place.

    r and v_ref are (reference days x windows). The reference's own Poisson noise is removed. The
    spread is then widened for the location part: the profile is the mean of the k counters it was
    learned from, so their deviations from it understate how far a new place can be from it, by a
    factor (k + 1) / (k - 1) in variance.
    """
    z = z_value(level)
    bias = np.median(r, axis=0)
    q_lo, q_hi = np.quantile(r, [(1 - level) / 2, (1 + level) / 2], axis=0)
    noise = z * z * np.median(v_ref, axis=0)
    half_low = np.sqrt(np.maximum((bias - q_lo) ** 2 - noise, 0.0))
    half_high = np.sqrt(np.maximum((q_hi - bias) ** 2 - noise, 0.0))
    day_part, location_part = variance_parts(r, counters)
    sd = (half_low + half_high) / (2 * z)
    # A handful of counters cannot show how different places are: never assume less than the floor.
    sd_location = np.maximum(sd * np.sqrt(location_part), dflt.location_sd_floor(share))
    sd_day = sd * np.sqrt(day_part)
    inflate = np.divide(np.sqrt(sd_day ** 2 + sd_location ** 2), sd, out=np.ones_like(sd), where=sd > 0)
    return [WindowStats(float(share[j]), float(bias[j]), float(half_low[j] * inflate[j]),
                        float(half_high[j] * inflate[j]), float(sd_location[j]), float(sd_day[j]), r.shape[0])
            for j in range(r.shape[1])]


def variance_parts(r: np.ndarray, counters: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Day-to-day and location parts of the spread a new place faces, as multiples of the observed variance.

    r is (days x windows); counters holds each day's counter as an integer code. A one-way ANOVA over
    counters splits the observed variance into a between-counter share f and the rest; the location
    part is widened by (k + 1) / (k - 1). With one counter no difference between places is visible:
    the unseen location part is assumed as large as the observed (day-to-day) variance.
    """
    m = r.shape[1]
    _, idx = np.unique(counters, return_inverse=True)
    sizes = np.bincount(idx)
    k, n = len(sizes), r.shape[0]
    if k < 2 or n <= k:
        return np.ones(m), np.ones(m)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), idx] = 1.0
    means = (onehot.T @ r) / sizes[:, None]  # k x m
    msw = ((r - means[idx]) ** 2).sum(axis=0) / (n - k)
    msb = (sizes[:, None] * (means - r.mean(axis=0)) ** 2).sum(axis=0) / (k - 1)
    n0 = (n - (sizes ** 2).sum() / n) / (k - 1)
    between = np.maximum((msb - msw) / n0, 0.0)
    total = between + msw
    frac = np.divide(between, total, out=np.zeros(m), where=total > 0)
    return 1.0 - frac, frac * (k + 1) / (k - 1)


def learn_profile(days: ReferenceDays, cfg: FootfallConfig) -> ProfileModel:
    """Profiles, levels and variability from complete reference counter-days."""
    if len(days) == 0:
        return default_model(cfg)
    counts = {t: int((days.day_types == t).sum()) for t in DAY_TYPES}
    groups = {t: _group_for(t, counts, cfg.min_reference_days) for t in DAY_TYPES}
    day_shares = days.hourly / days.totals[:, None]
    shares = {t: day_shares[np.isin(days.day_types, groups[t])].mean(axis=0) for t in DAY_TYPES}
    day_levels = learn_levels(days.counters, days.dates, days.day_types, days.totals)
    levels = day_levels.levels
    for t in DAY_TYPES:  # a day type never seen borrows its level too
        if t not in levels:
            levels[t] = float(np.mean([levels[g] for g in groups[t] if g in levels] or [1.0]))
    n_counters = len(np.unique(days.counters))
    borrowed = sorted(t for t in DAY_TYPES if groups[t] != (t,))
    note = (f"learned from {n_counters} reference counter(s), {len(days)} counter-days "
            f"{min(days.dates)}..{max(days.dates)}")
    if borrowed:
        note += "; too few reference days of " + ", ".join(borrowed) + " (they borrow a related profile)"
    return ProfileModel("reference", note, shares, day_levels, cfg.interval_level, groups, days)


def default_model(cfg: FootfallConfig) -> ProfileModel:
    return ProfileModel(
        "default", "built-in default profile (no reference counter data); intervals use assumed spreads",
        {t: dflt.default_shares(t) for t in DAY_TYPES}, default_levels(), cfg.interval_level,
        {t: (t,) for t in DAY_TYPES}, None,
    )


def _group_for(t: str, counts: dict[str, int], min_days: int) -> tuple[str, ...]:
    if counts[t] >= min_days:
        return (t,)
    for group in FALLBACKS[t]:
        if sum(counts[g] for g in group) >= min_days:
            return group
    return tuple(d for d in DAY_TYPES if counts[d] > 0)


def profile_table(model: ProfileModel) -> pd.DataFrame:
    """The learned (or default) profile as rows: day type, hour, share of the day, and the day-type level."""
    rows = []
    for t in DAY_TYPES:
        sd = None
        if model.ref is not None:
            day_shares, _hourly, _c = model._group_days(t)
            sd = day_shares.std(axis=0, ddof=1) if len(day_shares) > 1 else np.full(24, np.nan)
        for hour in range(24):
            rows.append({
                "day_type": t, "hour": hour, "share": float(model.shares[t][hour]),
                "share_sd": float(sd[hour]) if sd is not None else None,
                "level": float(model.levels[t]), "uses_day_types": ",".join(model.groups[t]),
                "profile_source": model.source,
            })
    return pd.DataFrame(rows)
