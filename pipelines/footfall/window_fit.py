"""What the reference counters say about expanding a count over a window: a calibrated share of the day and
how far it can be off, for a new place.

For each reference counter-day and window:
    y = log(share of the day's total counted in the window)
    x = log(early-half count / late-half count)        (the window's own time-of-day contrast)
A linear fit y = mean_y + beta * (x - mean_x) over the reference days predicts the share a count covered
from the contrast seen while counting: a place (or a day) whose traffic peaks later than the profile shows it
in x. The residuals are split (one-way ANOVA over counters) into a day-to-day part and a between-place part;
a new place carries the between-place part of k counters' mean, times (1 + 1/k). Everything is computed
from per-counter sums, so leaving a counter out (the method check, the planner) costs a subtraction, not a refit.

A window's between-place part is estimated from k places only (k - 1 degrees of freedom), and the planner picks the
window with the smallest error among hundreds: it finds windows where those k places happen to agree, whose
between-place part is underestimated, and a new place then falls outside its intervals far more often than 10%.
So that part is shrunk (Ledoit-Wolf, diagonal target) toward what the hour-by-hour spread of places implies for the
window if places departed from the profile independently hour by hour (hour_spread): a window cannot hide from
the spread of the hours it counts just because k places happened to agree there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.footfall.windows import early_part

# With fewer counters than this, the between-place part is at least LEAST_LOCATION_SHARE of the spread:
# on real street counters differences between places carry about a quarter of a 2-hour count's error.
FEW_COUNTERS = 5
LEAST_LOCATION_SHARE = 0.25
# Counts below this are taken as this (a window where a counter saw nobody still has a finite log share).
MIN_COUNT = 0.5


def reference_features(hourly: np.ndarray, weights: np.ndarray, early: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """y, x and the window counts (days x windows) from hourly counts (days x 24) and window weights (windows x 24)."""
    counted = hourly @ weights.T
    totals = hourly.sum(axis=1, keepdims=True)
    y = np.log(np.maximum(counted, MIN_COUNT) / totals)
    early_counts = hourly @ early.T
    late_counts = counted - early_counts
    has_split = early.sum(axis=1) > 0
    x = np.where(has_split[None, :],
                 np.log(np.maximum(early_counts, MIN_COUNT) / np.maximum(late_counts, MIN_COUNT)), 0.0)
    return y, x, counted


@dataclass(frozen=True)
class CounterSums:
    """Per counter (rows) and window (columns): days and raw sums of y, x, y^2, x*y, x^2."""

    n: np.ndarray  # (k,)
    sy: np.ndarray
    sx: np.ndarray
    syy: np.ndarray
    sxy: np.ndarray
    sxx: np.ndarray

    @classmethod
    def of(cls, y: np.ndarray, x: np.ndarray, codes: np.ndarray, k: int) -> CounterSums:
        order = np.argsort(codes, kind="stable")
        sorted_codes = codes[order]
        present, starts = np.unique(sorted_codes, return_index=True)
        n = np.bincount(codes, minlength=k).astype(float)

        def per_counter(values: np.ndarray) -> np.ndarray:
            out = np.zeros((k, values.shape[1]))
            if len(present):
                out[present] = np.add.reduceat(values[order], starts, axis=0)
            return out

        return cls(n, per_counter(y), per_counter(x), per_counter(y * y), per_counter(x * y), per_counter(x * x))

    def without(self, counter: int) -> CounterSums:
        keep = np.arange(len(self.n)) != counter
        return CounterSums(*(a[keep] for a in self.arrays()))

    def plus(self, other: CounterSums) -> CounterSums:
        """The sums over both sets of days (the days of two day types pooled)."""
        return CounterSums(*(a + b for a, b in zip(self.arrays(), other.arrays(), strict=True)))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return self.n, self.sy, self.sx, self.syy, self.sxy, self.sxx


@dataclass(frozen=True)
class WindowFit:
    """Per window: the calibration and the spread a new place faces (log scale)."""

    mean_y: np.ndarray
    mean_x: np.ndarray
    beta: np.ndarray
    var_x: np.ndarray  # spread of x over reference days (to shrink beta when a manual count's x is noisy)
    sd_day: np.ndarray  # day-to-day part of the residual
    sd_location: np.ndarray  # between-place part, for a place not among the counters
    n_days: int
    n_counters: int

    def predicted_log_share(self, x: np.ndarray, x_noise_var: np.ndarray | float = 0.0
                            ) -> tuple[np.ndarray, np.ndarray]:
        """Predicted log share for observed contrasts, and the extra variance a noisy contrast adds."""
        reliability = np.divide(self.var_x, self.var_x + x_noise_var, out=np.zeros_like(self.var_x),
                                where=self.var_x > 0)
        beta = self.beta * reliability
        extra = self.beta ** 2 * self.var_x * (1 - reliability)
        return self.mean_y + beta * (x - self.mean_x), extra


def location_correlation(hourly: np.ndarray, codes: np.ndarray, k: int, weights: np.ndarray,
                         early: np.ndarray) -> np.ndarray:
    """How alike a place's departures from the calibrated share are in different windows: (windows x windows)
    correlation of the counters' own mean residuals, net of the day-to-day noise in those means.

    Near 1 when places that fill one window unusually also fill the other so (a count at another time adds
    little about the place); near 0 when they differ independently (rotating windows across days then averages
    the place's own shape out). With fewer than FEW_COUNTERS counters it cannot be told: 1 (fully shared).
    """
    m = len(weights)
    y, x, _counted = reference_features(hourly, weights, early)
    fit = fit_windows(CounterSums.of(y, x, codes, k))
    if fit.n_counters < FEW_COUNTERS or m < 2:
        return np.ones((m, m))
    residual = y - fit.mean_y - fit.beta * (x - fit.mean_x)
    n = np.bincount(codes, minlength=k).astype(float)
    present = n > 0
    sums = np.zeros((k, m))
    np.add.at(sums, codes, residual)
    means = sums[present] / n[present, None]
    within = residual - (sums / np.maximum(n, 1)[:, None])[codes]
    noise = within.T @ within / max(len(residual) - int(present.sum()), 1)
    between = np.atleast_2d(np.cov(means.T, ddof=1)) - noise / n[present].mean()
    values, vectors = np.linalg.eigh(between)
    between = (vectors * np.maximum(values, 0.0)) @ vectors.T
    sd = np.sqrt(np.diag(between))
    corr = np.divide(between, np.outer(sd, sd), out=np.ones((m, m)), where=np.outer(sd, sd) > 1e-12)
    corr = np.clip(corr, 0.0, 1.0)
    np.fill_diagonal(corr, 1.0)
    return corr


@dataclass(frozen=True)
class HourSpread:
    """How places depart from the profile hour by hour (from single-hour windows): the shrinkage target of a window's
    between-place part, and how much weight it gets."""

    variance: np.ndarray  # (24,) between-place variance of each hour's log share, for a new place
    share: np.ndarray  # (24,) the profile's share of the day per hour
    intensity: float  # weight of the target (Ledoit-Wolf), 0..1


# Hours holding less than half an even share of the day (the night) are left out of the shrinkage weight: their log
# shares are mostly counting noise, and counting plans do not count them.
NIGHT_SHARE = 0.5 / 24


def hour_spread(hours: CounterSums) -> HourSpread | None:
    """The hour-by-hour spread of places from per-counter sums of single-hour windows (np.eye(24) as weights); None
    with fewer than FEW_COUNTERS counters (the least location share stands in for it there).

    Intensity: Schaefer-Strimmer's estimate of the Ledoit-Wolf weight for a diagonal target, on the counters' mean
    log shares of the daytime hours: the sampling variance of their between-place covariances over the covariances'
    squared size. Near 0 when k places pin the hours' joint departures down well, near 1 when they cannot."""
    present = hours.n > 0
    k = int(present.sum())
    if k < FEW_COUNTERS:
        return None
    fit = fit_windows(hours)
    share = np.exp(fit.mean_y)
    share = share / share.sum()
    day = share >= NIGHT_SHARE
    means = hours.sy[present][:, day] / hours.n[present, None]
    centred = means - means.mean(axis=0)
    products = centred[:, :, None] * centred[:, None, :]
    cov = products.sum(axis=0) / (k - 1)
    sampling = k / (k - 1) ** 3 * ((products - products.mean(axis=0)) ** 2).sum(axis=0)
    off = ~np.eye(len(cov), dtype=bool)
    size = (cov[off] ** 2).sum()
    intensity = float(np.clip(sampling[off].sum() / size, 0.0, 1.0)) if size > 0 else 1.0
    return HourSpread(fit.sd_location ** 2, share, intensity)


def independent_hours_variance(spread: HourSpread, weights: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """Between-place variance of each window's calibrated log share (windows x 24 hour weights, contrast slope beta)
    if places departed from the profile independently hour by hour: a first-order expansion of
    log(share in window) - beta * log(early / late) in the hours' log shares."""
    early = early_part(weights)
    late = weights - early
    s = spread.share
    in_window = weights * s / np.maximum(weights @ s, 1e-12)[:, None]
    contrast = (early * s / np.maximum(early @ s, 1e-12)[:, None]
                - np.where(early.sum(axis=1, keepdims=True) > 0, late * s / np.maximum(late @ s, 1e-12)[:, None], 0.0))
    slope = in_window - beta[:, None] * contrast
    return slope ** 2 @ spread.variance


def fit_windows(s: CounterSums, spread: HourSpread | None = None, weights: np.ndarray | None = None) -> WindowFit:
    """The calibration and its residual spread from per-counter sums (s.without(c) leaves counter c out); with the
    hour-by-hour spread of the same counters and the windows' hour weights, the between-place part is shrunk toward
    what the hours imply (see the module's docstring)."""
    n_total = s.n.sum()
    k = int((s.n > 0).sum())
    sy, sx = s.sy.sum(axis=0), s.sx.sum(axis=0)
    tyy = s.syy.sum(axis=0) - sy ** 2 / n_total
    txy = s.sxy.sum(axis=0) - sx * sy / n_total
    txx = s.sxx.sum(axis=0) - sx ** 2 / n_total
    beta = np.divide(txy, txx, out=np.zeros_like(txy), where=txx > 1e-12)
    residual_total = np.maximum(tyy - 2 * beta * txy + beta ** 2 * txx, 0.0)
    n = np.maximum(s.n, 1)[:, None]
    within = ((s.syy - s.sy ** 2 / n) - 2 * beta * (s.sxy - s.sx * s.sy / n)
              + beta ** 2 * (s.sxx - s.sx ** 2 / n)).sum(axis=0)
    within = np.clip(within, 0.0, residual_total)
    between = residual_total - within
    if k >= 2 and n_total > k:
        msw = within / (n_total - k)
        msb = between / (k - 1)
        n0 = (n_total - (s.n ** 2).sum() / n_total) / (k - 1)
        var_location = np.maximum((msb - msw) / n0, 0.0) * (1 + 1 / k)
        if k < FEW_COUNTERS:
            # A handful of counters cannot show how different places are: assume at least the usual share.
            var_location = np.maximum(var_location, msw * LEAST_LOCATION_SHARE / (1 - LEAST_LOCATION_SHARE))
        elif spread is not None and weights is not None:
            target = independent_hours_variance(spread, np.atleast_2d(weights), beta)
            var_location = (1 - spread.intensity) * var_location + spread.intensity * target
    else:
        # One counter shows no difference between places: assume the unseen part as large as the seen one.
        msw = residual_total / max(n_total - 1, 1)
        var_location = msw.copy()
    return WindowFit(sy / n_total, sx / n_total, beta, txx / max(n_total - 1, 1), np.sqrt(msw),
                     np.sqrt(var_location), int(n_total), k)
