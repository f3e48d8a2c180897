"""Comparing any two periods (同期): sums, ratios of sums, per-month values and the default periods."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipelines.metrics.period_compare import compare_periods, default_periods


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    """Region R1 sells 100 x month number in 2026 (Mar 300 ... Dec 1200) with a 40% margin; R2 sells 10 a month."""
    c = duckdb.connect(":memory:")
    c.execute("""
        CREATE TABLE monthly AS
        SELECT region_id, CAST(make_date(2026, m, 1) AS DATE) AS month_start,
               CASE region_id WHEN 'R1' THEN 100.0 * m ELSE 10.0 END AS sales_amount,
               CASE region_id WHEN 'R1' THEN 40.0 * m ELSE 1.0 END AS gross_margin,
               'x' AS label
        FROM (VALUES ('R1'), ('R2')) r(region_id), range(1, 13) t(m)
    """)
    return c


def test_aug_dec_against_mar_aug(con: duckdb.DuckDBPyConnection) -> None:
    out = compare_periods(con, "monthly", period_a=("2026-08-01", "2026-12-31"),
                          period_b=(date(2026, 3, 1), date(2026, 8, 31)), by=["region_id"],
                          ratios={"margin_pct": ("gross_margin", "sales_amount")})
    r1 = out[out["region_id"] == "R1"].set_index("metric")
    # Aug-Dec: 800+900+1000+1100+1200 = 5000 (5 months); Mar-Aug: 300+...+800 = 3300 (6 months).
    sales = r1.loc["sales_amount"]
    assert (sales["value_a"], sales["value_b"], sales["change"]) == pytest.approx((5000, 3300, 1700))
    assert sales["change_pct"] == pytest.approx(1700 / 3300)
    assert (sales["months_a"], sales["months_b"]) == (5, 6)
    assert sales["per_month_change_pct"] == pytest.approx((5000 / 5) / (3300 / 6) - 1)
    # A ratio is recomputed from the period sums (0.4 in both periods), not summed.
    assert r1.loc["margin_pct", "value_a"] == pytest.approx(0.4)
    assert r1.loc["margin_pct", "change"] == pytest.approx(0)
    r2 = out[(out["region_id"] == "R2") & (out["metric"] == "sales_amount")].iloc[0]
    assert (r2["value_a"], r2["value_b"]) == pytest.approx((50, 60))


def test_default_metrics_filters_and_bad_names(con: duckdb.DuckDBPyConnection) -> None:
    out = compare_periods(con, "monthly", ("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28"),
                          where={"region_id": "R1"})
    assert set(out["metric"]) == {"sales_amount", "gross_margin"}  # numeric columns only
    assert out.set_index("metric").loc["sales_amount", "value_a"] == pytest.approx(100)
    with pytest.raises(ValueError, match="monthly has no column 'region'"):
        compare_periods(con, "monthly", ("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28"), by=["region"])
    with pytest.raises(ValueError, match="not a number"):
        compare_periods(con, "monthly", ("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28"),
                        metrics=["label"])
    with pytest.raises(ValueError, match="no table 'nope'"):
        compare_periods(con, "nope", ("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28"))
    with pytest.raises(ValueError, match="period_a ends"):
        compare_periods(con, "monthly", ("2026-03-01", "2026-01-31"), ("2026-02-01", "2026-02-28"))


@pytest.mark.parametrize(("as_of", "a", "b"), [
    (date(2026, 10, 31), (date(2026, 6, 1), date(2026, 10, 31)), (date(2026, 1, 1), date(2026, 5, 31))),
    # A partial as-of month is left out: the last complete month is September.
    (date(2026, 10, 15), (date(2026, 5, 1), date(2026, 9, 30)), (date(2025, 12, 1), date(2026, 4, 30))),
])
def test_default_periods_are_the_last_complete_months(as_of: date, a: tuple, b: tuple) -> None:
    assert default_periods(as_of, 5) == (a, b)
