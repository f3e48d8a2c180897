"""Rep scorecard: discipline, activity, collections and target attainment in one 0-100 score per rep and month.

Weights and standards come from pipelines/config/scorecard.yaml. Each component scores
min(value / standard, 1) x 100; the score is the weighted mean of the components that have data for the
rep-month (weights re-normalised), so a rep without a sales target is scored on the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.metrics.config import ConfigError, load_yaml, number

COMPONENTS = ("checkin_compliance", "report_on_time_share", "work_saturation", "collection_rate",
              "sales_attainment")


@dataclass(frozen=True)
class ScorecardRules:
    weights: dict[str, float]
    standards: dict[str, float]


def load_scorecard_rules(config_dir: Path | None = None) -> ScorecardRules:
    name = "scorecard.yaml"
    raw = load_yaml(name, config_dir)
    weights_raw = raw.get("weights") or {}
    unknown = set(weights_raw) - set(COMPONENTS)
    if unknown:
        raise ConfigError(f"{name}: unknown components {', '.join(sorted(unknown))}; known: {', '.join(COMPONENTS)}")
    weights = {c: number(name, f"weights.{c}", v, minimum=0) for c, v in weights_raw.items()}
    if sum(weights.values()) <= 0:
        raise ConfigError(f"{name}: weights must include at least one positive weight")
    standards = {c: number(name, f"standards.{c}", (raw.get("standards") or {}).get(c, 1.0), minimum=1e-9)
                 for c in weights}
    return ScorecardRules(weights, standards)


SCORECARD_COLUMNS = [
    "rep_id", "rep_name", "region_id", "manager_rep_id", "month_start", "checkin_compliance",
    "report_on_time_share", "work_saturation", "collection_rate", "sales_attainment", "sales_amount",
    "collected_amount", "new_customers", "is_unmanaged", "opens_but_not_maintains", "score", "rank_in_region",
]


def rep_scorecard(inputs: pd.DataFrame, rules: ScorecardRules) -> pd.DataFrame:
    """inputs: one row per rep and month with the component columns (NaN when there is no data)."""
    if inputs.empty:
        return pd.DataFrame(columns=SCORECARD_COLUMNS)
    df = inputs.copy()
    num = np.zeros(len(df))
    den = np.zeros(len(df))
    for comp, weight in rules.weights.items():
        value = df[comp].astype(float).to_numpy()
        points = np.minimum(value / rules.standards[comp], 1.0) * 100
        has = ~np.isnan(points)
        num += np.where(has, points * weight, 0.0)
        den += np.where(has, weight, 0.0)
    df["score"] = np.clip(np.where(den > 0, num / np.where(den > 0, den, 1), np.nan), 0, 100)
    df["rank_in_region"] = df.groupby(["region_id", "month_start"])["score"].rank(ascending=False, method="min")
    return df[SCORECARD_COLUMNS].sort_values(["month_start", "region_id", "rank_in_region"], ignore_index=True)
