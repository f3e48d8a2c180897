"""Method check: does expanding short counts work at places the method has not seen?

Scheme leave_counter_out (the only one, so no counter is ever tested on a profile that learned its own other
days): each reference counter in turn is left out, the calibration and its spread are learned from the
others, and every day of the left-out counter is treated as a short count (loco.py). Three sets of windows:
every contiguous window of each configured length inside the planning hours; the planner's best plan per day
class and length (picked on all counters, so slightly optimistic); and the plan the planner's rule picks without
the tested counter (what a new site gets, the headline). Reported overall and per left-out counter, because an
average coverage can hide places covered far less often than the nominal level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.loco import WindowScores, counter_names, loco_scores
from pipelines.footfall.planner import (
    best_plans,
    coverage_shortfall,
    plan_choice,
    planned_candidates,
    worst_place_coverage,
)
from pipelines.footfall.profiles import ProfileModel
from pipelines.footfall.windows import block_weights, parse_plan

SCHEME = "leave_counter_out"
CHOSEN_BLIND = "planner's choice without the tested counter"
EVERY_WINDOW = "every contiguous window"
PLANNED = "planner's best plan"


def method_check(model: ProfileModel, cfg: FootfallConfig, plan: pd.DataFrame, dispersion: float | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """footfall_method_check (overall) and footfall_method_check_counters (per left-out counter).

    dispersion: the counting overdispersion of the study's sheets (default: the configured one), for the noise of
    plans that count part of an hour."""
    phi = cfg.default_dispersion if dispersion is None else dispersion
    names = counter_names(model)
    if len(names) < 2:
        return pd.DataFrame(), pd.DataFrame()
    parts = []
    for hours in cfg.check_hours:
        starts = range(cfg.earliest_hour, cfg.latest_hour - hours + 1)
        weights = np.array([block_weights([(s, s + hours)]) for s in starts])
        if len(weights):
            scores = loco_scores(model, weights, model.calendar.types)
            parts.append((EVERY_WINDOW, hours, f"{len(weights)} windows", _pool(scores.values())))
    best = best_plans(plan) if len(plan) else {}
    for hours in sorted({h for _c, h in best}):
        pooled, labels = [], []
        for day_class, types in model.calendar.plan_classes().items():
            label = best.get((day_class, hours))
            if label is None:
                continue
            scores = loco_scores(model, block_weights(parse_plan(label))[None, :], types, phi)
            pooled += list(scores.values())
            labels.append(f"{day_class} {label}")
        if pooled:
            parts.append((PLANNED, hours, "; ".join(labels), _pool(pooled)))
        parts.append((CHOSEN_BLIND, hours, "each day class's best plan chosen from the other counters only",
                      _chosen_blind(model, cfg, hours, phi, len(names))))
    return _summary(parts, names, cfg, model.note), _per_counter(parts, names)


def _chosen_blind(model: ProfileModel, cfg: FootfallConfig, hours: int, phi: float, k: int) -> WindowScores:
    """What a study gets from the planner at a place it never saw: for each counter in turn, the plan the planner's
    rule picks from the other counters' leave-counter-out scores, scored at that counter. The planner's own best
    plan was picked on all counters, so its row is optimistic; this one is not."""
    _plans, weights = planned_candidates(cfg)
    of_length = np.isclose(weights.sum(axis=1), hours)
    out = WindowScores.zeros(1, k)
    for types in model.calendar.plan_classes().values():
        scores = list(loco_scores(model, weights, types, phi).values())
        if not scores:
            continue
        stats = [s for s, keep in zip(model.window_stats_many(types, weights), of_length, strict=True) if keep]
        shortfall = coverage_shortfall(worst_place_coverage(np.array([s.sd_location for s in stats]),
                                                            np.array([s.sd_day for s in stats]), k - 1, model.z), cfg)
        total = _pool_types(scores)
        total = WindowScores(*(a[of_length] for a in total.arrays()))
        for c in range(k):
            others = np.arange(k) != c
            n = total.n[:, others]
            mape = total.abs_error[:, others].sum(axis=1) / np.maximum(n.sum(axis=1), 1)
            chosen = plan_choice(shortfall, mape)
            for mine, theirs in zip(out.arrays(), total.arrays(), strict=True):
                mine[0, c] += theirs[chosen, c]
    return out


def _pool_types(scores: list[WindowScores]) -> WindowScores:
    """Sum over day types: one row per window, one column per left-out counter."""
    total = scores[0]
    for s in scores[1:]:
        total = total.add(s)
    return total


def _pool(scores: object) -> WindowScores:
    """Sum over day types and windows: one column per left-out counter."""
    total = _pool_types(list(scores))
    return WindowScores(*(a.sum(axis=0, keepdims=True) for a in total.arrays()))


def _summary(parts: list, names: np.ndarray, cfg: FootfallConfig, note: str) -> pd.DataFrame:
    lo, hi = cfg.target_coverage
    rows = []
    for windows, hours, plan, s in parts:
        n, per_counter = s.n.sum(), _counter_coverage(s)
        coverage, mape = float(s.covered.sum() / n), float(s.abs_error.sum() / n)
        worst = int(np.nanargmin(per_counter))
        mape_target = cfg.target_mape_2h if hours == 2 else None
        rows.append({
            "scheme": SCHEME, "windows": windows, "count_hours": int(hours), "plan": plan, "n_estimates": int(n),
            "n_counters": len(names), "mape": mape, "coverage": coverage,
            "min_counter_coverage": float(per_counter[worst]), "worst_counter": str(names[worst]),
            "mean_rel_width": float(s.rel_width.sum() / max(s.positive.sum(), 1)),
            "n_zero_estimates": int(n - s.positive.sum()), "interval_level": cfg.interval_level,
            "target_coverage_low": lo, "target_coverage_high": hi, "target_min_counter_coverage":
                cfg.target_min_counter_coverage, "target_mape": mape_target,
            "coverage_ok": bool(lo <= coverage <= hi and per_counter[worst] >= cfg.target_min_counter_coverage),
            "mape_ok": None if mape_target is None else mape <= mape_target, "profile": note,
        })
    return pd.DataFrame(rows)


def _per_counter(parts: list, names: np.ndarray) -> pd.DataFrame:
    rows = []
    for windows, hours, _plan, s in parts:
        for j, name in enumerate(names):
            n = s.n[0, j]
            if n:
                rows.append({"scheme": SCHEME, "windows": windows, "count_hours": int(hours), "counter_id": str(name),
                             "n_estimates": int(n), "mape": float(s.abs_error[0, j] / n),
                             "coverage": float(s.covered[0, j] / n),
                             "mean_rel_width": float(s.rel_width[0, j] / max(s.positive[0, j], 1))})
    return pd.DataFrame(rows)


def _counter_coverage(s: WindowScores) -> np.ndarray:
    return np.divide(s.covered[0], s.n[0], out=np.full(s.n.shape[1], np.nan), where=s.n[0] > 0)


def check_notes(check: pd.DataFrame) -> list[str]:
    """The headline: the planner's 2-hour choice made without the tested counter (else its best plan, else the
    shortest checked) at left-out counters."""
    planned = check[check["windows"] == CHOSEN_BLIND]
    planned = planned if len(planned) else check[check["windows"] == PLANNED]
    rows = planned if len(planned) else check
    two = rows[rows["count_hours"] == 2]
    r = (two if len(two) else rows.sort_values("count_hours")).iloc[0]
    verdict = "meets" if r["coverage_ok"] and r["mape_ok"] is not False else "misses"
    return [f"method check ({SCHEME}, {r['windows']}, {int(r['count_hours'])} h): error {r['mape']:.1%}, coverage "
            f"{r['coverage']:.1%}, worst counter {r['worst_counter']} {r['min_counter_coverage']:.1%} ({verdict} "
            "the targets; footfall_method_check_counters has every counter)"]
