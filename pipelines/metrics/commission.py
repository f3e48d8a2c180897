"""Commission (提成) on collected sales with marginal tiers read from pipelines/config/commission_tiers.yaml.

Marginal means each tier's rate applies only to the slice of the collected amount inside that tier,
so earning one more yuan never lowers the commission (unlike a "whole amount at the reached rate" rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.metrics.config import ConfigError, choice, load_yaml, number

PERIODS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Tier:
    start: float  # the tier applies to the collected amount above this
    rate: float


@dataclass(frozen=True)
class CommissionRules:
    tiers: tuple[Tier, ...]
    period: str = "month"
    eligible_roles: tuple[str, ...] = ("rep", "manager")

    def __post_init__(self) -> None:
        validate_tiers(self.tiers, "commission rules")

    @property
    def max_rate(self) -> float:
        return max(t.rate for t in self.tiers)


def validate_tiers(tiers: tuple[Tier, ...], source: str) -> None:
    if not tiers:
        raise ConfigError(f"{source}: tiers must list at least one tier")
    if tiers[0].start != 0:
        raise ConfigError(f"{source}: the first tier must start at 0, got {tiers[0].start:g}")
    for prev, nxt in zip(tiers, tiers[1:], strict=False):
        if nxt.start <= prev.start:
            raise ConfigError(f"{source}: tier starts must increase, got {prev.start:g} then {nxt.start:g}")
        if nxt.rate < prev.rate:
            raise ConfigError(f"{source}: rates must rise with the amount collected, got {prev.rate:g} "
                              f"from {prev.start:g} then {nxt.rate:g} from {nxt.start:g}")


def load_commission_rules(config_dir: Path | None = None) -> CommissionRules:
    name = "commission_tiers.yaml"
    raw = load_yaml(name, config_dir)
    tiers_raw = raw.get("tiers")
    if not isinstance(tiers_raw, list):
        raise ConfigError(f"{name}: tiers must be a list of {{from: amount, rate: share}}")
    tiers = []
    for i, t in enumerate(tiers_raw, start=1):
        if not isinstance(t, dict) or "from" not in t or "rate" not in t:
            raise ConfigError(f"{name}: tier {i} must have `from` and `rate`, got {t!r}")
        tiers.append(Tier(number(name, f"tiers[{i}].from", t["from"], minimum=0),
                          number(name, f"tiers[{i}].rate", t["rate"], minimum=0, maximum=1)))
    validate_tiers(tuple(tiers), name)
    return CommissionRules(
        tiers=tuple(tiers),
        period=choice(name, "period", raw.get("period", "month"), PERIODS),
        eligible_roles=tuple(raw.get("eligible_roles") or ("rep", "manager")),
    )


def marginal_commission(amount: float | np.ndarray, tiers: tuple[Tier, ...]) -> np.ndarray:
    """Commission on each collected amount: sum over tiers of rate x the slice of the amount in the tier."""
    x = np.maximum(np.asarray(amount, dtype=float), 0.0)
    total = np.zeros_like(x)
    for i, tier in enumerate(tiers):
        upper = tiers[i + 1].start if i + 1 < len(tiers) else np.inf
        total += tier.rate * np.clip(x - tier.start, 0.0, upper - tier.start)
    return total


def reached_rate(amount: float | np.ndarray, tiers: tuple[Tier, ...]) -> np.ndarray:
    """The marginal rate of the last yuan collected (the tier reached)."""
    starts = np.array([t.start for t in tiers])
    rates = np.array([t.rate for t in tiers])
    idx = np.searchsorted(starts, np.asarray(amount, dtype=float), side="right") - 1
    return rates[np.clip(idx, 0, len(tiers) - 1)]


def commission_table(collected: pd.DataFrame, reps: pd.DataFrame, rules: CommissionRules) -> pd.DataFrame:
    """Commission per rep and period from monthly collected amounts.

    collected: rep_id, month_start, collected_amount (the rep credited on each receipt).
    reps: rep_id, region_id, role. Reps whose role is not eligible get no rows.
    """
    cols = ["rep_id", "region_id", "period_type", "period_start", "collected_amount", "commission",
            "effective_rate", "marginal_rate"]
    eligible = reps.loc[reps["role"].isin(rules.eligible_roles), ["rep_id", "region_id"]]
    df = collected.merge(eligible, on="rep_id", how="inner")
    if df.empty:
        return pd.DataFrame(columns=cols)
    month = pd.to_datetime(df["month_start"])
    freq = {"month": "M", "quarter": "Q", "year": "Y"}[rules.period]
    df = df.assign(period_start=month.dt.to_period(freq).dt.start_time.dt.date)
    out = df.groupby(["rep_id", "region_id", "period_start"], as_index=False)["collected_amount"].sum()
    out["period_type"] = rules.period
    out["commission"] = np.round(marginal_commission(out["collected_amount"].to_numpy(), rules.tiers), 2)
    amount = out["collected_amount"].to_numpy(dtype=float)
    out["effective_rate"] = np.where(amount > 0, out["commission"] / np.where(amount > 0, amount, 1), np.nan)
    out["marginal_rate"] = reached_rate(amount, rules.tiers)
    return out[cols].sort_values(["period_start", "rep_id"], ignore_index=True)
