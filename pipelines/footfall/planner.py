"""Counting planner: which hours to count, for a given number of counting hours, per day class.

Candidates are every contiguous window, every split into two blocks at least an hour apart, every spread plan
(blocks of 15 or 20 minutes at the start of evenly spaced hours) and every scattered plan (half hours at the start
of any clock hours) inside the planning hours, that one
observer can follow in a day of at most planner.max_span_hours on site. With two or more reference counters
each candidate is scored leave-counter-out (loco.py): the mean absolute error, interval coverage and width
its expansion had at places the method did not learn from; the plan with the smallest error whose intervals
would still cover the most unusual place often enough (worst_place_coverage) is the best for that length; when
no plan of a length does, the one closest to it. Without
them (built-in profile, or one counter) plans are ranked by their predicted interval. For the best plan the
planner also predicts the one-day precision at the study's hourly rate (counting noise included) and how many
such days a typical-day estimate needs; the recommended plan is the shortest best plan reaching the target.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.stats import norm

from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.loco import WindowScores, counter_names, loco_scores
from pipelines.footfall.profiles import ProfileModel
from pipelines.footfall.windows import Block, block_weights, blocks_label, candidate_plans

KEEP_PER_LENGTH = 3  # plans reported per day class and length (the best contiguous one is always kept too)


def relative_precision(estimate: float, lower: float, upper: float) -> float:
    """Half-width of the interval as a share of the estimate: the larger side of an asymmetric interval."""
    return max(upper / estimate - 1, 1 - lower / estimate)


def planned_candidates(cfg: FootfallConfig) -> tuple[list[list[Block]], np.ndarray]:
    """Every candidate plan of every planned length and its hour weights (one matrix, so the method check's scores of
    the same plans are the planner's, remembered, not recomputed)."""
    plans = [p for h in cfg.plan_hours
             for p in candidate_plans(h, cfg.earliest_hour, cfg.latest_hour, cfg.max_span_hours)]
    return plans, np.array([block_weights(p) for p in plans])


def plan_samples(model: ProfileModel, hourly_rate: float, dispersion: float, cfg: FootfallConfig) -> pd.DataFrame:
    plans, weights = planned_candidates(cfg)
    hours = weights.sum(axis=1)
    parts = []
    for day_class, types in model.calendar.plan_classes().items():
        scores = _scores_frame(loco_scores(model, weights, types, dispersion), types)  # before the pooled statistics:
        stats = model.window_stats_many(types, weights)  # they add up the per-type feature sums the scores left
        frame = pd.DataFrame({
            "day_class": day_class, "count_hours": np.rint(hours).astype(int), "plan": [blocks_label(p) for p in plans],
            "blocks": [len(p) for p in plans], "share_of_day": [s.share for s in stats],
            "sd_location": [s.sd_location for s in stats], "sd_day": [s.sd_day for s in stats],
        })
        frame = frame.join(scores)
        count_var = dispersion * np.clip(1 - frame["share_of_day"], 0, 1) / (hourly_rate * frame["count_hours"])
        sd_total = np.sqrt(frame["sd_location"] ** 2 + frame["sd_day"] ** 2 + count_var)
        frame["rel_precision_one_day"] = np.expm1(model.z * sd_total)
        per_day = frame["sd_day"] ** 2 + count_var + model.day_levels.same_day_sd ** 2
        parts.append(_keep_best(frame.assign(_per_day=per_day), cfg, model))
    out = pd.concat(parts, ignore_index=True)
    return out.assign(target_rel_precision=cfg.target_rel_precision, assumed_hourly_rate=hourly_rate,
                      interval_level=model.level, profile_source=model.source,
                      reference_counters=len(counter_names(model)))


def _scores_frame(scores: dict[str, WindowScores], types: tuple[str, ...]) -> pd.DataFrame:
    """Leave-counter-out error, coverage (overall and worst counter) and width per window, pooled over the types."""
    if not scores:
        return pd.DataFrame({c: np.nan for c in ("expected_mape", "expected_coverage", "min_counter_coverage",
                                                 "expected_rel_width")}, index=[0]).iloc[:0]
    total = None
    for t in types:
        if t in scores:
            total = scores[t] if total is None else total.add(scores[t])
    n = total.n.sum(axis=1)
    per_counter = np.divide(total.covered, total.n, out=np.full_like(total.n, np.nan), where=total.n > 0)
    return pd.DataFrame({
        "expected_mape": total.abs_error.sum(axis=1) / n,
        "expected_coverage": total.covered.sum(axis=1) / n,
        "min_counter_coverage": np.nanmin(per_counter, axis=1),
        "expected_rel_width": total.rel_width.sum(axis=1) / np.maximum(total.positive.sum(axis=1), 1),
    })


def _keep_best(frame: pd.DataFrame, cfg: FootfallConfig, model: ProfileModel) -> pd.DataFrame:
    """Per length, the best plans and the best contiguous one. Best: the smallest leave-counter-out error among
    plans whose intervals still cover every left-out counter often enough (a plan that averages out day-to-day
    noise leaves the place's own shape as most of the error, and places far from the profile then fall outside
    their intervals); without two counters, the best predicted precision."""
    key = "expected_mape" if frame["expected_mape"].notna().any() else "rel_precision_one_day"
    worst = worst_place_coverage(frame["sd_location"].to_numpy(float), frame["sd_day"].to_numpy(float),
                                 len(counter_names(model)), model.z)
    frame = frame.assign(meets_coverage_rule=worst >= cfg.target_min_counter_coverage,
                         _shortfall=coverage_shortfall(worst, cfg))
    frame = frame.sort_values(["_shortfall", key, "rel_precision_one_day"], kind="stable").drop(columns="_shortfall")
    frame["rank_in_length"] = frame.groupby("count_hours").cumcount() + 1
    best_contiguous = frame[frame["blocks"] == 1].groupby("count_hours").head(1).index
    kept = frame[(frame["rank_in_length"] <= KEEP_PER_LENGTH) | frame.index.isin(best_contiguous)].copy()
    kept["best_for_length"] = kept["rank_in_length"] == 1
    kept["meets_target_one_day"] = kept["rel_precision_one_day"] <= cfg.target_rel_precision
    allowed = (math.log(1 + cfg.target_rel_precision) / model.z) ** 2
    shared = kept["sd_location"] ** 2
    kept["days_for_typical_estimate"] = [
        math.ceil(p / (allowed - s)) if allowed > s else None for p, s in zip(kept["_per_day"], shared, strict=True)]
    meeting = kept[kept["best_for_length"] & kept["meets_target_one_day"]]
    kept["recommended"] = kept.index == (meeting["count_hours"].idxmin() if len(meeting) else -1)
    return kept.drop(columns=["_per_day", "sd_location", "sd_day"]).sort_values(["count_hours", "rank_in_length"])


def worst_place_coverage(sd_location: np.ndarray, sd_day: np.ndarray, n_counters: int, z: float) -> np.ndarray:
    """How often each plan's intervals would cover the most unusual of n places. A place's own shape shifts every
    day's error the same way; where it is most of the error, places far from the profile fall outside their
    intervals on most days, however well the intervals cover on average. The most unusual of 2n places (new sites
    are not the counters, and the spread is itself estimated) sits about Phi^-1(1 - 1/(4n)) between-place sds from
    the profile."""
    share = sd_location ** 2 / np.maximum(sd_location ** 2 + sd_day ** 2, 1e-12)
    shift = norm.ppf(1 - 0.25 / max(n_counters, 2)) * np.sqrt(share)
    spread = np.sqrt(np.maximum(1 - share, 1e-12))
    return norm.cdf((z - shift) / spread) - norm.cdf((-z - shift) / spread)


def coverage_shortfall(worst: np.ndarray, cfg: FootfallConfig) -> np.ndarray:
    """The first sort key of plans: 0 for plans whose intervals cover the most unusual place often enough, else how
    far they fall short. Plans short of the target rank after the others and, when no plan of a length meets it,
    the one closest to it comes first (not the one with the smallest error, whose intervals then miss unusual
    places most often)."""
    return np.maximum(cfg.target_min_counter_coverage - worst, 0.0)


def plan_choice(shortfall: np.ndarray, error: np.ndarray) -> int:
    """Index of the plan the planner picks: the smallest coverage shortfall, then the smallest error."""
    return int(np.lexsort((error, shortfall))[0])


def best_plans(plan: pd.DataFrame) -> dict[tuple[str, int], str]:
    """(day class, counting hours) -> the best plan's label, from a footfall_sample_plan frame."""
    best = plan[plan["best_for_length"].astype(bool)]
    return {(r.day_class, int(r.count_hours)): r.plan for r in best.itertuples(index=False)}


def plan_notes(plan: pd.DataFrame) -> list[str]:
    """One line per day class: the recommended plan with its expected error, or that none reaches the target; and
    one more where no plan of some length meets the coverage rule (the closest one was kept)."""
    notes = []
    for day_class, g in plan.groupby("day_class", sort=False):
        rec = g[g["recommended"].astype(bool)]
        if len(rec):
            r = rec.iloc[0]
            error = f"expected error {r['expected_mape']:.1%}, " if pd.notna(r["expected_mape"]) else ""
            notes.append(f"counting plan {day_class}: {r['plan']} ({int(r['count_hours'])} h; {error}"
                         f"±{r['rel_precision_one_day']:.0%} on one day)")
        else:
            longest = g[g["best_for_length"].astype(bool)].sort_values("count_hours").iloc[-1]
            notes.append(f"counting plan {day_class}: no plan of up to {int(longest['count_hours'])} h reaches "
                         f"±{longest['target_rel_precision']:.0%} on one day (best {longest['plan']}: "
                         f"±{longest['rel_precision_one_day']:.0%}); count on more days (footfall_sample_plan)")
        short = g[g["best_for_length"].astype(bool) & ~g["meets_coverage_rule"].astype(bool)]
        if len(short):
            lengths = ", ".join(str(int(h)) for h in short["count_hours"])
            notes.append(f"counting plan {day_class}: no plan of {lengths} h has intervals that would cover an "
                         "unusual place often enough; the closest is kept (footfall_sample_plan.meets_coverage_rule)")
    return notes
