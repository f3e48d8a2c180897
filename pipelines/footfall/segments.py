"""Segment composition per site with intervals, and the target segment's share and traffic.

Intervals come from a bootstrap over counted intervals (each 15-minute count of a site is one unit,
resampled with replacement): passers-by in one interval are not independent (groups, a passing
tour, a school letting out), so resampling whole intervals keeps that clustering in the spread,
which a multinomial on individual people would ignore.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.footfall.config import SEGMENT_COLUMNS, FootfallConfig
from pipelines.footfall.intervals import group_codes
from pipelines.footfall.quality import INTERVAL, SITE_DAY

SITE = ["study_id", "site_id"]


@dataclass
class TargetShare:
    share: float
    draws: np.ndarray  # bootstrap draws of the share


def target_mask(seg: pd.DataFrame, cfg: FootfallConfig) -> np.ndarray:
    mask = np.ones(len(seg), dtype=bool)
    for column, allowed in cfg.target_filters.items():
        mask &= seg[column].isin(allowed).to_numpy()
    return mask


def target_filter_text(cfg: FootfallConfig) -> str:
    return "; ".join(f"{c} in ({', '.join(v)})" for c, v in cfg.target_filters.items()) or "everyone"


def resample_weights(n_units: int, draws: int, rng: np.random.Generator) -> np.ndarray:
    """How often each unit is drawn in each bootstrap replicate: (draws, n_units)."""
    picks = rng.integers(0, n_units, size=(draws, n_units))
    offsets = (np.arange(draws) * n_units)[:, None]
    return np.bincount((picks + offsets).ravel(), minlength=draws * n_units).reshape(draws, n_units).astype(float)


def segment_mix(rows: pd.DataFrame, cfg: FootfallConfig, rng: np.random.Generator
                ) -> tuple[pd.DataFrame, dict[tuple[str, str], TargetShare]]:
    """Shares of every segment value per site and dimension, plus the target segment's share draws per site.

    rows: accepted count rows by segment. A unit is one counted interval of a site and day; an interval that
    two observers counted counts once, as the mean of both (each row weighs count / observers of its unit).
    """
    targets: dict[tuple[str, str], TargetShare] = {}
    if rows.empty:
        return pd.DataFrame(), targets
    lo_q, hi_q = (1 - cfg.interval_level) / 2, (1 + cfg.interval_level) / 2
    unit_all = group_codes(rows, SITE_DAY + INTERVAL)
    observer = pd.factorize(rows["observer_id"])[0]
    n_observers = len(np.unique(observer))
    pairs = np.unique(unit_all.astype(np.int64) * n_observers + observer)
    per_unit_observers = np.bincount(pairs // n_observers, minlength=int(unit_all.max()) + 1)
    weight = rows["count"].to_numpy(float) / per_unit_observers[unit_all]
    # Every value of every segment column is one column of a (units x values) matrix, so each site needs one
    # bootstrap product and one quantile call for all its dimensions.
    codes, categories, dimensions = [], [], []
    for column in SEGMENT_COLUMNS:
        code, uniques = pd.factorize(rows[column], sort=True)
        codes.append(code + sum(len(c) for c in categories))
        categories.append(np.asarray(uniques, dtype=object))
        dimensions.append(np.full(len(uniques), column, dtype=object))
    n_values = sum(len(c) for c in categories)
    target = target_mask(rows, cfg)
    parts: dict[str, list[np.ndarray]] = {c: [] for c in ("study_id", "site_id", "count", "share", "lower", "upper",
                                                           "n_intervals")}
    for (study, site), index in rows.groupby(SITE, sort=True).indices.items():
        unit = np.unique(unit_all[index], return_inverse=True)[1]
        n_units = int(unit.max()) + 1
        weights = resample_weights(n_units, cfg.bootstrap_draws, rng)
        counts = weight[index]
        totals = np.bincount(unit, weights=counts, minlength=n_units)
        boot_totals = (weights @ totals)[:, None]
        per_unit = sum(np.bincount(unit * n_values + code[index], weights=counts, minlength=n_units * n_values)
                       for code in codes).reshape(n_units, n_values)
        boot = np.divide(weights @ per_unit, boot_totals, out=np.full((len(weights), n_values), np.nan),
                         where=boot_totals > 0)
        bounds = _quantiles(boot, lo_q, hi_q)
        count = per_unit.sum(axis=0)
        for name, values in (("study_id", study), ("site_id", site), ("n_intervals", n_units)):
            parts[name].append(np.full(n_values, values, dtype=object))
        parts["count"].append(count)
        parts["share"].append(count / totals.sum() if totals.sum() else np.full(n_values, np.nan))
        parts["lower"].append(bounds[0])
        parts["upper"].append(bounds[1])
        target_units = np.bincount(unit, weights=counts * target[index], minlength=n_units)
        draws = np.divide(weights @ target_units, boot_totals[:, 0], out=np.zeros(len(weights)),
                          where=boot_totals[:, 0] > 0)
        targets[(study, site)] = TargetShare(float(target_units.sum() / totals.sum()) if totals.sum() else 0.0,
                                             draws)
    n_sites = len(parts["count"])
    mix = pd.DataFrame({
        "study_id": np.concatenate(parts["study_id"]), "site_id": np.concatenate(parts["site_id"]),
        "dimension": np.tile(np.concatenate(dimensions), n_sites), "segment": np.tile(np.concatenate(categories),
                                                                                      n_sites),
        "count": np.concatenate(parts["count"]), "share": np.concatenate(parts["share"]),
        "lower": np.concatenate(parts["lower"]), "upper": np.concatenate(parts["upper"]),
        "interval_level": cfg.interval_level, "n_intervals": np.concatenate(parts["n_intervals"]).astype(int)})
    return mix, targets


def _quantiles(draws: np.ndarray, lo_q: float, hi_q: float) -> np.ndarray:
    """(2, columns) quantiles of bootstrap draws; draws without anybody counted (NaN) are left out."""
    if np.isfinite(draws).all():
        return np.quantile(draws, [lo_q, hi_q], axis=0)
    bounds = np.full((2, draws.shape[1]), np.nan)
    seen = np.isfinite(draws).any(axis=0)
    if seen.any():
        bounds[:, seen] = np.nanquantile(draws[:, seen], [lo_q, hi_q], axis=0)
    return bounds


def target_traffic(typical: pd.DataFrame, targets: dict[tuple[str, str], TargetShare], cfg: FootfallConfig,
                   rng: np.random.Generator) -> tuple[pd.DataFrame, dict[tuple[str, str, str], np.ndarray]]:
    """Typical daily traffic of the target segment per site and day class, with intervals and draws."""
    rows, draws_out = [], {}
    lo_q, hi_q = (1 - cfg.interval_level) / 2, (1 + cfg.interval_level) / 2
    for r in typical.itertuples(index=False):
        target = targets.get((r.study_id, r.site_id))
        if target is None:
            continue
        level_draws = np.exp(np.log(r.estimate) + r.sd_log * rng.standard_normal(len(target.draws)))
        draws = level_draws * target.draws
        share_lo, share_hi = np.quantile(target.draws, [lo_q, hi_q])
        lower, upper = np.quantile(draws, [lo_q, hi_q])
        draws_out[(r.study_id, r.site_id, r.day_class)] = draws
        rows.append({
            "study_id": r.study_id, "site_id": r.site_id, "segment_label": cfg.target_label,
            "segment_filter": target_filter_text(cfg), "day_class": r.day_class, "target_share": target.share,
            "share_lower": float(share_lo), "share_upper": float(share_hi),
            "target_daily_estimate": r.estimate * target.share, "lower": float(lower), "upper": float(upper),
            "interval_level": cfg.interval_level, "basis": r.basis,
        })
    return pd.DataFrame(rows), draws_out
