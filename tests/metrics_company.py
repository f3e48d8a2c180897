"""A second hand-made company for the metric tests: receivables with named, unallocated and early receipts.

As of 2024-06-30 (worked out by hand in tests/test_metrics_receivables.py):
  C1 (30 days): I1 2024-01-10 1000, I2 2024-03-01 500, I3 2024-05-20 800, I4 2024-06-25 300.
     R1 2024-02-05 600 names I1; R2 2024-04-01 700 names nothing; R3 2024-06-28 300 names I4 (paid early);
     return RT1 2024-06-01 100 names I3.
     Named first: I1 open 400, I3 700, I4 0, I2 500. The pool (700) pays I1 400, then I2 300 -> I2 open 200.
     Open: I2 200 (121 days old: 91-180), I3 700 (41 days: 31-60); both overdue; balance 900.
  C2 (60 days): I5 2023-12-01 250, never paid: 212 days old (over 180), 152 days overdue, no receipt at all.
  C3 (30 days): I6 2024-06-10 100; R4 2024-06-20 150 names nothing: I6 paid, 50 unapplied credit.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
from tiny_company import write_source

from pipelines.contracts import ALL_CONTRACTS
from pipelines.dbt_layer.compiled_sql import run_models
from pipelines.ingest.ingest_source import ingest_source
from pipelines.warehouse.build_params import write_build_params

AS_OF = date(2024, 6, 30)

REGIONS = [{"region_id": "R1", "region_name": "East", "head_rep_id": "M1"}]
REPS = [
    {"rep_id": "M1", "rep_name": "Manager", "region_id": "R1", "manager_rep_id": "", "role": "manager",
     "hire_date": "2020-01-01"},
    {"rep_id": "P1", "rep_name": "Rep One", "region_id": "R1", "manager_rep_id": "M1", "role": "rep",
     "hire_date": "2021-01-01"},
]
CUSTOMERS = [
    {"customer_id": cid, "customer_name": cid, "customer_type": ctype, "region_id": "R1", "rep_id": "P1",
     "opened_date": "2023-01-01", "credit_days": days}
    for cid, ctype, days in (("C1", "distributor", 30), ("C2", "hospital", 60), ("C3", "retailer", 30))
]
PRODUCTS = [{"product_id": "K1", "product_name": "Tablet", "category": "pharma", "unit_cost": "6",
             "list_price": "10", "supplier_lead_time_days": "14"}]


def _line(invoice: str, day: str, customer: str, amount: float, terms: int) -> dict[str, object]:
    return {"invoice_id": invoice, "line_no": 1, "invoice_date": day, "customer_id": customer, "rep_id": "P1",
            "product_id": "K1", "qty": amount / 10, "unit_price": 10, "discount_pct": 0, "amount": amount,
            "payment_terms_days": terms}


SALES = [
    _line("I1", "2024-01-10", "C1", 1000, 30),
    _line("I2", "2024-03-01", "C1", 500, 30),
    _line("I3", "2024-05-20", "C1", 800, 30),
    _line("I4", "2024-06-25", "C1", 300, 30),
    _line("I5", "2023-12-01", "C2", 250, 60),
    _line("I6", "2024-06-10", "C3", 100, 30),
]
COLLECTIONS = [
    {"receipt_id": "R1", "receipt_date": "2024-02-05", "customer_id": "C1", "invoice_id": "I1", "amount": 600},
    {"receipt_id": "R2", "receipt_date": "2024-04-01", "customer_id": "C1", "invoice_id": "", "amount": 700},
    {"receipt_id": "R3", "receipt_date": "2024-06-28", "customer_id": "C1", "invoice_id": "I4", "amount": 300},
    {"receipt_id": "R4", "receipt_date": "2024-06-20", "customer_id": "C3", "invoice_id": "", "amount": 150},
]
RETURNS = [
    {"return_id": "RT1", "return_date": "2024-06-01", "customer_id": "C1", "product_id": "K1", "qty": 10,
     "amount": 100, "return_type": "batch", "reason": "damaged", "original_invoice_id": "I3"},
]


def write_receivables_company(raw_dir: Path) -> Path:
    for source, rows in (("regions", REGIONS), ("reps", REPS), ("customers", CUSTOMERS), ("products", PRODUCTS),
                         ("sales_lines", SALES), ("collections", COLLECTIONS), ("returns", RETURNS)):
        write_source(raw_dir, source, rows)
    return raw_dir


def build_models(raw_dir: Path, db_path: Path, as_of: date | None = None) -> duckdb.DuckDBPyConnection:
    """Ingest every source and build every SQL model (no Dagster), returning an open connection."""
    con = duckdb.connect(str(db_path))
    for contract in ALL_CONTRACTS:
        ingest_source(con, contract, raw_dir, db_path.parent / "work")
    write_build_params(con, as_of)
    run_models(con)
    con.execute("SELECT 1").fetchall()  # leave no half-read result behind (DuckDB 2 refuses new work then)
    return con
