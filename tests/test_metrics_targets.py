"""Target decomposition (目标分解), attainment, run rate and the gap list on a region worked out by hand.

Region R1, year 2025, data from 2024-01-01. Reps: A and B (employed throughout), C (hired 2025-07-01, no
history), D (left 2024-06-30, sold to R2 customers), M (a manager: not eligible).
2024 actuals: A 20k a month Jan-Nov and 40k in Dec (260k), B half of that (130k), D 5k a month Jan-Jun (R2).
So R1's seasonality is 1 for Jan-Nov and 2 for Dec; A's monthly rate is twice B's; C gets the median (1.5 x B).
Weights rate x season x employment: A 2 x 13 = 26, B 1 x 13 = 13, C 1.5 x (5 + 2) = 10.5; total 49.5.
A 990,000 target is 20,000 per weight unit: A 520,000 (Jan 40,000, Dec 80,000), B 260,000, C 210,000.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipelines.metrics.targets import (
    Context,
    SplitRules,
    TargetError,
    TargetRules,
    attainment_to_date,
    decompose_targets,
    gap_list,
    targets_rep_month,
)

REPS = pd.DataFrame([
    {"rep_id": "A", "rep_name": "A", "region_id": "R1", "role": "rep", "manager_rep_id": "M",
     "hire_date": date(2020, 1, 1), "leave_date": None},
    {"rep_id": "B", "rep_name": "B", "region_id": "R1", "role": "rep", "manager_rep_id": "M",
     "hire_date": date(2020, 1, 1), "leave_date": None},
    {"rep_id": "C", "rep_name": "C", "region_id": "R1", "role": "rep", "manager_rep_id": "M",
     "hire_date": date(2025, 7, 1), "leave_date": None},
    {"rep_id": "D", "rep_name": "D", "region_id": "R1", "role": "rep", "manager_rep_id": "M",
     "hire_date": date(2020, 1, 1), "leave_date": date(2024, 6, 30)},
    {"rep_id": "M", "rep_name": "M", "region_id": "R1", "role": "manager", "manager_rep_id": None,
     "hire_date": date(2020, 1, 1), "leave_date": None},
])


def actuals(extra: list[tuple[str, str, date, float]] = ()) -> pd.DataFrame:
    rows = []
    for m in range(1, 13):
        rows.append(("A", "R1", date(2024, m, 1), 40_000 if m == 12 else 20_000))
        rows.append(("B", "R1", date(2024, m, 1), 20_000 if m == 12 else 10_000))
        if m <= 6:
            rows.append(("D", "R2", date(2024, m, 1), 5_000))
    rows += list(extra)
    df = pd.DataFrame(rows, columns=["rep_id", "region_id", "month_start", "value"])
    df["month_start"] = pd.to_datetime(df["month_start"])
    return df.assign(metric="sales", product_id=None, year=df["month_start"].dt.year)


def context(data_start: date = date(2024, 1, 1), as_of: date = date(2025, 12, 31),
            extra: list[tuple[str, str, date, float]] = ()) -> Context:
    return Context(reps=REPS, regions=["R1", "R2"], actuals=actuals(extra), data_start=data_start, as_of=as_of)


def targets(*rows: dict) -> pd.DataFrame:
    base = {"month": None, "region_id": None, "rep_id": None, "product_id": None, "metric": "sales"}
    return pd.DataFrame([{**base, **r} for r in rows])


def by_rep(cells: pd.DataFrame) -> dict:
    return cells.groupby(cells["rep_id"].fillna("-"))["target_value"].sum().to_dict()


def cell(cells: pd.DataFrame, rep: str, month: int) -> float:
    sel = (cells["rep_id"] == rep) & (pd.to_datetime(cells["month_start"]).dt.month == month)
    return float(cells.loc[sel, "target_value"].sum())


def test_prior_year_share_with_seasonality_and_new_rep_median() -> None:
    dec = decompose_targets(targets({"target_id": "T1", "year": 2025, "region_id": "R1", "target_value": 990_000}),
                            context(), TargetRules())
    assert by_rep(dec.cells) == pytest.approx({"A": 520_000, "B": 260_000, "C": 210_000})
    assert (cell(dec.cells, "A", 1), cell(dec.cells, "A", 12)) == pytest.approx((40_000, 80_000))
    assert (cell(dec.cells, "C", 6), cell(dec.cells, "C", 7), cell(dec.cells, "C", 12)) == pytest.approx(
        (0, 30_000, 60_000))
    assert set(dec.cells["month_rule"]) == {"prior_year_seasonality"}
    assert set(dec.cells["split_rule"]) == {"prior_year_share (no history: median)"}


def test_short_history_falls_back_to_working_days() -> None:
    # Only Nov-Dec 2024 in the data: shares from those two months, months by Monday-Friday days.
    ctx = context(data_start=date(2024, 11, 1))
    dec = decompose_targets(targets({"target_id": "T1", "year": 2025, "region_id": "R1", "target_value": 990_000}),
                            ctx, TargetRules())
    assert cell(dec.cells, "A", 1) / cell(dec.cells, "A", 2) == pytest.approx(23 / 20)  # Jan 2025: 23, Feb: 20
    assert cell(dec.cells, "A", 1) / cell(dec.cells, "B", 1) == pytest.approx(2)
    assert dec.cells["month_rule"].str.startswith("working_days (prior year has 2 of 12 months").all()
    assert dec.cells["target_value"].sum() == pytest.approx(990_000)


def test_a_reps_own_target_is_deducted_from_the_region() -> None:
    rules = TargetRules(default=SplitRules(rep_split="equal", month_split="equal"))
    dec = decompose_targets(targets(
        {"target_id": "T1", "year": 2025, "region_id": "R1", "target_value": 1_000_000},
        {"target_id": "T2", "year": 2025, "rep_id": "A", "target_value": 400_000},
    ), context(), rules)
    # A keeps 400,000; the remaining 600,000 goes to B (12 months) and C (6 months) in proportion.
    assert by_rep(dec.cells) == pytest.approx({"A": 400_000, "B": 400_000, "C": 200_000})
    src = dec.sources.set_index("target_id")
    assert src.loc["T1", "allocated_value"] == pytest.approx(600_000)
    assert src.loc["T2", "region_id"] == "R1"  # filled in from the rep's home region


def test_company_target_goes_to_regions_then_reps() -> None:
    dec = decompose_targets(targets({"target_id": "T9", "year": 2025, "target_value": 1_400_000}),
                            context(), TargetRules())
    per_region = dec.cells.groupby("region_id")["target_value"].sum()
    # Prior-year sales: R1 390,000, R2 30,000 (13 : 1).
    assert per_region.to_dict() == pytest.approx({"R1": 1_300_000, "R2": 100_000})
    r2 = dec.cells[dec.cells["region_id"] == "R2"]
    assert r2["rep_id"].isna().all() and r2["split_rule"].str.contains("no eligible rep").all()


def test_yearly_and_monthly_targets_for_one_unit_are_refused() -> None:
    with pytest.raises(TargetError, match="T1, T2 set both a yearly and a monthly sales target"):
        decompose_targets(targets({"target_id": "T1", "year": 2025, "region_id": "R1", "target_value": 10},
                                  {"target_id": "T2", "year": 2025, "month": 3, "region_id": "R1", "target_value": 1}),
                          context(), TargetRules())


def test_attainment_run_rate_and_gap_list_mid_year() -> None:
    # As of 2025-06-30 A sold 30,000 a month, B nothing, C is not hired yet.
    ctx = context(as_of=date(2025, 6, 30), extra=[("A", "R1", date(2025, m, 1), 30_000) for m in range(1, 7)])
    dec = decompose_targets(targets({"target_id": "T1", "year": 2025, "region_id": "R1", "target_value": 990_000}),
                            ctx, TargetRules())
    monthly = targets_rep_month(dec.cells, ctx)
    att = attainment_to_date(monthly, ctx)
    a = att[(att["level"] == "rep") & (att["rep_id"] == "A")].iloc[0]
    assert (a["target_year"], a["target_to_date"], a["actual_to_date"]) == pytest.approx((520_000, 240_000, 180_000))
    assert a["attainment_to_date"] == pytest.approx(0.75)
    assert a["run_rate_projection"] == pytest.approx(180_000 / 181 * 365)  # 181 days elapsed of 365
    assert a["needed_per_remaining_month"] == pytest.approx(340_000 / (184 / 365 * 12))
    assert a["status"] == "behind"
    region = att[(att["level"] == "region")].iloc[0]
    assert (region["target_year"], region["actual_to_date"]) == pytest.approx((990_000, 180_000))
    gaps = gap_list(att, REPS, ctx.as_of)
    assert gaps[["rep_id", "rank_in_region"]].values.tolist() == [["B", 1], ["A", 2], ["C", 3]]
    assert gaps.set_index("rep_id").loc["A", "message"].startswith("sales: 75% of the target due to date")
    ytd = monthly[(monthly["rep_id"] == "A") & (pd.to_datetime(monthly["month_start"]).dt.month == 6)].iloc[0]
    assert ytd["attainment_ytd"] == pytest.approx(0.75)
