"""Product-manager annual bonus (产品经理年度奖金), rules in pipelines/config/pm_bonus.yaml.

    bonus = sales-revenue reward x gross-margin coefficient - quality deduction - inventory deduction
    reward = min(collected, base) x base_rate + max(collected - base, 0) x growth_rate   (only 回款 counts)
    coefficient: the margin band (毛利系数) the period's gross margin falls in
    quality deduction = batch returns x 5% + sporadic returns x 8%   (批量退货 / 零星退货)
    inventory deduction = rate x max(avg inventory of the last two months - avg monthly sales, 0)  (非有效库存)

The two inventory inputs come from int_non_effective_inventory (the one definition of 非有效库存, which the
inventory page shows per product): the bonus sums its products' rows of the period's last month.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.metrics.config import ConfigError, choice, load_yaml, number

PERIODS = {"year": "Y", "quarter": "Q"}
LOCATIONS = ("company_warehouse", "distributor")


@dataclass(frozen=True)
class MarginBand:
    above: float | None  # the band applies when the margin is strictly above this (None: the floor band)
    coefficient: float


@dataclass(frozen=True)
class BonusRules:
    base_rate: float = 0.02
    growth_rate: float = 0.04
    margin_bands: tuple[MarginBand, ...] = (MarginBand(None, 0.8), MarginBand(0.20, 1.0), MarginBand(0.30, 1.1),
                                            MarginBand(0.35, 1.2))
    batch_return_rate: float = 0.05
    sporadic_return_rate: float = 0.08
    inventory_rate: float = 0.10
    inventory_locations: tuple[str, ...] = ("company_warehouse",)
    default_base: float | str = "prior_year_collected"
    base_by_pm: dict[str, float] | None = None
    period: str = "year"
    floor_at_zero: bool = True

    def coefficient(self, margin_pct: float | None) -> float:
        """The coefficient of the highest band whose floor the margin exceeds; the floor band otherwise."""
        floor = next(b.coefficient for b in self.margin_bands if b.above is None)
        if margin_pct is None or np.isnan(margin_pct):
            return floor
        best = None
        for band in self.margin_bands:
            if band.above is not None and margin_pct > band.above and (best is None or band.above > best.above):
                best = band
        return best.coefficient if best else floor


@dataclass(frozen=True)
class BonusInputs:
    collected_revenue: float
    guaranteed_base: float
    gross_margin_pct: float | None
    batch_returns: float
    sporadic_returns: float
    avg_inventory_last_two_months: float
    avg_monthly_sales: float


@dataclass(frozen=True)
class BonusResult:
    base_sales: float
    growth_sales: float
    reward: float
    margin_coefficient: float
    adjusted_reward: float
    quality_deduction: float
    inventory_excess: float
    inventory_deduction: float
    bonus: float


def pm_bonus(x: BonusInputs, rules: BonusRules) -> BonusResult:
    """One product manager's bonus for one period, every intermediate kept so a PM can check it."""
    collected = max(x.collected_revenue, 0.0)
    base_sales = min(collected, max(x.guaranteed_base, 0.0))
    growth_sales = collected - base_sales
    reward = base_sales * rules.base_rate + growth_sales * rules.growth_rate
    coefficient = rules.coefficient(x.gross_margin_pct)
    adjusted = reward * coefficient
    quality = x.batch_returns * rules.batch_return_rate + x.sporadic_returns * rules.sporadic_return_rate
    excess = max(x.avg_inventory_last_two_months - x.avg_monthly_sales, 0.0)
    inventory = excess * rules.inventory_rate
    bonus = adjusted - quality - inventory
    if rules.floor_at_zero:
        bonus = max(bonus, 0.0)
    return BonusResult(base_sales, growth_sales, reward, coefficient, adjusted, quality, excess, inventory, bonus)


