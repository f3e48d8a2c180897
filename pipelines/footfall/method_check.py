"""Method check: does expanding short counts work on days the method has not seen?

Whole reference days are held out (dates split into folds; every counter's day on a held-out date
leaves together, so a shared weather day cannot leak). The profile and its variability are learned
from the other dates only; on each held-out counter-day every 1/2/4/8-hour window inside the
planning hours is treated as a short count, expanded, and compared with the day's true total.
Scheme "hold_out_days" learns from all counters; "hold_out_counter_and_days" also leaves the
counter out, which is what a brand-new site faces (needs at least 2 counters).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.expansion import expand_counts
from pipelines.footfall.profiles import ReferenceDays, learn_profile

SCHEMES = ("hold_out_days", "hold_out_counter_and_days")


def simulate_short_counts(days: ReferenceDays, cfg: FootfallConfig, seed: int) -> pd.DataFrame:
    """One row per held-out counter-day and window: true total, estimate, interval."""
    rng = np.random.default_rng(seed)
    unique_dates = np.array(sorted(set(days.dates)), dtype=object)
    fold_of_date = dict(zip(unique_dates, rng.permutation(len(unique_dates)) % cfg.check_folds, strict=True))
    fold = np.array([fold_of_date[d] for d in days.dates])
    counters = np.unique(days.counters)
    parts = []
    for scheme in SCHEMES:
        groups = [None] if scheme == "hold_out_days" else (list(counters) if len(counters) >= 2 else [])
        for held_counter in groups:
            for k in range(cfg.check_folds):
                test = fold == k
                train = ~test
                if held_counter is not None:
                    train &= days.counters != held_counter
                    test &= days.counters == held_counter
                if not test.any() or not train.any():
                    continue
                model = learn_profile(days.select(train), cfg)
                parts.append(_score_fold(days.select(test), model, cfg, scheme))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _score_fold(test: ReferenceDays, model, cfg: FootfallConfig, scheme: str) -> pd.DataFrame:
    out = []
    totals = test.totals
    for dtype in np.unique(test.day_types):
        mine = test.day_types == dtype
        hourly, truth = test.hourly[mine], totals[mine]
        counter, day = test.counters[mine], test.dates[mine]
        for hours in cfg.check_hours:
            starts = np.arange(cfg.earliest_hour, cfg.latest_hour - hours + 1)
            windows = np.zeros((len(starts), 24))
            for i, start in enumerate(starts):
                windows[i, start:start + hours] = 1.0
            counted_all = hourly @ windows.T
            for i, stats in enumerate(model.window_stats_many(dtype, windows)):
                # Automatic counts are exact counts of a Poisson stream: dispersion 1.
                est, lower, upper, _sd = expand_counts(counted_all[:, i], stats, 1.0, model.z)
                n = len(truth)
                out.append((counter, day, np.full(n, hours), np.full(n, starts[i]),
                            np.full(n, dtype, dtype=object), truth, est, lower, upper))
    columns = ["counter_id", "date", "count_hours", "start_hour", "day_type", "true_total", "estimate", "lower",
               "upper"]
    frame = pd.DataFrame({c: np.concatenate([o[i] for o in out]) for i, c in enumerate(columns)})
    return frame.assign(scheme=scheme)


def summarize(trials: pd.DataFrame, cfg: FootfallConfig, profile_note: str) -> pd.DataFrame:
    """MAPE, median APE, coverage and interval width by scheme and count length, against the targets."""
    if trials.empty:
        return pd.DataFrame()
    t = trials.assign(
        ape=(trials["estimate"] - trials["true_total"]).abs() / trials["true_total"],
        covered=(trials["lower"] <= trials["true_total"]) & (trials["true_total"] <= trials["upper"]),
        rel_width=(trials["upper"] - trials["lower"]) / trials["estimate"],
    )
    rows = []
    lo, hi = cfg.target_coverage
    for (scheme, hours), g in t.groupby(["scheme", "count_hours"], sort=True):
        coverage = float(g["covered"].mean())
        mape = float(g["ape"].mean())
        coverage_ok = lo <= coverage <= hi
        mape_target = cfg.target_mape_2h if hours == 2 else None
        rows.append({
            "scheme": scheme, "count_hours": int(hours), "n_estimates": len(g),
            "n_days": int(g[["counter_id", "date"]].drop_duplicates().shape[0]),
            "mape": mape, "median_ape": float(g["ape"].median()), "p90_ape": float(g["ape"].quantile(0.9)),
            "coverage": coverage, "mean_rel_width": float(g["rel_width"].mean()),
            "interval_level": cfg.interval_level, "target_coverage_low": lo, "target_coverage_high": hi,
            "target_mape": mape_target, "coverage_ok": coverage_ok,
            "mape_ok": None if mape_target is None else mape <= mape_target,
            "profile": profile_note,
        })
    return pd.DataFrame(rows)


def method_check(days: ReferenceDays, cfg: FootfallConfig, profile_note: str) -> pd.DataFrame:
    return summarize(simulate_short_counts(days, cfg, cfg.seed), cfg, profile_note)
