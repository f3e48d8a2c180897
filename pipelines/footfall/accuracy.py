"""`salesops bench --footfall-accuracy`: the method check's 2-hour figures on simulated reference counters, seed by
seed, and on the sample study's counters (the table in docs/footfall.md).

Each seed is a city of 20 simulated counters whose shapes differ as much as real ones
(sample_data.simulated_reference(20, seed, spread=0.14, hour_noise=0.2)); the planner and the method check run on
them as in a build (study hourly rate 600, overdispersion 1.5). Printed per data set: every contiguous 2-hour window,
and the planner's choice made without the tested counter (the headline), as error, coverage and worst counter;
then how many seeds meet each target. A figure to read, not a test: nothing here is tuned to these seeds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_limits

from pipelines.footfall import sample_data as sd
from pipelines.footfall.config import FootfallConfig
from pipelines.footfall.method_check import CHOSEN_BLIND, EVERY_WINDOW, method_check
from pipelines.footfall.planner import plan_samples
from pipelines.footfall.profiles import learn_profile, prepare_reference

DEFAULT_SEEDS = tuple(range(11, 21))
HOURS = 2


def check_rows(reference: pd.DataFrame, cfg: FootfallConfig) -> tuple[pd.Series, pd.Series, str]:
    """The 2-hour method-check rows (every contiguous window, the planner's blind choice) and the chosen plans."""
    model = learn_profile(prepare_reference(reference, cfg)[0], cfg)
    plan = plan_samples(model, cfg.default_hourly_rate, cfg.default_dispersion, cfg)
    check, _per_counter = method_check(model, cfg, plan)
    two = check[check["count_hours"] == HOURS].set_index("windows")
    best = plan[plan["best_for_length"].astype(bool) & (plan["count_hours"] == HOURS)]
    chosen = "; ".join(f"{r.day_class} {r.plan}" for r in best.itertuples(index=False))
    return two.loc[EVERY_WINDOW], two.loc[CHOSEN_BLIND], chosen


def sample_reference(seed: int = 42) -> pd.DataFrame:
    """The sample study's reference counters (3), as prepare_reference reads them."""
    with tempfile.TemporaryDirectory() as tmp:
        sd.write_footfall_sample(Path(tmp), seed=seed)
        raw = pd.concat(pd.read_csv(p) for p in sorted((Path(tmp) / "footfall_reference").glob("*.csv")))
    stamp = pd.to_datetime(raw["hour_start"])
    return pd.DataFrame({"counter_id": raw["counter_id"], "day": stamp.dt.date, "hour": stamp.dt.hour,
                         "count": raw["count"]})


def _figures(r: pd.Series) -> str:
    return f"{r['mape']:6.1%} {r['coverage']:6.1%} {r['min_counter_coverage']:6.1%}"


def run_accuracy(seeds: tuple[int, ...] = DEFAULT_SEEDS) -> int:
    cfg = FootfallConfig(holidays=sd.load_config().holidays)
    lo, hi = cfg.target_coverage
    print(f"method check, {HOURS} counting hours, leave-counter-out (error / coverage / worst counter)")
    print(f"{'data':<22}{'every contiguous window':>24}   {'planner choice, tested counter unseen':>38}")
    headline = []
    with threadpool_limits(1, user_api="blas"):
        sets = [("sample, 3 counters", sample_reference())]
        sets += [(f"simulated, seed {s}", sd.simulated_reference(20, s, spread=0.14, hour_noise=0.2)) for s in seeds]
        for name, reference in sets:
            every, chosen, plans = check_rows(reference, cfg)
            print(f"{name:<22}{_figures(every):>24}   {_figures(chosen):>38}\n{'':<22}{plans}")
            if name.startswith("simulated"):
                headline.append(chosen)
    if headline:
        table = pd.DataFrame(headline)
        n = len(table)
        print(f"\n{n} simulated seeds: mean error {table['mape'].mean():.1%}; error <= {cfg.target_mape_2h:.0%} on "
              f"{int((table['mape'] <= cfg.target_mape_2h).sum())}, coverage in {lo:.0%}-{hi:.0%} on "
              f"{int(table['coverage'].between(lo, hi).sum())}, every counter >= "
              f"{cfg.target_min_counter_coverage:.0%} on "
              f"{int((table['min_counter_coverage'] >= cfg.target_min_counter_coverage).sum())}")
    return 0
