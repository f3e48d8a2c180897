"""Commission on collections with marginal tiers (提成): sums by hand, the rule file, periods and eligibility."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.metrics.commission import (
    CommissionRules,
    Tier,
    commission_table,
    load_commission_rules,
    marginal_commission,
)
from pipelines.metrics.config import ConfigError

TIERS = (Tier(0, 0.01), Tier(100_000, 0.02), Tier(200_000, 0.03), Tier(400_000, 0.04))


@pytest.mark.parametrize(("collected", "expected"), [
    (0, 0.0),
    (50_000, 500.0),                                        # 50,000 x 1%
    (100_000, 1_000.0),                                     # the first tier exactly
    (250_000, 1_000 + 2_000 + 1_500),                       # 100k x 1% + 100k x 2% + 50k x 3%
    (500_000, 1_000 + 2_000 + 6_000 + 4_000),               # ... + 200k x 3% + 100k x 4%
])
def test_each_slice_is_paid_at_its_own_rate(collected: float, expected: float) -> None:
    assert marginal_commission(collected, TIERS) == pytest.approx(expected)


def test_one_more_yuan_never_lowers_the_commission() -> None:
    amounts = np.linspace(0, 1_000_000, 2001)
    pay = marginal_commission(amounts, TIERS)
    assert (np.diff(pay) >= 0).all()
    assert (pay <= amounts * 0.04 + 1e-9).all()


def test_the_shipped_rule_file_matches_its_own_example() -> None:
    rules = load_commission_rules()
    assert marginal_commission(250_000, rules.tiers) == pytest.approx(4_500)  # the example in the YAML comment


@pytest.mark.parametrize(("text", "message"), [
    ("tiers:\n  - {from: 100, rate: 0.01}\n", "the first tier must start at 0"),
    ("tiers:\n  - {from: 0, rate: 0.03}\n  - {from: 100, rate: 0.01}\n", "rates must rise"),
    ("tiers:\n  - {from: 0, rate: 0.01}\n  - {from: 0, rate: 0.02}\n", "tier starts must increase"),
    ("tiers:\n  - {from: 0}\n", "tier 1 must have `from` and `rate`"),
    ("tiers:\n  - {from: 0, rate: 0.01}\nperiod: week\n", "period must be one of month, quarter, year"),
])
def test_bad_tier_files_are_refused_with_the_rule(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "commission_tiers.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="commission_tiers.yaml: .*" + message):
        load_commission_rules(tmp_path)


def test_quarterly_periods_and_eligible_roles() -> None:
    collected = pd.DataFrame({
        "rep_id": ["P1", "P1", "P1", "P2", "M1"],
        "month_start": [date(2025, 1, 1), date(2025, 2, 1), date(2025, 4, 1), date(2025, 1, 1), date(2025, 1, 1)],
        "collected_amount": [60_000, 60_000, 10_000, 50_000, 500_000],
    })
    reps = pd.DataFrame({"rep_id": ["P1", "P2", "M1"], "region_id": ["R1", "R1", "R1"],
                         "role": ["rep", "rep", "director"]})
    out = commission_table(collected, reps, CommissionRules(TIERS, period="quarter", eligible_roles=("rep",)))
    got = {(r.rep_id, r.period_start): r for r in out.itertuples()}
    assert set(got) == {("P1", date(2025, 1, 1)), ("P1", date(2025, 4, 1)), ("P2", date(2025, 1, 1))}
    q1 = got[("P1", date(2025, 1, 1))]
    # 120,000 in Q1 as one amount: 100k x 1% + 20k x 2% (two monthly 60k would only earn 1% each).
    assert (q1.collected_amount, q1.commission, q1.marginal_rate) == pytest.approx((120_000, 1_400, 0.02))
    assert q1.effective_rate == pytest.approx(1_400 / 120_000)
