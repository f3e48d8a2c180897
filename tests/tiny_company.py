"""A hand-made company small enough to check totals by hand: 2 regions, 4 reps, 4 customers, 3 SKUs."""

from __future__ import annotations

import csv
from pathlib import Path

from pipelines.contracts import CONTRACTS

ROWS: dict[str, list[dict[str, object]]] = {
    "regions": [
        {"region_id": "R1", "region_name": "East / 华东", "province": "Zhejiang", "head_rep_id": "M1"},
        {"region_id": "R2", "region_name": "North / 华北", "province": "Hebei", "head_rep_id": "D1"},
    ],
    "reps": [
        {"rep_id": "D1", "rep_name": "Director", "region_id": "R2", "manager_rep_id": "", "role": "director",
         "hire_date": "2020-01-01"},
        {"rep_id": "M1", "rep_name": "Manager", "region_id": "R1", "manager_rep_id": "D1", "role": "manager",
         "hire_date": "2021-01-01"},
        {"rep_id": "P1", "rep_name": "Rep One", "region_id": "R1", "manager_rep_id": "M1", "role": "rep",
         "hire_date": "2022-01-01"},
        {"rep_id": "P2", "rep_name": "Rep Two", "region_id": "R2", "manager_rep_id": "D1", "role": "rep",
         "hire_date": "2022-06-01"},
    ],
    "customers": [
        {"customer_id": "C1", "customer_name": "Dist One", "customer_type": "distributor", "region_id": "R1",
         "rep_id": "P1", "opened_date": "2023-01-01", "credit_days": "30"},
        {"customer_id": "C2", "customer_name": "Hospital Two", "customer_type": "hospital", "region_id": "R1",
         "rep_id": "P1", "opened_date": "2023-06-01", "credit_days": "60"},
        {"customer_id": "C3", "customer_name": "Retail Three", "customer_type": "retailer", "region_id": "R2",
         "rep_id": "P2", "opened_date": "2024-01-10", "credit_days": "30"},
        {"customer_id": "C4", "customer_name": "Corp Four", "customer_type": "corporate", "region_id": "R2",
         "rep_id": "P2", "opened_date": "2024-02-01", "credit_days": ""},
    ],
    "products": [
        {"product_id": "K1", "product_name": "Tablet", "category": "pharma", "unit_cost": "6",
         "list_price": "10", "supplier_lead_time_days": "14"},
        {"product_id": "K2", "product_name": "Syrup", "category": "pharma", "unit_cost": "12",
         "list_price": "20", "supplier_lead_time_days": "30"},
        {"product_id": "K3", "product_name": "Gloves", "category": "supplies", "unit_cost": "1",
         "list_price": "2", "supplier_lead_time_days": "7"},
    ],
    # Sales total 2024-01: 100 + 200 = 300 (R1); 2024-02: 380 (R1) + 100 (R2); 2024-03: 50 (R2).
    "sales_lines": [
        {"invoice_id": "I1", "line_no": 1, "invoice_date": "2024-01-15", "customer_id": "C1", "rep_id": "P1",
         "product_id": "K1", "qty": 10, "unit_price": 10, "discount_pct": 0, "amount": 100},
        {"invoice_id": "I1", "line_no": 2, "invoice_date": "2024-01-15", "customer_id": "C1", "rep_id": "P1",
         "product_id": "K2", "qty": 10, "unit_price": 20, "discount_pct": 0, "amount": 200},
        {"invoice_id": "I2", "line_no": 1, "invoice_date": "2024-02-27", "customer_id": "C1", "rep_id": "P1",
         "product_id": "K2", "qty": 20, "unit_price": 20, "discount_pct": 0.05, "amount": 380},
        {"invoice_id": "I3", "line_no": 1, "invoice_date": "2024-02-10", "customer_id": "C3", "rep_id": "P2",
         "product_id": "K1", "qty": 10, "unit_price": 10, "discount_pct": 0, "amount": 100},
        {"invoice_id": "I4", "line_no": 1, "invoice_date": "2024-03-05", "customer_id": "C4", "rep_id": "P2",
         "product_id": "K3", "qty": 25, "unit_price": 2, "discount_pct": 0, "amount": 50},
    ],
    "returns": [
        {"return_id": "RT1", "return_date": "2024-03-20", "customer_id": "C1", "product_id": "K2", "qty": 5,
         "amount": 95, "return_type": "batch", "reason": "unsold", "original_invoice_id": "I2"},
    ],
    "collections": [
        {"receipt_id": "RC1", "receipt_date": "2024-02-10", "customer_id": "C1", "invoice_id": "I1",
         "amount": 300, "method": "bank_transfer"},
        {"receipt_id": "RC2", "receipt_date": "2024-03-15", "customer_id": "C3", "invoice_id": "I3",
         "amount": 60, "method": "cash"},
        {"receipt_id": "RC3", "receipt_date": "2024-03-25", "customer_id": "C4", "invoice_id": "",
         "amount": 20, "method": ""},
    ],
    "inventory_snapshots": [
        {"snapshot_date": "2024-01-31", "location_id": "WH1", "location_type": "company_warehouse",
         "product_id": "K1", "on_hand_qty": 100},
        {"snapshot_date": "2024-02-29", "location_id": "WH1", "location_type": "company_warehouse",
         "product_id": "K1", "on_hand_qty": 80},
        {"snapshot_date": "2024-02-29", "location_id": "C1", "location_type": "distributor",
         "product_id": "K2", "on_hand_qty": 0},
    ],
    "sell_out": [
        {"sell_out_id": "SO1", "sale_date": "2024-02-05", "distributor_id": "C1", "terminal_id": "C2",
         "product_id": "K2", "qty": 8, "amount": 176},
    ],
    "rep_checkins": [
        {"checkin_id": "CK1", "rep_id": "P1", "checkin_time": "2024-03-04 08:30:00", "channel": "app"},
        {"checkin_id": "CK2", "rep_id": "P1", "checkin_time": "2024-03-05 08:31:00", "channel": "phone"},
    ],
    "visits": [
        {"visit_id": "V1", "visit_date": "2024-03-04", "rep_id": "P1", "customer_id": "C2",
         "visit_type": "co_visit", "manager_rep_id": "M1", "duration_min": 40},
        {"visit_id": "V2", "visit_date": "2024-03-05", "rep_id": "P2", "customer_id": "C3",
         "visit_type": "development", "manager_rep_id": "", "duration_min": 30},
    ],
    "rep_reports": [
        {"report_id": "RP1", "rep_id": "P1", "report_type": "daily", "period_start": "2024-03-04",
         "due_time": "2024-03-04 20:00:00", "submitted_time": "2024-03-04 19:00:00"},
        {"report_id": "RP2", "rep_id": "P1", "report_type": "daily", "period_start": "2024-03-05",
         "due_time": "2024-03-05 20:00:00", "submitted_time": ""},
    ],
    "expenses": [
        {"expense_id": "E1", "expense_date": "2024-02-03", "region_id": "R1", "rep_id": "P1",
         "category": "promotion", "amount": 40, "regime": "budget", "approval_level": "line_manager",
         "approver_rep_id": "M1", "is_advance": "false", "amortization_months": ""},
        {"expense_id": "E2", "expense_date": "2024-02-20", "region_id": "R2", "rep_id": "P2",
         "category": "development_fee", "amount": 120, "regime": "contract", "approval_level": "top_only",
         "approver_rep_id": "D1", "is_advance": "true", "amortization_months": "12"},
    ],
    "budgets": [
        {"year": 2024, "month": 2, "region_id": "R1", "category": "promotion", "amount": 50},
    ],
    "targets": [
        {"target_id": "T1", "year": 2024, "month": "", "region_id": "R1", "rep_id": "", "product_id": "",
         "metric": "sales", "target_value": 5000},
    ],
}

CORE_SOURCES = ("regions", "reps", "customers", "products", "sales_lines")


def write_source(raw_dir: Path, source: str, rows: list[dict[str, object]], file_name: str | None = None,
                 columns: list[str] | None = None) -> Path:
    """Write rows as a CSV with the contract's columns (or the given ones), blanks for missing values."""
    columns = columns or list(CONTRACTS[source].column_names)
    path = raw_dir / source / (file_name or f"{source}.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c, "") for c in columns])
    return path


def write_tiny_company(raw_dir: Path, sources: tuple[str, ...] | None = None) -> Path:
    for source, rows in ROWS.items():
        if sources is None or source in sources:
            write_source(raw_dir, source, rows)
    return raw_dir
