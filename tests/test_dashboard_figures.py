"""Figure builders, KPI records, labels and formats on small hand-made frames (no warehouse, no browser)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from pipelines.dashboards.figures.collections import aging_chart
from pipelines.dashboards.figures.costs import (
    approval_breakdown,
    budget_vs_actual,
    expense_structure,
    period_comparison,
)
from pipelines.dashboards.figures.inventory import days_of_inventory_chart, sell_in_sell_out, weeks_of_supply_chart
from pipelines.dashboards.figures.risk import calibration_chart, drivers_chart, lift_chart, risk_band_chart
from pipelines.dashboards.figures.targets import attainment_chart, discipline_chart, run_rate_chart
from pipelines.dashboards.figures.trends import margin_profit_trend, region_lines, sales_collections_trend
from pipelines.dashboards.kpis import kpi_records
from pipelines.dashboards.labels import LABELS, LANGS, Labels
from pipelines.dashboards.sections import ALL_REGIONS
from pipelines.dashboards.theme import BAD, UNKNOWN_COLOUR, fmt_money, fmt_pct, region_colours

EN, ZH = Labels("en"), Labels("zh")
MONTHS = pd.to_datetime(["2025-11-01", "2025-12-01", "2026-01-01"])


def _valid(fig: go.Figure) -> go.Figure:
    """Full plotly validation of what the builder produced (pages skip nothing either)."""
    assert isinstance(fig, go.Figure)
    return go.Figure(fig.to_plotly_json())


def test_region_lines_one_trace_per_region_with_fixed_colours_and_a_total():
    df = pd.DataFrame({"month_start": list(MONTHS) * 2, "region_id": ["R2"] * 3 + ["R1"] * 3,
                       "region_name": ["North"] * 3 + ["East"] * 3, "sales_amount": [1, 2, 3, 10, 20, 30]})
    colours = region_colours(["R1", "R2", "R3"])
    total = df.groupby("month_start", as_index=False)["sales_amount"].sum()
    fig = _valid(region_lines(df, "sales_amount", EN, colours, total=total))
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {"East", "North", EN("all_regions")}
    assert by_name["East"].meta == {"region": "R1"} and by_name["East"].line.color == colours["R1"]
    assert list(by_name["North"].y) == [1.0, 2.0, 3.0]
    assert by_name[EN("all_regions")].meta == {"total": True}
    assert list(by_name[EN("all_regions")].y) == [11.0, 22.0, 33.0]


def test_region_colours_are_stable_distinct_and_grey_for_unknown():
    a = region_colours(["R03", "R01", "R02", "UNKNOWN"])
    b = region_colours(["R01", "R02", "R03"])
    assert a == b
    assert len({a["R01"], a["R02"], a["R03"]}) == 3
    assert a["UNKNOWN"] == UNKNOWN_COLOUR


def test_figure_reports_missing_columns():
    with pytest.raises(ValueError, match="region_id"):
        region_lines(pd.DataFrame({"month_start": MONTHS, "sales_amount": [1, 2, 3]}), "sales_amount")


def test_sales_collections_trend_adds_target_and_last_year_only_when_given():
    base = pd.DataFrame({"month_start": MONTHS, "sales_amount": [100, 200, 300], "collected_amount": [50, 150, 250]})
    assert [t.name for t in _valid(sales_collections_trend(base, EN)).data] == [EN("sales"), EN("collections")]
    full = base.assign(target_amount=[120, 120, 120], ly_sales_amount=[float("nan"), 90, 80])
    names = [t.name for t in _valid(sales_collections_trend(full, ZH)).data]
    assert names == [ZH("sales"), ZH("collections"), ZH("sales_last_year"), ZH("sales_target")]


def test_margin_profit_trend_plots_profit_as_given():
    df = pd.DataFrame({"month_start": MONTHS, "gross_margin": [40, 50, 60], "expenses": [10, 60, 20],
                       "profit": [30, -10, 40]})
    fig = _valid(margin_profit_trend(df, EN))
    assert list(fig.data[-1].y) == [30.0, -10.0, 40.0]


def test_budget_vs_actual_marks_overruns_red():
    df = pd.DataFrame({"name": ["East", "North"], "budget": [100.0, 100.0], "actual": [120.0, 80.0]})
    fig = _valid(budget_vs_actual(df, EN))
    actual = fig.data[1]
    colours = dict(zip(actual.y, actual.marker.color, strict=True))
    assert colours["East"] == BAD and colours["North"] != BAD


def test_expense_structure_translates_categories_and_stacks_groups():
    df = pd.DataFrame({"category": ["travel", "promotion", "promotion"], "expense_group": ["personnel", "market",
                                                                                           "market"],
                       "amount": [5.0, 7.0, 3.0]})
    fig = _valid(expense_structure(df, ZH))
    assert {t.name for t in fig.data} == {ZH.value("expense_group", "market"), ZH.value("expense_group", "personnel")}
    market = next(t for t in fig.data if t.name == ZH.value("expense_group", "market"))
    assert list(market.y) == [ZH.value("category", "promotion")] and list(market.x) == [10.0]


def test_period_comparison_and_approvals():
    cmp_ = pd.DataFrame({"category": ["travel"], "current": [3.0], "previous": [2.0], "last_year": [1.0]})
    assert len(_valid(period_comparison(cmp_, EN)).data) == 3
    appr = pd.DataFrame({"name": ["East", "East", "North"], "approval_level": ["full_chain", "top_only", "none"],
                         "amount": [10.0, 5.0, 7.0]})
    fig = _valid(approval_breakdown(appr, EN))
    assert [t.name for t in fig.data] == [EN.value("approval", x) for x in ("full_chain", "top_only", "none")]


def test_aging_chart_orders_buckets_youngest_first():
    df = pd.DataFrame({"name": ["East"] * 3, "bucket": ["over 180", "0-30", "31-60"], "bucket_order": [4, 0, 1],
                       "amount": [5.0, 10.0, 2.0]})
    fig = _valid(aging_chart(df, EN))
    assert [t.name for t in fig.data] == [EN.value("aging", b) for b in ("0-30", "31-60", "over 180")]


def test_attainment_chart_computes_actual_over_target():
    df = pd.DataFrame({"name": ["A", "B", "C"], "actual": [50.0, 120.0, 10.0], "target": [100.0, 100.0, 0.0],
                       "projected": [90.0, 130.0, 20.0]})
    fig = _valid(attainment_chart(df, EN))
    att = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert att["A"] == pytest.approx(0.5) and att["B"] == pytest.approx(1.2)
    # No target: no attainment (not infinity), a zero-length bar labelled "no target" keeps the row readable.
    assert att["C"] == 0.0 and dict(zip(fig.data[0].y, fig.data[0].text, strict=True))["C"] == EN("no_target")


def test_run_rate_and_discipline_charts():
    rr = pd.DataFrame({"month_start": MONTHS, "actual_cum": [1.0, 2.0, None], "target_cum": [1.0, 2.0, 3.0],
                       "projected_cum": [None, 2.0, 3.2]})
    assert len(_valid(run_rate_chart(rr, EN)).data) == 3
    disc = pd.DataFrame({"name": ["P1", "P2"], "region_id": ["R1", "R2"], "checkin_rate": [0.9, 0.1],
                         "report_on_time_rate": [0.8, 0.0], "visits_per_day": [3.0, 0.2]})
    fig = _valid(discipline_chart(disc, EN, region_colours(["R1", "R2"])))
    assert sorted(t.meta["region"] for t in fig.data) == ["R1", "R2"]


def test_inventory_figures():
    doi = pd.DataFrame({"name": ["K1", "K2", "K3"], "days_of_inventory": [120.0, 30.0, None],
                        "turnover": [0.25, 1.0, None]})
    fig = _valid(days_of_inventory_chart(doi, EN))
    assert list(fig.data[0].y) == ["K2", "K1"]  # slowest last (top of a horizontal bar chart); no-data dropped
    sio = pd.DataFrame({"month_start": MONTHS, "sell_in_qty": [10, 50, 10], "sell_out_qty": [9, 12, 11]})
    assert len(_valid(sell_in_sell_out(sio, EN)).data) == 2
    wos = pd.DataFrame({"name": ["D1", "D2"], "region_id": ["R1", "R2"], "weeks_of_supply": [12.0, 2.0]})
    colours = region_colours(["R1", "R2"])
    fig = _valid(weeks_of_supply_chart(wos, EN, colours))
    # One trace per region in its colour, named by the region (the legend says which colour is which region).
    assert {t.name: t.marker.color for t in fig.data} == {"R1": colours["R1"], "R2": colours["R2"]}
    assert [t.meta["region"] for t in fig.data] == ["R1", "R2"] and fig.layout.yaxis.categoryorder == "total ascending"


def test_risk_figures():
    bands = pd.DataFrame({"band": ["low", "high", "medium"], "count": [50, 5, 10], "value": [1.0, 2.0, 3.0]})
    fig = _valid(risk_band_chart(bands, ZH))
    assert list(fig.data[0].x) == [ZH.value("band", b) for b in ("high", "medium", "low")]
    cal = pd.DataFrame({"predicted": [0.1, 0.5, 0.9], "observed": [0.12, 0.45, 0.8], "model": ["m"] * 3})
    assert len(_valid(calibration_chart(cal, EN)).data) == 2  # diagonal + model
    lift = pd.DataFrame({"decile": [1, 2, 3], "lift": [3.0, 1.5, 0.5]})
    assert list(_valid(lift_chart(lift, EN)).data[0].y) == [3.0, 1.5, 0.5]
    drivers = pd.DataFrame({"driver": ["days since last order", "orders trend"], "contribution": [0.3, -0.1]})
    assert _valid(drivers_chart(drivers, EN)).data[0].marker.color[-1] == BAD  # biggest push up, on top


def test_kpi_records_month_ytd_last_year_and_all_regions():
    months = pd.period_range("2025-01", "2026-02", freq="M").to_timestamp()
    rows = []
    for i, m in enumerate(months):
        rows.append({"region_id": "R1", "month_start": m, "sales_amount": 10.0 * (i + 1)})
        if m.month != 1:  # R2 sells nothing in January: YTD must still add up
            rows.append({"region_id": "R2", "month_start": m, "sales_amount": 1.0})
    targets = pd.DataFrame({"region_id": ["R1", "R1"], "month_start": pd.to_datetime(["2026-01-01", "2026-02-01"]),
                            "metric": ["sales_amount"] * 2, "target": [100.0, 100.0]})
    rec = kpi_records(pd.DataFrame(rows), ["sales_amount"], ["2026-01", "2026-02"], targets)
    r1 = rec[(rec["region"] == "R1") & (rec["period"] == "2026-02")].iloc[0]
    assert r1["month"] == 140.0 and r1["ytd"] == 130.0 + 140.0
    assert r1["ly_month"] == 20.0 and r1["ly_ytd"] == 10.0 + 20.0
    assert r1["target_month"] == 100.0 and r1["target_ytd"] == 200.0
    every = rec[(rec["region"] == ALL_REGIONS) & (rec["period"] == "2026-02")].iloc[0]
    assert every["ytd"] == 130.0 + 140.0 + 1.0  # R2 had only February in 2026
    assert every["ly_ytd"] == 10.0 + 20.0 + 1.0
    r2 = rec[(rec["region"] == "R2") & (rec["period"] == "2026-01")].iloc[0]
    assert r2["month"] == 0.0 and math.isnan(r2["target_ytd"])


def test_every_label_has_both_editions():
    for key, texts in LABELS.items():
        assert len(texts) == len(LANGS), key
        assert all(t.strip() for t in texts), key
    assert ZH("collections") == "回款" and ZH("period_last_year") == "同期"
    with pytest.raises(KeyError, match="no_such_label"):
        EN("no_such_label")
    assert EN.value("category", "not-in-table") == "not-in-table"
    assert ZH.month("2026-10") == "2026年10月" and EN.month("2026-10") == "Oct 2026"
    with pytest.raises(ValueError, match="fr"):
        Labels("fr")


def test_number_formats():
    assert fmt_money(1234567.4) == "¥1,234,567"
    assert fmt_money(-1500) == "-¥1,500"
    assert fmt_money(None) == "–" and fmt_money(float("nan")) == "–"
    assert fmt_pct(0.1234) == "12.3%"
