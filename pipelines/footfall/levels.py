"""Day-level behaviour of the reference counters: day-type levels, the season, and each day's anomaly.

Per counter, log daily total = seasonal level (centred 57-day mean) + day-type effect + anomaly.
The anomaly of a date (rain, heat, an event) is largely shared by every place in the city, so when
the counters ran on a counted date their mean anomaly is taken out of that day before it is turned
into a typical-day estimate. What is left for a new place is the spread of anomalies between
counters on the same date. Dates without reference data keep the full anomaly spread, part of
which is shared between nearby days (weather spells), so more days in the same week help less.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from pipelines.footfall import default_profile as dflt
from pipelines.footfall.daytypes import DEFAULT_CALENDAR, DEFAULT_WEEK, HOLIDAY, DayCalendar

SEASON_WINDOW = "57D"  # four weeks either side


@dataclass
class DayLevels:
    levels: dict[str, float]  # daily traffic of a day type relative to the week's average day
    day_sd: float  # sd of a day's log anomaly (no same-day reference)
    day_corr: float  # mean correlation of anomalies 1..6 days apart (shared by days of one study week)
    same_day_sd: float  # sd left for a new place after removing the counters' same-day anomaly
    weekend_ratio_sd: float  # between-place sd of log(weekend / weekday level)
    day_type_sd: float = dflt.DAY_TYPE_SD  # between-place sd of a day type's level (a place's own weekly rhythm)
    anomalies: dict[date, float] = field(default_factory=dict)  # mean log anomaly of the counters per date


def default_levels(calendar: DayCalendar = DEFAULT_CALENDAR) -> DayLevels:
    """The assumed levels, a pooled day type taking the mean of its days (the week's average day stays 1)."""
    levels = {t: float(np.mean([dflt.LEVELS[DEFAULT_WEEK[i]] for i in calendar.weekdays_of(t)]))
              for t in calendar.regular_types}
    levels[HOLIDAY] = dflt.LEVELS[HOLIDAY]
    return DayLevels(levels, dflt.DAY_SD, dflt.DAY_CORRELATION, dflt.DAY_SD, dflt.WEEKEND_RATIO_SD,
                     dflt.DAY_TYPE_SD)


def learn_levels(counters: np.ndarray, dates: np.ndarray, day_types: np.ndarray, totals: np.ndarray,
                 calendar: DayCalendar = DEFAULT_CALENDAR, iterations: int = 4) -> DayLevels:
    frame = pd.DataFrame({"counter": counters, "date": pd.to_datetime(list(dates)), "day_type": day_types,
                          "log_total": np.log(totals)})
    effects, parts = [], []
    for _counter, g in frame.groupby("counter", sort=True):
        effect, anomaly = _fit_counter(g.sort_values("date"), calendar, iterations)
        effects.append(effect)
        parts.append(g.sort_values("date").assign(anomaly=anomaly))
    every = pd.concat(parts)
    levels = {t: float(np.exp(np.mean([e[t] for e in effects if t in e])))
              for t in calendar.types if any(t in e for e in effects)}
    day_sd = float(every["anomaly"].std(ddof=1)) if len(every) > 2 else dflt.DAY_SD
    per_date = every.groupby("date")["anomaly"]
    anomalies = {ts.date(): float(v) for ts, v in per_date.mean().items()}
    spread = per_date.var(ddof=1).dropna()
    k = per_date.count()
    if len(spread):
        # A new place differs from the counters' mean anomaly by its own part plus the mean's error.
        kk = k[spread.index]
        same_day_sd = float(np.sqrt(np.mean(spread * (1 + 1 / kk))))
    else:
        same_day_sd = day_sd
    weekend, weekdays = calendar.weekend_types, calendar.weekday_types
    ratios = [np.log(np.mean([np.exp(e[t]) for t in weekend if t in e]))
              - np.log(np.mean([np.exp(e[t]) for t in weekdays if t in e]))
              for e in effects if any(t in e for t in weekend) and any(t in e for t in weekdays)]
    ratio_sd = max(float(np.std(ratios, ddof=1)), 0.05) if len(ratios) >= 3 else dflt.WEEKEND_RATIO_SD
    spreads = [np.var([e[t] for e in effects if t in e], ddof=1) for t in calendar.regular_types
               if sum(t in e for e in effects) >= 2]
    # A new place's day-type effect differs from the mean of k counters' by (1 + 1/k) times their variance.
    type_sd = float(np.sqrt(np.mean(spreads) * (1 + 1 / len(effects)))) if spreads else dflt.DAY_TYPE_SD
    return DayLevels(levels, day_sd, _week_correlation(parts), min(same_day_sd, day_sd), ratio_sd, type_sd,
                     anomalies)


def _fit_counter(g: pd.DataFrame, calendar: DayCalendar, iterations: int) -> tuple[dict[str, float], np.ndarray]:
    """Day-type effects (mean over the 7 days of the week = 0) and anomalies of one counter, by alternating fits."""
    series = g.set_index("date")
    regular = (series["day_type"] != HOLIDAY).to_numpy()
    types = series["day_type"].to_numpy()
    effect = {t: 0.0 for t in np.unique(types)}
    for _ in range(iterations):
        adjusted = series["log_total"] - np.array([effect[t] for t in types])
        season = adjusted.where(regular).rolling(SEASON_WINDOW, center=True, min_periods=7).mean()
        season = season.fillna(adjusted.where(regular).mean()) if season.notna().any() else adjusted * 0
        deviation = (series["log_total"] - season).to_numpy()
        effect = {t: float(deviation[types == t].mean()) for t in effect}
        week = [effect[t] for t in calendar.week if t in effect]  # a pooled type weighs as many days as it covers
        centre = float(np.mean(week)) if week and len(effect) > 1 else 0.0
        effect = {t: v - centre for t, v in effect.items()}
    anomaly = series["log_total"].to_numpy() - season.to_numpy() - np.array([effect[t] for t in types])
    return effect, anomaly


def _week_correlation(parts: list[pd.DataFrame]) -> float:
    """Mean autocorrelation of daily anomalies at lags 1..6 days, over counters (0 when unknown)."""
    values = []
    for g in parts:
        s = g.set_index("date")["anomaly"].asfreq("D")
        for lag in range(1, 7):
            c = s.autocorr(lag)
            if np.isfinite(c):
                values.append(c)
    return float(np.clip(np.mean(values), 0.0, 1.0)) if values else dflt.DAY_CORRELATION
