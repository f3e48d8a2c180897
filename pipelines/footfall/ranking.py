"""Which candidate site is best, and how sure we are: P(best) from draws of each site's typical traffic.

Each site's typical level is drawn from its log-normal sampling distribution (target-segment
traffic from its own draws) and the share of draws in which a site comes out on top is its
probability of being the best. Sites are drawn independently; when sites were counted in the
same hours on the same days part of their expansion error is shared and cancels in a comparison,
so the leader's real P(best) is, if anything, higher than reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.footfall.config import FootfallConfig

LEVEL_METRICS = ("week_average", "weekday", "weekend")
TARGET_METRIC = "target_week_average"


def rank_sites(typical: pd.DataFrame, target_draws: dict[tuple[str, str, str], np.ndarray],
               target: pd.DataFrame, cfg: FootfallConfig, rng: np.random.Generator) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    if typical.empty:
        return pd.DataFrame(rows)
    for study, g in typical.groupby("study_id", sort=True):
        for metric in LEVEL_METRICS:
            m = g[g["day_class"] == metric]
            draws = np.exp(np.log(m["estimate"].to_numpy(float))[None, :]
                           + m["sd_log"].to_numpy(float)[None, :] * rng.standard_normal((cfg.bootstrap_draws, len(m))))
            rows += _ranked(study, metric, m["site_id"].tolist(), m["estimate"].to_numpy(float),
                            m["lower"].to_numpy(float), m["upper"].to_numpy(float), draws, cfg)
        t = target[(target["study_id"] == study) & (target["day_class"] == "week_average")] if len(target) else target
        if len(t):
            draws = np.column_stack([target_draws[(study, s, "week_average")] for s in t["site_id"]])
            rows += _ranked(study, TARGET_METRIC, t["site_id"].tolist(), t["target_daily_estimate"].to_numpy(float),
                            t["lower"].to_numpy(float), t["upper"].to_numpy(float), draws, cfg)
    return pd.DataFrame(rows)


def p_best(draws: np.ndarray) -> np.ndarray:
    """Share of draws (rows) in which each site (column) has the highest value."""
    winners = np.argmax(draws, axis=1)
    return np.bincount(winners, minlength=draws.shape[1]) / draws.shape[0]


def _ranked(study: str, metric: str, sites: list[str], estimate: np.ndarray, lower: np.ndarray,
            upper: np.ndarray, draws: np.ndarray, cfg: FootfallConfig) -> list[dict[str, object]]:
    probs = p_best(draws)
    order = np.argsort(-estimate, kind="stable")
    ranks = np.empty(len(sites), dtype=int)
    ranks[order] = np.arange(1, len(sites) + 1)
    return [{"study_id": study, "metric": metric, "site_id": s, "estimate": float(estimate[i]),
             "lower": float(lower[i]), "upper": float(upper[i]), "interval_level": cfg.interval_level,
             "rank": int(ranks[i]), "p_best": float(probs[i]), "headline": metric == cfg.rank_by,
             "n_sites": len(sites)} for i, s in enumerate(sites)]
