"""Sample planner: how many counting hours, at which times, reach a requested precision.

For every contiguous window inside the planning hours it predicts the interval an expanded count
would get (same expansion statistics and counting noise as real estimates, at an assumed hourly
rate), keeps the best start time per window length, and says how many such days are needed for a
typical weekday/weekend estimate of the requested precision: day-specific errors shrink with more
days, the location part of the expansion error does not (so some precisions need longer windows,
not more days).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.expansion import expand_count
from pipelines.footfall.profiles import WEEKDAYS, ProfileModel

PLAN_CLASSES = {"weekday": WEEKDAYS, "saturday": ("sat",), "sunday": ("sun",)}


def relative_precision(estimate: float, lower: float, upper: float) -> float:
    """Half-width of the interval as a share of the estimate: the larger side of an asymmetric interval."""
    return max(upper / estimate - 1, 1 - lower / estimate)


def plan_samples(model: ProfileModel, hourly_rate: float, dispersion: float, cfg: FootfallConfig
                 ) -> pd.DataFrame:
    rows = []
    target = cfg.target_rel_precision
    span = cfg.latest_hour - cfg.earliest_hour
    allowed = (math.log(1 + target) / model.z) ** 2
    for day_class, types in PLAN_CLASSES.items():
        recommended = False
        for hours in range(1, span + 1):
            best = None
            for start in range(cfg.earliest_hour, cfg.latest_hour - hours + 1):
                weights = np.zeros(24)
                weights[start:start + hours] = 1.0
                stats = model.window_stats(types, weights)
                exp = expand_count(hourly_rate * hours, stats, dispersion, model.z)
                precision = relative_precision(exp.estimate, exp.lower, exp.upper)
                if best is None or precision < best[0]:
                    best = (precision, start, stats, exp)
            precision, start, stats, exp = best
            # Assumes the reference counters keep running during the study (same-day anomaly removed).
            per_day = stats.sd_day ** 2 + exp.sd_count ** 2 + model.day_levels.same_day_sd ** 2
            shared = stats.sd_location ** 2
            days = math.ceil(per_day / (allowed - shared)) if allowed > shared else None
            meets = precision <= target
            rows.append({
                "day_class": day_class, "count_hours": hours, "best_start": f"{start:02d}:00",
                "best_end": f"{start + hours:02d}:00", "share_of_day": stats.share,
                "rel_precision_one_day": precision, "meets_target_one_day": meets,
                "days_for_typical_estimate": days, "target_rel_precision": target,
                "assumed_hourly_rate": hourly_rate, "interval_level": model.level,
                "recommended": meets and not recommended, "profile_source": model.source,
            })
            recommended = recommended or meets
    return pd.DataFrame(rows)