def load_bonus_rules(config_dir: Path | None = None) -> BonusRules:
    name = "pm_bonus.yaml"
    raw = load_yaml(name, config_dir)
    base_rate = number(name, "base_rate", raw.get("base_rate"), minimum=0, maximum=1)
    growth_rate = number(name, "growth_rate", raw.get("growth_rate"), minimum=0, maximum=1)
    bands_raw = raw.get("margin_coefficients")
    if not isinstance(bands_raw, list) or not bands_raw:
        raise ConfigError(f"{name}: margin_coefficients must be a list of {{above: share, coefficient: x}}")
    bands = []
    for i, b in enumerate(bands_raw, start=1):
        if not isinstance(b, dict) or "coefficient" not in b:
            raise ConfigError(f"{name}: margin_coefficients[{i}] needs a coefficient, got {b!r}")
        above = b.get("above")
        bands.append(MarginBand(None if above is None else number(name, f"margin_coefficients[{i}].above", above),
                                number(name, f"margin_coefficients[{i}].coefficient", b["coefficient"], minimum=0)))
    if sum(b.above is None for b in bands) != 1:
        raise ConfigError(f"{name}: margin_coefficients needs exactly one floor band without `above`")
    base = raw.get("guaranteed_base") or {}
    default = base.get("default", "prior_year_collected")
    if default != "prior_year_collected":
        default = number(name, "guaranteed_base.default", default, minimum=0)
    by_pm = {str(k): number(name, f"guaranteed_base.by_product_manager.{k}", v, minimum=0)
             for k, v in (base.get("by_product_manager") or {}).items()}
    quality = raw.get("quality_deduction") or {}
    inventory = raw.get("inventory_deduction") or {}
    locations = tuple(inventory.get("locations") or ("company_warehouse",))
    for loc in locations:
        choice(name, "inventory_deduction.locations", loc, LOCATIONS)
    return BonusRules(
        base_rate=base_rate,
        growth_rate=growth_rate,
        margin_bands=tuple(bands),
        batch_return_rate=number(name, "quality_deduction.batch_rate", quality.get("batch_rate"), minimum=0),
        sporadic_return_rate=number(name, "quality_deduction.sporadic_rate", quality.get("sporadic_rate"), minimum=0),
        inventory_rate=number(name, "inventory_deduction.rate", inventory.get("rate"), minimum=0),
        inventory_locations=locations,
        default_base=default,
        base_by_pm=by_pm,
        period=choice(name, "period", raw.get("period", "year"), tuple(PERIODS)),
        floor_at_zero=bool(raw.get("floor_at_zero", True)),
    )


BONUS_COLUMNS = [
    "product_manager", "period_start", "period_end", "months_in_period", "is_complete_period",
    "collected_revenue", "guaranteed_base", "base_rule", "base_sales", "growth_sales", "reward",
    "sales_amount", "gross_margin", "gross_margin_pct", "margin_coefficient", "adjusted_reward",
    "batch_returns", "sporadic_returns", "quality_deduction", "avg_inventory_last_two_months",
    "avg_monthly_sales", "inventory_excess", "inventory_deduction", "bonus",
]


