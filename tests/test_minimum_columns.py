"""A sales export with only date, customer and amount builds; what is missing is said in export terms."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import settings_in
from test_readers import text_lines, workbook

from pipelines.contracts import CONTRACTS
from pipelines.ingest.ingest_source import ingest_source
from pipelines.orchestration.run_build import run_nightly_job
from pipelines.warehouse.readonly import query

MINIMAL = [["日期", "客户", "金额"], ["2026-03-05", "C1", "100"], ["2026/3/6", "C2", "￥1200.50"],
           ["2026年3月7日", "C1", "50"]]


def ingest(root: Path, rows: list[list[object]]) -> duckdb.DuckDBPyConnection:
    folder = root / "raw" / "sales_lines"
    folder.mkdir(parents=True)
    (folder / "sales.csv").write_text(text_lines(rows, ","), encoding="utf-8")
    con = duckdb.connect()
    ingest_source(con, CONTRACTS["sales_lines"], root / "raw", root / "build")
    return con


def test_date_customer_and_amount_alone_are_loaded_with_placeholders(tmp_path: Path) -> None:
    con = ingest(tmp_path, MINIMAL)
    assert con.execute("SELECT invoice_id, line_no, rep_id, product_id, qty, unit_price, amount FROM stg_sales_lines "
                       "ORDER BY _source_row").fetchall() == [
        ("ROW-sales_lines/sales.csv-2", 1, "unassigned", "unassigned", None, None, 100.0),
        ("ROW-sales_lines/sales.csv-3", 1, "unassigned", "unassigned", None, None, 1200.5),
        ("ROW-sales_lines/sales.csv-4", 1, "unassigned", "unassigned", None, None, 50.0)]
    missing = con.execute("SELECT column_name, handled_as, not_available, add_export FROM missing_inputs "
                          "WHERE column_name IN ('rep_id', 'unit_price')").fetchall()
    assert missing == [
        ("rep_id", "every line credited to 'unassigned'", "sales by rep, commissions, rep targets and scorecards",
         "add the column rep_id to the sales_lines export"),
        ("unit_price", "left empty (there is no qty column either)", "list-price discounts",
         "add the column unit_price to the sales_lines export")]


def test_line_numbers_follow_row_order_within_an_invoice_and_prices_are_derived(tmp_path: Path) -> None:
    rows = [["单据编号", "日期", "客户", "数量", "金额"], ["A", "2026-03-05", "C1", 2, 100],
            ["B", "2026-03-05", "C2", 5, 50], ["A", "2026-03-05", "C1", 4, 200]]
    con = ingest(tmp_path, rows)
    assert con.execute("SELECT invoice_id, line_no, qty, unit_price, discount_pct FROM stg_sales_lines "
                       "ORDER BY 1, 2").fetchall() == [
        ("A", 1, 2.0, 50.0, 0.0), ("A", 2, 4.0, 50.0, 0.0), ("B", 1, 5.0, 10.0, 0.0)]


def test_a_discount_is_derived_from_qty_price_and_amount(tmp_path: Path) -> None:
    rows = [["单据编号", "行号", "日期", "客户", "数量", "单价", "金额"], ["A", 1, "2026-03-05", "C1", 10, 20, 190]]
    con = ingest(tmp_path, rows)
    assert con.execute("SELECT discount_pct FROM stg_sales_lines").fetchall() == [(0.05,)]


def test_an_empty_cell_in_a_column_that_is_there_is_still_quarantined(tmp_path: Path) -> None:
    rows = [["单据编号", "日期", "客户", "业务员", "金额"], ["A", "2026-03-05", "C1", "", 100]]
    con = ingest(tmp_path, rows)
    assert con.execute("SELECT column_name, rule FROM quarantine").fetchall() == [("rep_id", "must not be empty")]


def test_every_source_but_sales_documents_its_minimum_as_its_required_columns() -> None:
    from pipelines.contracts.minimum import minimum_columns

    assert minimum_columns(CONTRACTS["sales_lines"]) == ("invoice_date", "customer_id", "amount")
    assert minimum_columns(CONTRACTS["collections"]) == ("receipt_id", "receipt_date", "customer_id", "amount")


@pytest.fixture(scope="module")
def minimal_build(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("minimal")
    (root / "raw" / "sales_lines").mkdir(parents=True)
    workbook(root / "raw" / "sales_lines" / "销售.xlsx", {"明细": [["2026年3月销售"], *MINIMAL]})
    settings = settings_in(root)
    return settings, run_nightly_job(settings)


def test_a_minimal_workbook_builds_the_sales_marts_and_names_the_missing_inputs(minimal_build) -> None:
    settings, outcome = minimal_build
    assert outcome.success, outcome.failures
    path = settings.warehouse
    assert query("SELECT sum(sales_amount) AS s FROM mart_sales_region_month", path=path).iloc[0, 0] == 1350.5
    assert query("SELECT list(DISTINCT rep_id) AS r FROM mart_sales_rep_month", path=path).iloc[0, 0].tolist() \
        == ["unassigned"]
    whole_sources = query("SELECT source, add_export FROM missing_inputs WHERE column_name IS NULL", path=path)
    assert ("collections", "add a collections export with receipt_id, receipt_date, customer_id, amount") \
        in list(whole_sources.itertuples(index=False, name=None))
    columns = query("SELECT column_name FROM missing_inputs WHERE source = 'sales_lines'", path=path)
    assert set(columns.column_name) == {"invoice_id", "line_no", "rep_id", "product_id", "qty", "unit_price",
                                        "discount_pct"}
