"""From accepted sheet rows to what the estimates use: one count per site, day and interval.

When two observers counted the same interval (a calibration or double count that passed the
disagreement check), the interval's count is their average, so the day is not counted twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.footfall.quality import INTERVAL, SHEET, SITE_DAY


def site_intervals(accepted: pd.DataFrame) -> pd.DataFrame:
    """study, site, date, interval -> count (mean over observers), observers (comma list)."""
    if accepted.empty:
        return pd.DataFrame(columns=[*SITE_DAY, *INTERVAL, "count", "observers", "n_observers"])
    per_sheet = accepted.groupby(SHEET + INTERVAL, sort=True)["count"].sum().reset_index()
    out = (per_sheet.groupby(SITE_DAY + INTERVAL, sort=True)
           .agg(count=("count", "mean"), n_observers=("observer_id", "nunique"), first=("observer_id", "first"))
           .reset_index())
    # Most intervals have one observer: join names only where there are several.
    several = out["n_observers"] > 1
    names = out["first"].astype(str).to_numpy(dtype=object)
    if several.any():
        joined = (per_sheet.merge(out.loc[several, SITE_DAY + INTERVAL], on=SITE_DAY + INTERVAL)
                  .groupby(SITE_DAY + INTERVAL, sort=True)["observer_id"].agg(lambda s: ",".join(sorted(set(s)))))
        names[several.to_numpy()] = joined.to_numpy()
    return out.drop(columns="first").assign(observers=names)


def hour_weights(starts: np.ndarray, ends: np.ndarray, group: np.ndarray | None = None, n_groups: int = 1
                 ) -> np.ndarray:
    """Share of each clock hour 0..23 covered by the intervals (minutes counted / 60); with group codes, one row
    of 24 per group (n_groups x 24), else one row of 24."""
    out = _minutes_per_hour(starts, ends, np.ones(len(starts)), group, n_groups) / 60
    return out if group is not None else out[0]


def hour_counts(starts: np.ndarray, ends: np.ndarray, counts: np.ndarray, group: np.ndarray | None = None,
                n_groups: int = 1) -> np.ndarray:
    """Counts per clock hour 0..23, an interval crossing the hour split by its minutes on either side (per group
    as hour_weights)."""
    length = np.maximum(np.asarray(ends, dtype=float) - np.asarray(starts, dtype=float), 1.0)
    out = _minutes_per_hour(starts, ends, np.asarray(counts, dtype=float) / length, group, n_groups)
    return out if group is not None else out[0]


def _minutes_per_hour(starts: np.ndarray, ends: np.ndarray, per_minute: np.ndarray, group: np.ndarray | None,
                      n_groups: int) -> np.ndarray:
    """Per group, the sum over its intervals of per_minute x the minutes each spends in each clock hour
    (intervals last <= 60 min): (n_groups x 24)."""
    starts, ends = np.asarray(starts, dtype=float), np.asarray(ends, dtype=float)
    offset = (np.zeros(len(starts), dtype=int) if group is None else np.asarray(group, dtype=int)) * 24
    first_hour = np.minimum(starts // 60, 23).astype(int)
    boundary = (first_hour + 1) * 60
    in_first = np.minimum(ends, boundary) - starts
    in_next = np.maximum(ends - boundary, 0.0)
    size = n_groups * 24
    out = np.bincount(offset + first_hour, weights=in_first * per_minute, minlength=size)
    out += np.bincount(offset + np.minimum(first_hour + 1, 23), weights=in_next * per_minute, minlength=size)
    return out[:size].reshape(n_groups, 24)


def group_codes(rows: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """The group number of each row, groups in sorted key order (what groupby(keys, sort=True).ngroup() gives)."""
    combined = np.zeros(len(rows), dtype=np.int64)
    for key in keys:
        code, uniques = pd.factorize(rows[key], sort=True)
        combined = combined * len(uniques) + code
    return np.unique(combined, return_inverse=True)[1].ravel()


def dispersion(accepted: pd.DataFrame, default: float, min_pairs: int) -> tuple[float, int]:
    """Overdispersion of counts from neighbouring equal-length intervals of one sheet in the same clock hour.

    Two such counts have (almost) the same mean, so E[(a - b)^2] = phi * E[a + b]; phi = 1 is pure
    Poisson, people walking in groups make it larger. Falls back to the default with too few pairs.
    """
    if accepted.empty:
        return default, 0
    per_sheet = accepted.groupby(SHEET + INTERVAL, sort=True)["count"].sum().reset_index()
    nxt = per_sheet.groupby(SHEET).shift(-1)
    length = per_sheet["end_min"] - per_sheet["start_min"]
    pair = ((nxt["start_min"] == per_sheet["end_min"]) & (nxt["end_min"] - nxt["start_min"] == length)
            & (per_sheet["start_min"] // 60 == nxt["start_min"] // 60))
    a, b = per_sheet.loc[pair, "count"].to_numpy(float), nxt.loc[pair, "count"].to_numpy(float)
    if len(a) < min_pairs or (a + b).sum() == 0:
        return default, int(len(a))
    return max(1.0, float(((a - b) ** 2).sum() / (a + b).sum())), int(len(a))