def pm_bonus_table(pm_month: pd.DataFrame, stock: pd.DataFrame, rules: BonusRules, as_of: date,
                   data_start: date) -> pd.DataFrame:
    """The bonus of every product manager for every period the data touches (the as-of period is to date).

    pm_month: product_manager, month_start, collected_amount, sales_amount, costed_sales_amount, gross_margin,
    batch_returns_amount, sporadic_returns_amount (int_pm_month).
    stock: int_non_effective_inventory rows (product_manager, period, period_start, month_start,
    company_stock_last_two_months, distributor_stock_last_two_months, avg_monthly_sales).
    """
    stock = stock[(stock["period"] == rules.period) & stock["product_manager"].notna()].copy()
    if pm_month.empty and stock.empty:
        return pd.DataFrame(columns=BONUS_COLUMNS)
    freq = PERIODS[rules.period]
    df = pm_month.copy()
    df["period"] = pd.to_datetime(df["month_start"]).dt.to_period(freq)
    stock["period"] = pd.to_datetime(stock["period_start"]).dt.to_period(freq)
    stock["month"] = pd.to_datetime(stock["month_start"]).dt.to_period("M")
    stock_cols = [f"{loc.split('_')[0]}_stock_last_two_months" for loc in rules.inventory_locations]
    stock["inventory_value"] = stock[stock_cols].sum(axis=1)
    # The period's position at its last month: summed over the product manager's products.
    position = stock.groupby(["product_manager", "period", "month"])[["inventory_value", "avg_monthly_sales"]].sum()
    as_of_month = pd.Period(as_of, "M")
    first_month = pd.Period(data_start, "M")
    totals = df.groupby(["product_manager", "period"]).agg(
        collected_revenue=("collected_amount", "sum"), sales_amount=("sales_amount", "sum"),
        costed_sales_amount=("costed_sales_amount", "sum"), gross_margin=("gross_margin", "sum"),
        batch_returns=("batch_returns_amount", "sum"),
        sporadic_returns=("sporadic_returns_amount", "sum"))
    # A product manager holding stock in a period without sales or receipts still has the period's deduction.
    keys = totals.index.union(pd.MultiIndex.from_frame(stock[["product_manager", "period"]].drop_duplicates()))
    totals = totals.reindex(keys, fill_value=0.0)
    rows = []
    for (pm, period), t in totals.iterrows():
        start_m = max(period.asfreq("M", "start"), first_month)
        end_m = min(period.asfreq("M", "end"), as_of_month)
        months = (end_m - start_m).n + 1
        at_end = position.loc[(pm, period, end_m)] if (pm, period, end_m) in position.index else None
        avg_inventory = float(at_end["inventory_value"]) if at_end is not None else 0.0
        avg_sales = float(at_end["avg_monthly_sales"]) if at_end is not None else 0.0
        base, base_rule = _guaranteed_base(pm, period, totals, rules, first_month)
        # Margin over the sales whose cost is known (a SKU without a standard cost has no margin).
        margin_pct = t.gross_margin / t.costed_sales_amount if t.costed_sales_amount else None
        res = pm_bonus(BonusInputs(
            collected_revenue=float(t.collected_revenue), guaranteed_base=base,
            gross_margin_pct=margin_pct, batch_returns=float(t.batch_returns),
            sporadic_returns=float(t.sporadic_returns), avg_inventory_last_two_months=avg_inventory,
            avg_monthly_sales=avg_sales), rules)
        rows.append({
            "product_manager": pm, "period_start": period.start_time.date(), "period_end": period.end_time.date(),
            "months_in_period": months, "is_complete_period": period.end_time.date() <= as_of,
            "collected_revenue": float(t.collected_revenue), "guaranteed_base": base, "base_rule": base_rule,
            "sales_amount": float(t.sales_amount), "gross_margin": float(t.gross_margin),
            "gross_margin_pct": margin_pct, "batch_returns": float(t.batch_returns),
            "sporadic_returns": float(t.sporadic_returns), "avg_inventory_last_two_months": avg_inventory,
            "avg_monthly_sales": avg_sales, **asdict(res),
        })
    return pd.DataFrame(rows)[BONUS_COLUMNS].sort_values(["period_start", "product_manager"], ignore_index=True)


def _guaranteed_base(pm: str, period: pd.Period, totals: pd.DataFrame, rules: BonusRules,
                     first_month: pd.Period) -> tuple[float, str]:
    """The PM's guaranteed base (保底) for the period and the rule that set it."""
    if rules.base_by_pm and pm in rules.base_by_pm:
        return rules.base_by_pm[pm], "configured for this product manager"
    if rules.default_base != "prior_year_collected":
        return float(rules.default_base), "configured default"
    prior = period - 1
    if prior.asfreq("M", "start") >= first_month and (pm, prior) in totals.index:
        return float(totals.loc[(pm, prior), "collected_revenue"]), "previous period's collected revenue"
    # No complete previous period in the data: the whole collected revenue is paid at the base rate.
    return float(totals.loc[(pm, period), "collected_revenue"]), "no complete previous period: all at base rate"
