"""Every id a staged source names has a row in its dimension, not only the ids of the masters and the sales lines:
a customer only a collections export names, a rep only in visits, a product only in returns or sell-out get a
member row (named by its id, placed by the best evidence), their facts reach the marts with a region, the dbt
ids-in-dims tests hold, and the load report (members_from_ids, the summary line, the warning check) counts them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from metrics_company import build_models
from tiny_company import ROWS, write_source, write_tiny_company

from pipelines.contracts import ALL_CONTRACTS
from pipelines.dbt_layer.compiled_sql import compiled_test_sql, run_models, run_test, run_tests
from pipelines.ingest.ingest_source import ingest_source
from pipelines.ingest.members_from_ids import member_lines

AS_OF = date(2024, 3, 31)
DIMS = {"customers": ("dim_customer", "customer_id"), "reps": ("dim_rep", "rep_id"),
        "products": ("dim_product", "product_id"), "regions": ("dim_region", "region_id")}

# C9 pays C3's invoice I3 (rep P2, region R2) and is in no master and on no invoice; C8 pays nothing named.
# P9 only visits C3 (R2); K8 only comes back on a return, K9 only sells out through distributor C1.
EXTRA = {
    "collections": [{"receipt_id": "RC9", "receipt_date": "2024-03-20", "customer_id": "C9", "invoice_id": "I3",
                     "amount": 40, "method": "offset"},
                    {"receipt_id": "RC8", "receipt_date": "2024-03-21", "customer_id": "C8", "invoice_id": "",
                     "amount": 7, "method": "cash"}],
    "visits": [{"visit_id": "V9", "visit_date": "2024-03-06", "rep_id": "P9", "customer_id": "C3",
                "visit_type": "maintenance", "manager_rep_id": "", "duration_min": 20}],
    "returns": [{"return_id": "RT8", "return_date": "2024-03-22", "customer_id": "C1", "product_id": "K8", "qty": 1,
                 "amount": 5, "return_type": "sporadic", "reason": "damaged", "original_invoice_id": ""}],
    "sell_out": [{"sell_out_id": "SO9", "sale_date": "2024-03-10", "distributor_id": "C1", "terminal_id": "",
                  "product_id": "K9", "qty": 2, "amount": 30}],
}


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    root = tmp_path_factory.mktemp("dims")
    raw = write_tiny_company(root / "raw")
    for source, rows in EXTRA.items():
        write_source(raw, source, ROWS[source] + rows)
    connection = build_models(raw, root / "w.duckdb", AS_OF)
    yield connection
    connection.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_a_customer_only_in_collections_is_placed_by_the_rep_of_the_invoice_it_paid(
        con: duckdb.DuckDBPyConnection) -> None:
    assert _rows(con, "SELECT customer_id, customer_name, customer_type, rep_id, region_id, in_master, seen_in "
                      "FROM dim_customer WHERE customer_id IN ('C8', 'C9') ORDER BY 1") == [
        ("C8", "C8", "unknown", None, "UNKNOWN", False, "stg_collections"),
        ("C9", "C9", "unknown", "P2", "R2", False, "stg_collections")]
    assert _rows(con, "SELECT region_id, rep_id FROM fct_collections WHERE receipt_id = 'RC9'") == [("R2", "P2")]
    # March cash in R2: C3's 60, C4's 20 and C9's 40; C8's 7 is in the unassigned department, never in no region.
    assert _rows(con, "SELECT region_id, collected_amount FROM mart_collections_region_month "
                      "WHERE month_start = DATE '2024-03-01' ORDER BY 1") == [("R1", 0), ("R2", 120), ("UNKNOWN", 7)]
    assert _rows(con, "SELECT count(*) FROM int_collections_customer_month WHERE region_id IS NULL") == [(0,)]


def test_a_rep_only_in_visits_gets_the_department_of_the_customers_it_visits(con: duckdb.DuckDBPyConnection) -> None:
    assert _rows(con, "SELECT rep_name, region_id, in_master, seen_in FROM dim_rep WHERE rep_id = 'P9'") == [
        ("P9", "R2", False, "stg_visits")]
    assert _rows(con, "SELECT region_id FROM fct_visits WHERE visit_id = 'V9'") == [("R2",)]
    assert _rows(con, "SELECT region_id, visits FROM mart_rep_activity_month WHERE rep_id = 'P9' "
                      "AND month_start = DATE '2024-03-01'") == [("R2", 1)]


def test_products_only_in_returns_or_sell_out_are_members(con: duckdb.DuckDBPyConnection) -> None:
    assert _rows(con, "SELECT product_id, product_name, category, in_master, seen_in FROM dim_product "
                      "WHERE NOT in_master ORDER BY 1") == [
        ("K8", "K8", "unknown", False, "stg_returns"), ("K9", "K9", "unknown", False, "stg_sell_out")]


def test_every_fact_id_is_in_its_dimension(con: duckdb.DuckDBPyConnection) -> None:
    ids_in_dims = {name: rows for name, rows in run_tests(con).items() if name.endswith("_ids_in_dims")}
    assert {"fct_collections_ids_in_dims", "fct_visits_ids_in_dims", "fct_returns_ids_in_dims",
            "fct_expenses_ids_in_dims", "fct_sell_out_ids_in_dims", "fct_sales_lines_ids_in_dims"} <= set(ids_in_dims)
    assert {name: rows for name, rows in ids_in_dims.items() if rows} == {}


def test_an_id_missing_from_its_dimension_is_named_with_its_column_and_dimension(
        con: duckdb.DuckDBPyConnection) -> None:
    # One test per table checks every id column: a violating row says which column, which id and which dimension.
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM dim_product WHERE product_id = 'K9'")
        con.execute("DELETE FROM dim_customer WHERE customer_id = 'C1'")
        assert run_test(con, "fct_sell_out_ids_in_dims") == con.execute(
            "SELECT count(*) FILTER (WHERE product_id = 'K9') + count(*) FILTER (WHERE distributor_id = 'C1') "
            "FROM fct_sell_out").fetchone()[0]
        violations = set(con.execute(f"SELECT DISTINCT * FROM ({compiled_test_sql('fct_sell_out_ids_in_dims')})")
                         .fetchall())
        assert violations == {("product_id", "K9", "dim_product"), ("distributor_id", "C1", "dim_customer")}
    finally:
        con.execute("ROLLBACK")


def test_the_load_report_counts_ids_named_only_by_other_sources(con: duckdb.DuckDBPyConnection) -> None:
    assert _rows(con, "SELECT master_source, member_id, referring_source, referring_rows FROM members_from_ids "
                      "ORDER BY 1, 2") == [
        ("customers", "C8", "collections", 1), ("customers", "C9", "collections", 1),
        ("products", "K8", "returns", 1), ("products", "K9", "sell_out", 1), ("reps", "P9", "visits", 1)]
    summary = member_lines(con)  # the build summary's MEMBERS FROM IDS lines
    assert any(line.startswith("MEMBERS FROM IDS: 2 customer_id value(s) have no row in the customers export "
                               "(C9, C8)") and "2 collections rows (column customer_id)" in line
               for line in summary), summary
    assert any("1 returns rows (column product_id), 1 sell_out rows (column product_id)" in line for line in summary)
    # the ids_have_master_rows warning of each referring source names its ids
    assert "(P9)" in " ".join(member_lines(con, "visits")) and "(C9, C8)" in " ".join(member_lines(con, "collections"))


def test_every_referencing_column_of_every_contract_adds_its_ids_to_the_dimension(tmp_path: Path) -> None:
    """Driven by the contracts: a column added with `references` and forgotten in macros/referenced_ids.sql fails."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    raw = write_source(tmp_path / "raw", "sales_lines", []).parent.parent  # the one required source, no rows
    for contract in ALL_CONTRACTS:  # every staging table exists, empty and typed
        ingest_source(con, contract, raw, tmp_path / "work")
    expected = []
    for contract in ALL_CONTRACTS:
        for column in contract.columns:
            master = (column.references or "").split(".")[0]
            if master in DIMS or (contract.name in DIMS and contract.key == (column.name,)):
                member = f"X_{contract.name}_{column.name}"
                con.execute(f'INSERT INTO stg_{contract.name} ("{column.name}") VALUES (?)', [member])
                expected.append((master or contract.name, member, f"stg_{contract.name}"))
    assert {m for m, _id, _seen in expected} == set(DIMS) and len(expected) > 20
    run_models(con, [dim for dim, _key in DIMS.values()])
    missing = [(master, member, seen) for master, member, seen in expected
               if con.execute(f"SELECT seen_in FROM {DIMS[master][0]} WHERE {DIMS[master][1]} = ?",
                              [member]).fetchall() != [(seen,)]]
    assert missing == []
