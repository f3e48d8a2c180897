"""Leave-counter-out scores of counting windows: how a count over each window expands at a place the method
has not seen.

For every reference counter in turn, the calibration and its spread are learned from the other counters
only (window_fit.py: a subtraction of per-counter sums, not a refit), and every day of the left-out counter
is treated as a short count over each window: expanded, compared with the true day total, and checked
against its interval. What comes back is summed per window and left-out counter, so the planner and the
method check can pool it by day class or by counter without keeping millions of trial rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.footfall.profiles import ProfileModel
from pipelines.footfall.window_fit import CounterSums, fit_windows, reference_features
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


def loco_scores(model: ProfileModel, weights: np.ndarray, day_types: tuple[str, ...]) -> dict[str, WindowScores]:
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
        hourly, codes, _k = model.reference_for((t,))
        y, x, _counted = reference_features(hourly, weights, early)
        sums = CounterSums.of(y, x, codes, k)
        test_y, test_x, test_counted = reference_features(ref.hourly[test_mask], weights, early)
        test_codes = all_codes[test_mask]
        scores = WindowScores.zeros(len(weights), k)
        for c in np.unique(test_codes):
            fit = fit_windows(sums.without(int(c)))
            rows = test_codes == c
            log_ratio = test_y[rows] - fit.mean_y - fit.beta * (test_x[rows] - fit.mean_x)  # log(estimate / truth)
            sd = np.hypot(fit.sd_day, fit.sd_location)
            seen = test_counted[rows] > 0
            error = np.where(seen, np.abs(np.expm1(log_ratio)), 1.0)
            # An estimate of zero (nobody in the window) covers the truth only below its Poisson upper bound,
            # which a real day total never is: counted as not covered.
            covered = seen & (np.abs(log_ratio) <= z * sd)
            width = np.where(seen, 2 * np.sinh(z * sd), 0.0)
            col = int(c)
            scores.n[:, col] += rows.sum()
            scores.abs_error[:, col] += error.sum(axis=0)
            scores.covered[:, col] += covered.sum(axis=0)
            scores.rel_width[:, col] += width.sum(axis=0)
            scores.positive[:, col] += seen.sum(axis=0)
        out[t] = scores
    return out


def counter_names(model: ProfileModel) -> np.ndarray:
    return np.unique(model.ref.counters) if model.ref is not None else np.array([], dtype=object)
