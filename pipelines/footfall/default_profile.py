"""The built-in default profile, used only when no reference counter series was delivered.

These numbers are assumptions, not measurements: a typical shopping/office street in a large
Chinese city (commute peaks on weekdays, a broad afternoon plateau at weekends, little traffic
between midnight and 6:00). docs/footfall.md prints them. Every output built on them says
"built-in default profile", and the intervals are deliberately wider than learned ones.
"""

from __future__ import annotations

import numpy as np

# Relative traffic per clock hour 0..23 (normalised to shares of the day below).
WEEKDAY_WEIGHTS = (
    0.3, 0.15, 0.1, 0.08, 0.1, 0.3, 1.2, 3.5, 5.5, 4.8, 4.6, 5.2,
    6.6, 6.3, 5.4, 5.3, 5.9, 7.4, 8.0, 7.2, 5.9, 4.3, 2.6, 1.2,
)
WEEKEND_WEIGHTS = (
    0.6, 0.3, 0.2, 0.1, 0.1, 0.2, 0.5, 1.3, 2.6, 4.2, 5.6, 6.6,
    7.2, 7.3, 7.4, 7.4, 7.2, 7.0, 6.9, 6.6, 5.6, 4.2, 2.6, 1.4,
)

# Daily traffic of each day type relative to the week's average day (mon..sun average to 1).
LEVELS = {"mon": 0.96, "tue": 0.95, "wed": 0.96, "thu": 0.98, "fri": 1.05, "sat": 1.12, "sun": 0.98,
          "holiday": 1.05}

# Spread of the log share of the day a window covers: 0.08 for a full day, up to 0.38 for a few minutes.
SHARE_SD_FULL_DAY = 0.08
SHARE_SD_SLOPE = 0.30
# Share of that spread that is location-specific (the same on every day at a site).
LOCATION_SHARE = 0.5
# Day-to-day spread of a day's total around its typical level (weather, events), log scale.
DAY_SD = 0.15
# Correlation of those day deviations between days of the same week (weather spells).
DAY_CORRELATION = 0.3
# Between-site spread of a day type's level (a place's own weekly rhythm), log scale.
DAY_TYPE_SD = 0.05
# Between-site spread of log(weekend / weekday) traffic, used when one class was not counted.
WEEKEND_RATIO_SD = 0.15


def default_shares(day_type: str, weekend: tuple[str, ...] = ("sat", "sun")) -> np.ndarray:
    """The assumed shape of a day type: the weekend one for the study's weekend day types and holidays."""
    weights = np.asarray(WEEKEND_WEIGHTS if day_type in (*weekend, "holiday") else WEEKDAY_WEIGHTS)
    return weights / weights.sum()


def default_share_sd(share: float) -> float:
    """Assumed log-scale sd of the realised share of the day a window covers, given its profile share."""
    return SHARE_SD_FULL_DAY + SHARE_SD_SLOPE * (1.0 - min(max(share, 0.0), 1.0))
