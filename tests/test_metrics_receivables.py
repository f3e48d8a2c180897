"""Receivables, aging, DSO, CEI, watchlist, bad debt and customer tiers on a company worked out by hand.

The company and every expected figure are described in tests/metrics_company.py.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from metrics_company import AS_OF, build_models, write_receivables_company

from pipelines.metrics.customers import customers_not_buying


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    root = tmp_path_factory.mktemp("receivables")
    connection = build_models(write_receivables_company(root / "raw"), root / "w.duckdb", AS_OF)
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    return con.execute(sql).df().to_dict("records")


def test_named_receipts_first_then_fifo_then_aging(con: duckdb.DuckDBPyConnection) -> None:
    open_items = {r["invoice_id"]: r for r in rows(con, "SELECT * FROM int_invoice_balances")}
    # I1 (400 after its named receipt) and 300 of I2 are paid by the unallocated 700; I4 was paid early by name.
    assert set(open_items) == {"I2", "I3", "I5"}
    assert open_items["I2"]["fifo_applied"] == pytest.approx(300)
    assert open_items["I2"]["open_balance"] == pytest.approx(200)
    assert open_items["I3"]["open_balance"] == pytest.approx(700)  # 800 less the 100 return credit
    assert (open_items["I2"]["aging_bucket"], open_items["I2"]["age_days"]) == ("91-180", 121)
    assert (open_items["I3"]["aging_bucket"], open_items["I3"]["days_overdue"]) == ("31-60", 11)

    aging = {r["customer_id"]: r for r in rows(con, "SELECT * FROM mart_receivables_aging")}
    c1 = aging["C1"]
    assert c1["receivables_balance"] == pytest.approx(900)
    assert (c1["aged_31_60"], c1["aged_91_180"], c1["aged_0_30"]) == pytest.approx((700, 200, 0))
    assert (c1["overdue_amount"], c1["not_yet_due"], c1["max_days_overdue"]) == pytest.approx((900, 0, 91))
    assert aging["C2"]["aged_over_180"] == pytest.approx(250)
    # C3 paid 150 without naming an invoice against a 100 invoice: 50 of credit, no receivable.
    assert (aging["C3"]["receivables_balance"], aging["C3"]["unapplied_credit"]) == pytest.approx((0, 50))


def test_month_end_current_and_overdue_follow_the_same_rule(con: duckdb.DuckDBPyConnection) -> None:
    c1 = {r["month_start"].month: r for r in rows(
        con, "SELECT * FROM mart_collections_customer_month WHERE customer_id = 'C1'")}
    # (closing receivables, not yet due) at each month end, worked out invoice by invoice.
    expected = {1: (1000, 1000), 2: (400, 0), 3: (900, 500), 4: (200, 0), 5: (1000, 800), 6: (900, 0)}
    for month, (closing, current) in expected.items():
        assert (c1[month]["closing_receivables"], c1[month]["closing_current"]) == pytest.approx((closing, current))
    june = c1[6]
    # CEI = (1000 opening + 300 invoiced - 900 closing) / (1000 + 300 - 0 current) ; DSO over Apr-Jun (91 days).
    assert june["cei"] == pytest.approx(400 / 1300)
    assert june["dso"] == pytest.approx(900 / 1100 * 91)
    assert june["collection_rate"] == pytest.approx(300 / 300)
    # The as-of month's month-end view agrees with the aging.
    total = con.execute("SELECT sum(closing_receivables), sum(closing_overdue) FROM mart_collections_region_month "
                        "WHERE month_start = DATE '2024-06-01'").fetchone()
    assert total == pytest.approx((1150, 1150))


def test_dso_and_cei_at_the_region_rep_and_company_grain(con: duckdb.DuckDBPyConnection) -> None:
    """The same formula (macros/collection_kpis.sql) over the summed customers of R1 / P1 / the company in June:
    opening 1000 (C1) + 250 (C2), invoiced 300 (C1) + 100 (C3), closing 900 + 250 (C3 holds a credit), nothing
    current; invoiced Apr-Jun 800 + 300 + 100; collected 300 + 150."""
    for mart, key in (("mart_collections_region_month", "region_id"), ("mart_collections_rep_month", "rep_id"),
                      ("mart_collections_company_month", None)):
        june = rows(con, f"SELECT * FROM {mart} WHERE month_start = DATE '2024-06-01'")
        assert [r.get(key) for r in june] == [{"region_id": "R1", "rep_id": "P1"}.get(key)]
        assert june[0]["cei"] == pytest.approx((1250 + 400 - 1150) / (1250 + 400 - 0))
        assert june[0]["dso"] == pytest.approx(1150 / 1200 * 91)
        assert june[0]["collection_rate"] == pytest.approx(450 / 400)


def test_watchlist_and_bad_debt(con: duckdb.DuckDBPyConnection) -> None:
    watch = rows(con, "SELECT customer_id, overdue_amount, priority, rank_in_rep "
                      "FROM mart_collections_overdue_watchlist ORDER BY rank_in_rep")
    assert [(w["customer_id"], w["priority"], w["rank_in_rep"]) for w in watch] == [
        ("C1", "critical", 1), ("C2", "critical", 2)]
    bad = rows(con, "SELECT * FROM mart_collections_bad_debt_candidates")
    assert [b["customer_id"] for b in bad] == ["C2"]
    assert bad[0]["amount_at_risk"] == pytest.approx(250)
    assert "older than 180 days" in bad[0]["reason"] and "no receipt" in bad[0]["reason"]


def test_abc_tiers_and_customer_status(con: duckdb.DuckDBPyConnection) -> None:
    tiers = {r["customer_id"]: r["abc_tier"] for r in rows(con, "SELECT * FROM mart_customer_abc")}
    # Collected in the last 12 months: C1 1600 (91% of 1750: A), C3 150 (starts at 91%: B), C2 nothing (C).
    assert tiers == {"C1": "A", "C3": "B", "C2": "C"}
    status = {r["month_start"].date(): r for r in rows(con, "SELECT * FROM mart_customer_status_month")}
    # C2 last bought 2023-12-01: dormant at the end of March (121 days), lost at the end of May (182 days).
    assert status[date(2024, 3, 1)]["dormant_customers"] == 1
    assert (status[date(2024, 5, 1)]["lost_customers"], status[date(2024, 5, 1)]["became_lost"]) == (1, 1)
    june = status[date(2024, 6, 1)]
    assert (june["new_customers"], june["active_customers"], june["lost_customers"]) == (1, 2, 1)


def test_customers_not_buying_for_any_n(con: duckdb.DuckDBPyConnection) -> None:
    assert customers_not_buying(con, 200)["customer_id"].tolist() == ["C2"]
    assert customers_not_buying(con, 6)["customer_id"].tolist() == ["C2", "C3"]  # C3 20 days ago, C1 5
    assert customers_not_buying(con, 0)["customer_id"].tolist() == ["C2", "C3", "C1"]
    with pytest.raises(ValueError, match="zero or more"):
        customers_not_buying(con, -1)
