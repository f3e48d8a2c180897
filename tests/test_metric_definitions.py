"""The int_ models that hold one definition of a quantity for marts, metrics, pages and notebooks, each on
tiny hand-made facts with the value worked out by hand: non-effective inventory (非有效库存), the expense
ratios with their rolling window, sell-in against sell-out, days of inventory and turnover.
DSO and CEI: tests/test_metrics_receivables.py."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines.analyst import measures
from pipelines.dbt_layer.compiled_sql import run_models, run_tests

SALES_COLUMNS = ("product_id VARCHAR, month_start DATE, amount DOUBLE, gross_margin DOUBLE, qty DOUBLE, "
                 "region_id VARCHAR, rep_id VARCHAR, customer_type VARCHAR")


def _facts(con: duckdb.DuckDBPyConnection, as_of: str, **tables: tuple[str, list[tuple]]) -> None:
    """Hand-made upstream tables: name -> (column definitions, rows)."""
    con.execute(f"CREATE TABLE build_params AS SELECT DATE '{as_of}' AS as_of")
    for name, (columns, rows) in tables.items():
        con.execute(f"CREATE TABLE {name} ({columns})")
        if rows:
            con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows)


def _stock(product: str, location: str, kind: str, day: str, value: float) -> tuple:
    return (product, location, kind, day[:8] + "01", day, value / 10, value)


@pytest.fixture()
def inventory_con() -> duckdb.DuckDBPyConnection:
    """As of 2026-03-31. K1 (PM01) sells 100, 200, 300 in Jan-Mar and ends them with 50, 400, 600 in the company
    warehouse; a distributor holding it is counted only in March (70). K3 (PM01) was in stock in February only
    (30) and never sold; K2 (no product manager) sold 90 in March with no stock."""
    con = duckdb.connect()
    _facts(
        con, "2026-03-31",
        fct_sales_lines=(SALES_COLUMNS, [
            ("K1", "2026-01-01", 100, 40, 10, "R1", "A1", "distributor"),
            ("K1", "2026-02-01", 200, 80, 20, "R1", "A1", "distributor"),
            ("K1", "2026-03-01", 300, 120, 30, "R1", "A1", "distributor"),
            ("K2", "2026-03-01", 90, 30, 9, "R1", "A1", "hospital")]),
        fct_inventory=("product_id VARCHAR, location_id VARCHAR, location_type VARCHAR, month_start DATE, "
                       "snapshot_date DATE, on_hand_qty DOUBLE, on_hand_value DOUBLE", [
                           _stock("K1", "W1", "company_warehouse", "2026-01-15", 999),  # not the month's last count
                           _stock("K1", "W1", "company_warehouse", "2026-01-31", 50),
                           _stock("K1", "W1", "company_warehouse", "2026-02-28", 400),
                           _stock("K1", "W1", "company_warehouse", "2026-03-31", 600),
                           _stock("K3", "W1", "company_warehouse", "2026-02-28", 30),
                           _stock("K1", "D1", "distributor", "2026-03-31", 70)]),
        dim_product=("product_id VARCHAR, product_name VARCHAR, category VARCHAR, product_manager VARCHAR", [
            ("K1", "Tablet", "pharma", "PM01"), ("K2", "Syrup", "pharma", None), ("K3", "Drops", "pharma", "PM01")]))
    run_models(con, ["int_stock_month_end", "int_non_effective_inventory"])
    return con


def _position(con: duckdb.DuckDBPyConnection, product: str, period: str, month: str) -> dict:
    df = con.execute("SELECT * FROM int_non_effective_inventory WHERE product_id = $p AND period = $k "
                     "AND month_start = CAST($m AS DATE)", {"p": product, "k": period, "m": month}).df()
    assert len(df) == 1, (product, period, month)
    return df.iloc[0].to_dict()


def test_non_effective_inventory_is_the_period_end_stock_above_average_monthly_sales(inventory_con) -> None:
    march = _position(inventory_con, "K1", "year", "2026-03-01")
    # Year to March: stock (400 + 600) / 2 = 500 against sales (100 + 200 + 300) / 3 = 200 -> 300 non-effective.
    assert (march["company_stock_last_two_months"], march["avg_monthly_sales"]) == pytest.approx((500, 200))
    assert march["excess_value"] == pytest.approx(300)
    assert march["months_in_period"] == 3
    # Distributors were counted in March only: their average is over that month.
    assert march["distributor_stock_last_two_months"] == pytest.approx(70)
    february = _position(inventory_con, "K1", "year", "2026-02-01")
    assert february["excess_value"] == pytest.approx((50 + 400) / 2 - (100 + 200) / 2)
    # January: December is in the year before, so the period's last two months are January alone.
    january = _position(inventory_con, "K1", "year", "2026-01-01")
    assert (january["company_stock_last_two_months"], january["excess_value"]) == pytest.approx((50, 0))
    # K3 was not found in March's count: it held none then, (30 + 0) / 2, and sold nothing.
    assert _position(inventory_con, "K3", "quarter", "2026-03-01")["excess_value"] == pytest.approx(15)
    assert _position(inventory_con, "K2", "year", "2026-03-01")["excess_value"] == 0


def test_the_bonus_and_the_notebook_read_the_same_position(inventory_con) -> None:
    from datetime import date

    from pipelines.metrics.pm_bonus import BonusRules, pm_bonus_table

    stock = inventory_con.execute("SELECT * FROM int_non_effective_inventory WHERE product_manager IS NOT NULL").df()
    pm_month = pd.DataFrame(columns=["product_manager", "month_start", "collected_amount", "sales_amount",
                                     "costed_sales_amount", "gross_margin", "batch_returns_amount",
                                     "sporadic_returns_amount"])
    bonus = pm_bonus_table(pm_month, stock, BonusRules(), as_of=date(2026, 3, 31), data_start=date(2026, 1, 1))
    pm01 = bonus.iloc[0]
    # PM01 = K1 + K3: stock 500 + 15, sales 200 + 0 -> 315 above, 10% deducted (the bonus itself floors at 0).
    assert (pm01["avg_inventory_last_two_months"], pm01["avg_monthly_sales"]) == pytest.approx((515, 200))
    assert pm01["inventory_deduction"] == pytest.approx(31.5)
    # Counting distributor stock too adds K1's 70.
    both = BonusRules(inventory_locations=("company_warehouse", "distributor"))
    assert pm_bonus_table(pm_month, stock, both, date(2026, 3, 31), date(2026, 1, 1)).iloc[0][
        "avg_inventory_last_two_months"] == pytest.approx(585)
    notebook = measures.non_effective_inventory(inventory_con, "2026-03")
    assert list(notebook["product_id"]) == ["K1", "K3"]
    assert notebook["excess_value"].tolist() == pytest.approx([300, 15])


@pytest.fixture()
def expense_con() -> duckdb.DuckDBPyConnection:
    """Region R1 (rep A1) sells 1000 in January, 500 in March and 1000 in May (nothing in February or April) and
    spends 100, 200 and 50 (50 of May's as a department cost without a rep); region R2 sells 400 in May and spends
    40. A1 collects 800 in March."""
    con = duckdb.connect()
    money = "region_id VARCHAR, rep_id VARCHAR, month_start DATE, amount DOUBLE"
    _facts(
        con, "2026-05-31",
        fct_sales_lines=(SALES_COLUMNS, [
            ("K1", "2026-01-01", 1000, 300, 100, "R1", "A1", "distributor"),
            ("K1", "2026-03-01", 500, 150, 50, "R1", "A1", "distributor"),
            ("K1", "2026-05-01", 1000, 300, 100, "R1", "A1", "distributor"),
            ("K1", "2026-05-01", 400, None, 40, "R2", "B1", "hospital")]),
        fct_collections=(money, [("R1", "A1", "2026-03-01", 800)]),
        fct_returns=(money, []),
        fct_expenses=(money + ", expense_group VARCHAR", [
            ("R1", "A1", "2026-01-01", 100, "market"), ("R1", "A1", "2026-03-01", 200, "personnel"),
            ("R1", None, "2026-05-01", 50, "market"), ("R2", "B1", "2026-05-01", 40, "market")]),
        fct_sell_out=("region_id VARCHAR, month_start DATE, qty DOUBLE", [("R1", "2026-05-01", 60),
                                                                          ("R3", "2026-04-01", 5)]),
        dim_rep=("rep_id VARCHAR, region_id VARCHAR", [("A1", "R1"), ("B1", "R2")]))
    run_models(con, ["int_metric_params", "int_expense_ratios_month", "int_sell_in_sell_out_month"])
    return con


def _ratios(con: duckdb.DuckDBPyConnection, grain: str, key: str | None) -> pd.DataFrame:
    df = measures.rolling_expense_ratio(con, grain)
    if key is not None:
        df = df[df["rep_id" if grain == "rep" else "region_id"] == key]
    return df.set_index(pd.to_datetime(df["month_start"]).dt.strftime("%m"))


def test_expense_ratios_per_month_and_over_the_trailing_months(expense_con) -> None:
    r1 = _ratios(expense_con, "region", "R1")
    assert list(r1.index) == ["01", "03", "05"]
    assert r1.loc["03", "expense_to_sales"] == pytest.approx(200 / 500)
    assert r1.loc["03", "expense_to_collections"] == pytest.approx(200 / 800)
    assert r1.loc["03", "personnel_cost_per_collected"] == pytest.approx(200 / 800)
    # Trailing three months, not three rows: May sums March to May (the missing April adds nothing), January
    # falls out: (200 + 50) / (500 + 1000).
    assert r1.loc["05", "ratio"] == pytest.approx(250 / 1500)
    assert r1.loc["03", "ratio"] == pytest.approx(300 / 1500)
    # A rep's ratio leaves out department costs; the company adds the regions up.
    a1 = _ratios(expense_con, "rep", "A1")
    assert a1.loc["05", "ratio"] == pytest.approx(200 / 1500)
    company = _ratios(expense_con, "company", None)
    assert company.loc["05", "ratio"] == pytest.approx((200 + 50 + 40) / (500 + 1000 + 400))
    assert company.loc["05", "market_expense_to_sales"] == pytest.approx(90 / 1400)


def test_sell_in_against_sell_out_per_region_and_month(expense_con) -> None:
    flows = measures.sell_in_sell_out(expense_con).set_index(["region_id", "month_start"])
    # Sell-in is what we invoiced to distributors: R2's hospital sale is not sell-in.
    assert flows.loc[("R1", pd.Timestamp("2026-05-01")), ["sell_in_qty", "sell_out_qty"]].tolist() == [100, 60]
    assert flows.loc[("R3", pd.Timestamp("2026-04-01")), ["sell_in_qty", "sell_out_qty"]].tolist() == [0, 5]
    assert ("R2", pd.Timestamp("2026-05-01")) not in flows.index


@pytest.fixture()
def stock_days_con() -> duckdb.DuckDBPyConnection:
    """March 2026: K1 ends the month with 600 in warehouse W1 and 300 in W2 and the company sells 270 of it at cost;
    distributor D1 ends with 70 of K1 and sells 35 at cost; K2 lies in W1 (50) and sells nothing."""
    con = duckdb.connect()
    _facts(
        con, "2026-03-31",
        fct_sales_lines=("product_id VARCHAR, month_start DATE, cost DOUBLE, qty DOUBLE", [
            ("K1", "2026-03-01", 200, 20), ("K1", "2026-03-01", 70, 7)]),
        fct_sell_out=("product_id VARCHAR, distributor_id VARCHAR, month_start DATE, cost DOUBLE, qty DOUBLE", [
            ("K1", "D1", "2026-03-01", 35, 3.5)]),
        fct_inventory=("product_id VARCHAR, location_id VARCHAR, location_type VARCHAR, month_start DATE, "
                       "snapshot_date DATE, on_hand_qty DOUBLE, on_hand_value DOUBLE", [
                           _stock("K1", "W1", "company_warehouse", "2026-03-31", 600),
                           _stock("K1", "W2", "company_warehouse", "2026-03-31", 300),
                           _stock("K2", "W1", "company_warehouse", "2026-03-31", 50),
                           _stock("K1", "D1", "distributor", "2026-03-31", 70)]),
        dim_product=("product_id VARCHAR, product_name VARCHAR, category VARCHAR", [
            ("K1", "Tablet", "pharma"), ("K2", "Syrup", "pharma")]))
    run_models(con, ["int_stock_month_end", "int_days_of_inventory_month", "mart_inventory_month"])
    return con


def test_days_of_inventory_of_all_company_warehouses_is_the_ratio_of_their_sums(stock_days_con) -> None:
    days = measures.days_of_inventory(stock_days_con, "2026-03").set_index("product_id")
    # K1: (600 + 300) x 30 / 270 = 100 days, turnover 270 / 900; the distributor's stock is not the company's.
    assert days.loc["K1", ["closing_value", "cogs", "days_of_inventory", "turnover"]].tolist() == pytest.approx(
        [900, 270, 100, 0.3])
    # Nothing moved out: no days of inventory (not infinitely many), and the product is still listed.
    assert pd.isna(days.loc["K2", "cogs"]) and pd.isna(days.loc["K2", "days_of_inventory"])
    assert days.loc["K2", "product_name"] == "Syrup"
    assert measures.days_of_inventory(stock_days_con, "2026-02").empty


def test_the_inventory_mart_reads_the_same_days_per_location(stock_days_con) -> None:
    mart = stock_days_con.execute("SELECT location_id, cogs, days_of_inventory FROM mart_inventory_month "
                                  "WHERE product_id = 'K1' ORDER BY location_id").fetchall()
    # The company's 270 split evenly over its two warehouses; the distributor's own sell-out for D1.
    assert mart == [("D1", 35, pytest.approx(60)), ("W1", 135, pytest.approx(600 * 30 / 135)),
                    ("W2", 135, pytest.approx(300 * 30 / 135))]
    assert stock_days_con.execute("SELECT count(*) FROM mart_inventory_month WHERE location_id IS NULL").fetchone() \
        == (0,)
    failing = run_tests(stock_days_con, ["int_days_of_inventory_month", "mart_inventory_month"])
    assert len(failing) == 3 and not any(failing.values()), failing
