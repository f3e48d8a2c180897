"""The shared int_ definitions (invoices, customer purchase days, receivables by day, channel weeks of supply)
worked out by hand on the receivables company of tests/metrics_company.py plus a few rows, and read back through
the risk features, the dashboard query and the marts that use them.

Extra rows (as of 2024-06-30):
  I7 C3 2024-06-29: 20 x 10 at 10% discount = 180, 30 days + 100 at 10 days: due 2024-07-09 (earliest),
     discount 18, amount x terms 6400, in the month's last 5 days.
  I8 C2 2023-12-01 50 (60 days, rep M1): C2's purchase day 2023-12-01 holds I5 and I8: 300, rep P1 (I5 first).
  C1 (distributor) counts K1 40 on 05-31 and 30 on 06-30, K2 10 on 06-30; sells on K1 14 on 05-05, 7 on 05-06
     and 7 on 06-30, K2 4 on 06-15, K3 (never counted) 100 on 06-20. Window 56 days: (05-05, 06-30] for the
     June count, (04-05, 05-31] for May's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from metrics_company import AS_OF, SALES, _line, build_models, write_receivables_company
from tiny_company import write_source

from pipelines.analyst import measures
from pipelines.risk.base import read_context
from pipelines.risk.churn import ChurnModel
from pipelines.risk.queries import run_risk_sql
from pipelines.settings import Settings

EXTRA_SALES = [
    {**_line("I7", "2024-06-29", "C3", 180, 30), "qty": 20, "discount_pct": 0.1},
    {**_line("I7", "2024-06-29", "C3", 100, 10), "line_no": 2},
    {**_line("I8", "2023-12-01", "C2", 50, 60), "rep_id": "M1"},
]
EXTRA_PRODUCTS = [{"product_id": k, "product_name": k, "category": "pharma", "unit_cost": "6", "list_price": "10",
                   "supplier_lead_time_days": "14"} for k in ("K2", "K3")]
COUNTS = [{"snapshot_date": d, "location_id": "C1", "location_type": "distributor", "product_id": k,
           "on_hand_qty": q} for d, k, q in (("2024-05-31", "K1", 40), ("2024-06-30", "K1", 30),
                                            ("2024-06-30", "K2", 10))]
SELL_OUT = [{"sell_out_id": f"S{i}", "sale_date": d, "distributor_id": "C1", "terminal_id": "C2", "product_id": k,
             "qty": q, "amount": q * 20} for i, (d, k, q) in enumerate((
                 ("2024-05-05", "K1", 14), ("2024-05-06", "K1", 7), ("2024-06-30", "K1", 7),
                 ("2024-06-15", "K2", 4), ("2024-06-20", "K3", 100)))]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[duckdb.DuckDBPyConnection, Path]:
    root = tmp_path_factory.mktemp("shared")
    raw = write_receivables_company(root / "raw")
    write_source(raw, "sales_lines", SALES + EXTRA_SALES)
    write_source(raw, "products", EXTRA_PRODUCTS, file_name="more_products.csv")
    write_source(raw, "inventory_snapshots", COUNTS)
    write_source(raw, "sell_out", SELL_OUT)
    connection = build_models(raw, root / "w.duckdb", AS_OF)
    yield connection, root
    connection.close()


@pytest.fixture(scope="module")
def con(built: tuple[duckdb.DuckDBPyConnection, Path]) -> duckdb.DuckDBPyConnection:
    return built[0]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_an_invoice_is_its_lines_summed_exactly(con: duckdb.DuckDBPyConnection) -> None:
    got = _rows(con, "SELECT customer_id, invoice_date, month_start, in_last_5_days, due_date, invoice_amount, "
                     "line_count, discount_amount, terms_amount FROM int_invoices WHERE invoice_id = 'I7'")
    assert got == [("C3", date(2024, 6, 29), date(2024, 6, 1), True, date(2024, 7, 9), 280, 2, 18, 6400)]


def test_purchase_days_feed_the_customer_summary(con: duckdb.DuckDBPyConnection) -> None:
    days = _rows(con, "SELECT purchase_date, amount, invoices, lines, first_rep_id FROM int_customer_purchase_days "
                      "WHERE customer_id = 'C2'")
    assert days == [(date(2023, 12, 1), 300, 2, 2, "P1")]
    assert _rows(con, "SELECT count(*) FROM int_customer_purchase_days WHERE customer_id = 'C1'") == [(4,)]
    first = _rows(con, "SELECT first_invoice_date, last_invoice_date, rep_id, invoices, lifetime_sales "
                       "FROM int_customer_first_invoice WHERE customer_id = 'C2'")
    assert first == [(date(2023, 12, 1), date(2023, 12, 1), "P1", 2, 300)]


def _balances(con: duckdb.DuckDBPyConnection, customer: str) -> dict[date, tuple[float, float]]:
    rows = _rows(con, "SELECT day, open_balance, overdue_balance FROM int_customer_receivables_days "
                      f"WHERE customer_id = '{customer}' ORDER BY day")
    return {d: (float(o), float(v)) for d, o, v in rows}


def test_receivables_by_day_follow_the_aging_rule_at_every_date(con: duckdb.DuckDBPyConnection) -> None:
    c1 = _balances(con, "C1")
    # R1 pays 600 of I1 before it is due: nothing overdue; the day after I1's due date 400 of it is
    assert c1[date(2024, 2, 5)] == (400, 0)
    assert c1[date(2024, 2, 10)] == (400, 400)
    # R2 (700, names nothing) clears I1 and 300 of I2, which became overdue that day
    assert c1[date(2024, 4, 1)] == (400 + 500 - 700, 200)
    # RT1 credits I3 before it is due: not against I2; from I3's due date + 1 it is
    assert c1[date(2024, 6, 1)] == (900, 200)
    assert c1[date(2024, 6, 20)] == (900, 900)
    # R3 pays I4 (invoiced 06-25) early: the overdue balance stays (settling the oldest dues would say 600)
    assert c1[date(2024, 6, 28)] == (900, 900)
    assert max(c1) == date(2024, 7, 26)  # I4 falls overdue after the as-of date, already paid
    aging = _rows(con, "SELECT net_balance, overdue_amount FROM mart_receivables_aging WHERE customer_id = 'C1'")
    assert aging == [(900, 900)]
    assert _balances(con, "C3")[date(2024, 6, 29)] == (100 - 150 + 280, 0)
    delay = _rows(con, "SELECT sum(named_receipts), sum(delay_amount) FROM int_customer_receivables_days "
                       "WHERE customer_id = 'C1'")
    assert delay == [(900, -4 * 600 - 27 * 300)]  # R1 4 days and R3 27 days before their due dates


def test_churn_reads_overdue_as_the_aging_has_it(built: tuple[duckdb.DuckDBPyConnection, Path]) -> None:
    con, root = built
    settings = Settings.from_env(environ={}, warehouse=root / "w.duckdb", models_dir=root / "models",
                                 raw_dir=root / "raw")
    model = ChurnModel()
    data = model.load(con, read_context(con, settings), 90)
    frame = model.frame(data, [AS_OF, date(2024, 4, 1)], 90).set_index(["customer_id", "snapshot_date"])
    at_as_of = frame.loc[("C1", AS_OF)]
    assert at_as_of["overdue"] == 900
    assert at_as_of["oldest_overdue_days"] == 91  # I2, due 2024-03-31
    assert frame.loc[("C1", date(2024, 4, 1)), "overdue"] == 200
    assert frame.loc[("C1", date(2024, 4, 1)), "oldest_overdue_days"] == 1
    assert frame.loc[("C2", AS_OF), "overdue"] == 300


def test_weeks_of_supply_is_one_definition_read_at_any_count(con: duckdb.DuckDBPyConnection) -> None:
    rows = {(k, d): (on_hand, sold, wos) for k, d, on_hand, sold, wos in _rows(
        con, "SELECT product_id, count_date, on_hand_qty, sell_out_qty, weeks_of_supply "
             "FROM int_channel_weeks_of_supply WHERE distributor_id = 'C1'")}
    june, may = date(2024, 6, 30), date(2024, 5, 31)
    assert rows[("K1", june)] == (30, 14, pytest.approx(30 / (14 / 8)))  # 05-05 is outside (05-05, 06-30]
    assert rows[("K2", june)] == (10, 4, pytest.approx(20))
    assert rows[(None, june)] == (40, 18, pytest.approx(40 / (18 / 8)))  # K3 is not counted: not in the ratio
    assert rows[(None, may)] == (40, 21, pytest.approx(40 / (21 / 8)))  # June's sell-out is not read in May
    page = measures.channel_weeks_of_supply(con).set_index("distributor_id")
    assert pd.Timestamp(page.loc["C1", "snapshot_date"]) == pd.Timestamp(june)
    assert page.loc["C1", "weeks_of_supply"] == pytest.approx(40 / (18 / 8))
    features = run_risk_sql(con, "stuffing_features", [may, june]).set_index("snapshot_date")
    assert features.loc[pd.Timestamp(june), "weeks_of_supply"] == pytest.approx(40 / (18 / 8))
    assert features.loc[pd.Timestamp(may), "weeks_of_supply"] == pytest.approx(40 / (21 / 8))
    # receivables at the month end from the receivables by day: 900 against April-June sell-in of 1100
    assert features.loc[pd.Timestamp(june), "receivables_to_3m_sales"] == pytest.approx(900 / 1100)
