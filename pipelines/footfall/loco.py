"""Leave-counter-out scores of counting windows: how a count over each window expands at a place the method
has not seen.

For every reference counter in turn, the calibration and its spread are learned from the other counters
only (window_fit.py: a subtraction of per-counter sums, not a refit), and every day of the left-out counter
is treated as a short count over each window: expanded, compared with the true day total, and checked
against its interval. What comes back is summed per window and left-out counter, so the planner and the
method check can pool it by day class or by counter without keeping millions of trial rows.

A window that counts part of a clock hour (a spread plan: 10:00-10:15 + 12:00-12:15 + ...) is scored as that share
of the counter's hour, plus the noise of taking part of an hour: each hour's passers-by are thinned binomially with
the counting overdispersion phi (measured on the sheets from neighbouring intervals of one hour), variance
phi * sum(w (1 - w) c) / (sum(w c))^2 on the log scale for hour weights w and the day's hourly counts c. That noise
widens the interval as the expansion's counting term does, and its effect on the error and the coverage is
integrated over (Gauss-Hermite). Whole-hour windows have none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from pipelines.footfall.profiles import ProfileModel
from pipelines.footfall.window_fit import MIN_COUNT, fit_windows, hour_spread, reference_features
from pipelines.footfall.windows import early_part


@dataclass
class WindowScores:
    """Sums per window (rows) and left-out counter (columns) over the test days of some day types."""

    n: np.ndarray
    abs_error: np.ndarray  # sum of |estimate - truth| / truth
    covered: np.ndarray  # days whose truth lies inside the interval
    rel_width: np.ndarray  # sum of (upper - lower) / estimate over days with a positive estimate
    positive: np.ndarray  # days with a positive estimate (a window where the counter saw somebody)

    @classmethod
    def zeros(cls, m: int, k: int) -> WindowScores:
        return cls(*(np.zeros((m, k)) for _ in range(5)))

    def add(self, other: WindowScores) -> WindowScores:
        return WindowScores(*(a + b for a, b in zip(self.arrays(), other.arrays(), strict=True)))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return self.n, self.abs_error, self.covered, self.rel_width, self.positive


# Nodes and weights of the expectation over the part-hour noise (probabilists' Gauss-Hermite).
NODES, NODE_WEIGHTS = np.polynomial.hermite_e.hermegauss(9)
NODE_WEIGHTS = NODE_WEIGHTS / NODE_WEIGHTS.sum()


def part_hour_variance(hourly: np.ndarray, weights: np.ndarray, counted: np.ndarray, dispersion: float) -> np.ndarray:
    """Log-scale variance (days x windows) of counting only part of some clock hours (0 for whole hours)."""
    thinned = hourly @ (weights * (1 - weights)).T
    return dispersion * thinned / np.maximum(counted, MIN_COUNT) ** 2


def loco_scores(model: ProfileModel, weights: np.ndarray, day_types: tuple[str, ...],
                dispersion: float = 1.0) -> dict[str, WindowScores]:
    """WindowScores per tested day type, for windows given as rows of hour weights; empty with under 2 counters."""
    ref = model.ref
    out: dict[str, WindowScores] = {}
    if ref is None:
        return out
    names, all_codes = np.unique(ref.counters, return_inverse=True)
    k = len(names)
    if k < 2:
        return out
    early = early_part(weights)
    z = model.z
    for t in day_types:
        test_mask = ref.day_types == t
        if not test_mask.any():
            continue
        key = (t, weights.shape, np.round(weights, 6).tobytes(), dispersion)
        if key in model.loco_memo:
            out[t] = model.loco_memo[key]
            continue
        test_y, test_x, test_counted = reference_features(ref.hourly[test_mask], weights, early)
        model.type_sums(t, weights, (test_y, test_x))  # remembered: the type's own features, read once
        sums = model.counter_sums((t,), weights)
        hours = model.hour_sums((t,))
        test_codes = all_codes[test_mask]
        part_hour = part_hour_variance(ref.hourly[test_mask], weights, test_counted, dispersion)
        scores = WindowScores.zeros(len(weights), k)
        for c in np.unique(test_codes):
            fit = fit_windows(sums.without(int(c)), hour_spread(hours.without(int(c))), weights)
            rows = test_codes == c
            log_ratio = test_y[rows] - fit.mean_y - fit.beta * (test_x[rows] - fit.mean_x)  # log(estimate / truth)
            seen = test_counted[rows] > 0
            error, covered, sd = _error_and_coverage(log_ratio, np.hypot(fit.sd_day, fit.sd_location),
                                                     part_hour[rows], z)
            error = np.where(seen, error, 1.0)
            # An estimate of zero (nobody in the window) covers the truth only below its Poisson upper bound,
            # which a real day total never is: counted as not covered.
            covered = np.where(seen, covered, 0.0)
            width = np.where(seen, 2 * np.sinh(z * sd), 0.0)
            col = int(c)
            scores.n[:, col] += rows.sum()
            scores.abs_error[:, col] += error.sum(axis=0)
            scores.covered[:, col] += covered.sum(axis=0)
            scores.rel_width[:, col] += width.sum(axis=0)
            scores.positive[:, col] += seen.sum(axis=0)
        out[t] = model.loco_memo[key] = scores
    return out


def _error_and_coverage(log_ratio: np.ndarray, sd: np.ndarray, part_hour: np.ndarray, z: float
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Absolute relative error, chance of coverage and the interval's log sd per test day and window, with the
    part-hour noise (variance part_hour) added to the estimate and to the interval."""
    total_sd = np.sqrt(sd ** 2 + part_hour)
    error = np.abs(np.expm1(log_ratio))
    covered = (np.abs(log_ratio) <= z * total_sd).astype(float)
    part = part_hour.any(axis=0)  # windows counting part of some hour (whole-hour windows need no integral)
    if part.any():
        r, noise, bound = log_ratio[:, part], np.sqrt(part_hour[:, part]), z * total_sd[:, part]
        error[:, part] = sum(p * np.abs(np.expm1(r + noise * node)) for node, p in zip(NODES, NODE_WEIGHTS,
                                                                                           strict=True))
        safe = np.where(noise > 0, noise, 1.0)
        covered[:, part] = np.where(noise > 0, ndtr((bound - r) / safe) - ndtr((-bound - r) / safe),
                                    np.abs(r) <= bound)
    return error, covered, total_sd


def counter_names(model: ProfileModel) -> np.ndarray:
    return np.unique(model.ref.counters) if model.ref is not None else np.array([], dtype=object)
