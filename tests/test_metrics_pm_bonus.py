"""The product-manager bonus: the worked example of the job description, band edges and the yearly table.

Worked example (万 = 10,000 yuan): 320万 collected with a 200万 guaranteed base;
reward = 200万 x 2% + 120万 x 4% = 8.8万; margin above 35% -> coefficient 1.2 (10.56万); batch returns 20万
and sporadic 5万 -> quality deduction 20 x 5% + 5 x 8% = 1.4万; inventory deduction 0.2万.
bonus = 8.8 x 1.2 - 1.4 - 0.2 = 8.96万. The issue text prints 9.04万 for the same line, but its own parts
give 10.56 - 1.4 - 0.2 = 8.96: every stated intermediate is reproduced exactly below, and the total follows
the stated formula.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipelines.metrics.config import ConfigError
from pipelines.metrics.pm_bonus import BonusInputs, BonusRules, load_bonus_rules, pm_bonus, pm_bonus_table

WAN = 10_000


def worked_example_inputs() -> BonusInputs:
    return BonusInputs(
        collected_revenue=320 * WAN, guaranteed_base=200 * WAN, gross_margin_pct=0.36,
        batch_returns=20 * WAN, sporadic_returns=5 * WAN,
        # Average monthly sales 320万 / 12; stock 2万 above it -> 10% x 2万 = 0.2万.
        avg_inventory_last_two_months=320 * WAN / 12 + 2 * WAN, avg_monthly_sales=320 * WAN / 12,
    )


def test_worked_example_with_the_shipped_rules() -> None:
    res = pm_bonus(worked_example_inputs(), load_bonus_rules())
    assert res.base_sales == pytest.approx(200 * WAN)
    assert res.growth_sales == pytest.approx(120 * WAN)
    assert res.reward == pytest.approx(8.8 * WAN)
    assert res.margin_coefficient == 1.2
    assert res.adjusted_reward == pytest.approx(10.56 * WAN)
    assert res.quality_deduction == pytest.approx(1.4 * WAN)
    assert res.inventory_deduction == pytest.approx(0.2 * WAN)
    assert res.bonus == pytest.approx(8.8 * 1.2 * WAN - 1.4 * WAN - 0.2 * WAN)
    assert res.bonus == pytest.approx(8.96 * WAN)


@pytest.mark.parametrize(("margin", "coefficient"), [
    (0.36, 1.2), (0.35, 1.1), (0.3501, 1.2), (0.30, 1.0), (0.25, 1.0), (0.20, 0.8), (0.05, 0.8), (None, 0.8),
])
def test_margin_bands_apply_strictly_above_their_floor(margin: float | None, coefficient: float) -> None:
    assert BonusRules().coefficient(margin) == coefficient


def test_no_inventory_deduction_below_average_sales_and_floor_at_zero() -> None:
    x = worked_example_inputs()
    low_stock = BonusInputs(**{**x.__dict__, "avg_inventory_last_two_months": 10 * WAN})
    assert pm_bonus(low_stock, BonusRules()).inventory_deduction == 0
    # Below the base everything is paid at the base rate; huge returns cannot make the bonus negative.
    small = BonusInputs(**{**x.__dict__, "collected_revenue": 100 * WAN, "batch_returns": 500 * WAN})
    res = pm_bonus(small, BonusRules())
    assert (res.reward, res.growth_sales, res.bonus) == pytest.approx((2 * WAN, 0, 0))


def test_yearly_table_reproduces_the_example_from_monthly_data() -> None:
    """Two years of hand-made monthly inputs: 2024 collected 200万 (the 2025 base), 2025 the worked example."""
    months = pd.date_range("2024-01-01", "2025-12-01", freq="MS")
    in_2025 = months.year == 2025
    df = pd.DataFrame({
        "product_manager": "PM01", "month_start": months.date,
        "collected_amount": [(320 if y else 200) * WAN / 12 for y in in_2025],
        "sales_amount": 320 * WAN / 12, "costed_sales_amount": 320 * WAN / 12,
        "gross_margin": 0.36 * 320 * WAN / 12,
        "batch_returns_amount": [20 * WAN / 12 if y else 0 for y in in_2025],
        "sporadic_returns_amount": [5 * WAN / 12 if y else 0 for y in in_2025],
    })
    # int_non_effective_inventory at the end of each year, two products: at the end of 2025 their stock of Nov
    # and Dec is 2万 above the average month's sales.
    stock = pd.DataFrame({
        "product_manager": "PM01", "period": "year", "period_start": [date(2024, 1, 1)] * 2 + [date(2025, 1, 1)] * 2,
        "month_start": [date(2024, 12, 1)] * 2 + [date(2025, 12, 1)] * 2,
        "company_stock_last_two_months": [200 * WAN / 12, 120 * WAN / 12, 200 * WAN / 12, 120 * WAN / 12 + 2 * WAN],
        "distributor_stock_last_two_months": 999 * WAN,  # not counted: the rules look at company stock only
        "avg_monthly_sales": [200 * WAN / 12, 120 * WAN / 12] * 2,
    })
    out = pm_bonus_table(df, stock, load_bonus_rules(), as_of=date(2025, 12, 31), data_start=date(2024, 1, 1))
    y2025 = out[out["period_start"] == date(2025, 1, 1)].iloc[0]
    assert y2025["guaranteed_base"] == pytest.approx(200 * WAN)
    assert y2025["base_rule"] == "previous period's collected revenue"
    assert y2025["is_complete_period"]
    assert y2025["inventory_deduction"] == pytest.approx(0.2 * WAN)
    assert y2025["bonus"] == pytest.approx(8.96 * WAN)
    y2024 = out[out["period_start"] == date(2024, 1, 1)].iloc[0]
    # No earlier year in the data: 2024 is all paid at the base rate.
    assert y2024["growth_sales"] == 0 and y2024["reward"] == pytest.approx(200 * WAN * 0.02)
    assert y2024["inventory_deduction"] == 0


def test_rule_file_errors_name_the_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "pm_bonus.yaml").write_text(
        "base_rate: 0.02\ngrowth_rate: 0.04\nmargin_coefficients:\n  - {above: 0.2, coefficient: 1.0}\n",
        encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pm_bonus.yaml: margin_coefficients needs exactly one floor band"):
        load_bonus_rules(tmp_path)
    (tmp_path / "pm_bonus.yaml").write_text("base_rate: two percent\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pm_bonus.yaml: base_rate must be a number, got 'two percent'"):
        load_bonus_rules(tmp_path)
