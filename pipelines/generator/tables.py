"""One function per raw source: the generator's internal arrays -> a contract-shaped Arrow table."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pipelines.contracts.sources import APPROVAL_LEVELS, CUSTOMER_TYPES, EXPENSE_CATEGORIES
from pipelines.generator.catalogue import Catalogue
from pipelines.generator.customers import SCALES, Customers
from pipelines.generator.expenses import Expenses
from pipelines.generator.field_activity import REPORT_TYPES, VISIT_TYPES, Checkins, Reports, Visits
from pipelines.generator.naming import sequential_ids
from pipelines.generator.organisation import NO_DAY, ROLE_NAMES, Organisation
from pipelines.generator.payments import METHODS, Collections
from pipelines.generator.returns import REASONS, Returns
from pipelines.generator.sales import Sales
from pipelines.generator.stock import LOC_WAREHOUSE, Stock
from pipelines.generator.targets import METRICS, Targets
from pipelines.generator.timeline import Timeline
from pipelines.generator.writer import (
    bool_col,
    build_table,
    date_col,
    num_col,
    ref_col,
    str_col,
    take_col,
    ts_col,
)


def _labels(values: tuple[str, ...]) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def regions_table(org: Organisation) -> pa.Table:
    return build_table("regions", {
        "region_id": org.region_ids,
        "region_name": str_col(org.region_names),
        "province": str_col(org.provinces),
        "head_rep_id": take_col(org.rep_ids, org.region_head),
    })


def reps_table(org: Organisation) -> pa.Table:
    return build_table("reps", {
        "rep_id": org.rep_ids,
        "rep_name": str_col(org.names),
        "region_id": take_col(org.region_ids, org.region),
        "manager_rep_id": take_col(org.rep_ids, np.maximum(org.manager, 0), org.manager < 0),
        "role": take_col(_labels(ROLE_NAMES), org.role),
        "hire_date": date_col(org.hire),
        "leave_date": date_col(np.where(org.leave == NO_DAY, 0, org.leave), org.leave == NO_DAY),
        "base_salary": num_col(org.base_salary, org.salary_missing),
    })


def customers_table(cust: Customers, org: Organisation) -> pa.Table:
    return build_table("customers", {
        "customer_id": cust.ids,
        "customer_name": str_col(cust.names),
        "customer_type": take_col(_labels(CUSTOMER_TYPES), cust.ctype),
        "region_id": take_col(org.region_ids, cust.region),
        "rep_id": take_col(org.rep_ids, cust.current_owner),
        "opened_date": date_col(cust.opened),
        "scale": take_col(_labels(SCALES), cust.scale_class, cust.scale_missing),
        "parent_distributor_id": take_col(cust.ids, np.maximum(cust.parent, 0), cust.parent < 0),
        "credit_days": num_col(cust.credit_days, cust.credit_missing),
    })


def products_table(cat: Catalogue) -> pa.Table:
    return build_table("products", {
        "product_id": cat.product_ids,
        "product_name": str_col(cat.names),
        "category": take_col(_labels(tuple(cat.categories)), cat.category),
        "unit_cost": num_col(cat.unit_cost),
        "list_price": num_col(cat.list_price),
        "supplier_lead_time_days": num_col(cat.lead_time),
        "product_manager": str_col(cat.product_manager, cat.manager_missing),
    })


def sales_table(sales: Sales, org: Organisation, cust: Customers, cat: Catalogue) -> pa.Table:
    inv = sales.line_inv
    return build_table("sales_lines", {
        "invoice_id": ref_col(sales.inv_ids, inv),
        "line_no": num_col(sales.line_no),
        "invoice_date": date_col(sales.inv_day[inv]),
        "customer_id": ref_col(cust.ids, sales.inv_cust[inv]),
        "rep_id": ref_col(org.rep_ids, sales.inv_rep[inv]),
        "product_id": ref_col(cat.product_ids, sales.line_prod),
        "qty": num_col(sales.qty.astype(np.int64)),
        "unit_price": num_col(sales.price),
        "discount_pct": num_col(sales.disc),
        "amount": num_col(sales.amount),
        "payment_terms_days": num_col(sales.inv_terms[inv], sales.inv_terms_missing[inv]),
    })


def returns_table(ret: Returns, sales: Sales, cust: Customers, cat: Catalogue) -> pa.Table:
    n = len(ret.day)
    return build_table("returns", {
        "return_id": sequential_ids("RET", n, 6),
        "return_date": date_col(ret.day),
        "customer_id": take_col(cust.ids, ret.cust),
        "product_id": take_col(cat.product_ids, ret.prod),
        "qty": num_col(ret.qty.astype(np.int64)),
        "amount": num_col(ret.amount),
        "return_type": take_col(_labels(("sporadic", "batch")), ret.batch.astype(np.int64)),
        "reason": take_col(_labels(REASONS), ret.reason),
        "original_invoice_id": take_col(sales.inv_ids, ret.inv, ~ret.inv_known),
    })


def collections_table(coll: Collections, sales: Sales, cust: Customers) -> pa.Table:
    return build_table("collections", {
        "receipt_id": sequential_ids("RC", len(coll.day), 8),
        "receipt_date": date_col(coll.day),
        "customer_id": ref_col(cust.ids, coll.cust),
        "invoice_id": ref_col(sales.inv_ids, coll.inv, ~coll.allocated),
        "amount": num_col(coll.amount),
        "method": take_col(_labels(METHODS), coll.method, coll.method_missing),
    })


def inventory_table(stock: Stock, cust: Customers, cat: Catalogue) -> pa.Table:
    wh = stock.snap_loc_type == LOC_WAREHOUSE
    # Sort by date, then company warehouses before distributors, then location and product.
    order = np.lexsort((stock.snap_prod, stock.snap_loc, ~wh, stock.snap_day))
    wh, loc = wh[order], stock.snap_loc[order]
    loc_ids = pa.concat_arrays([stock.warehouse_ids, cust.ids])
    loc_idx = np.where(wh, loc, len(stock.warehouse_ids) + loc)
    return build_table("inventory_snapshots", {
        "snapshot_date": date_col(stock.snap_day[order]),
        "location_id": take_col(loc_ids, loc_idx),
        "location_type": take_col(_labels(("company_warehouse", "distributor")), (~wh).astype(np.int64)),
        "product_id": take_col(cat.product_ids, stock.snap_prod[order]),
        "on_hand_qty": num_col(stock.snap_qty[order].astype(np.int64)),
    })


def sell_out_table(stock: Stock, cust: Customers, cat: Catalogue) -> pa.Table:
    n = len(stock.so_day)
    return build_table("sell_out", {
        "sell_out_id": sequential_ids("SO", n, 9),
        "sale_date": date_col(stock.so_day),
        "distributor_id": ref_col(cust.ids, stock.so_dist),
        "terminal_id": ref_col(cust.ids, np.maximum(stock.so_terminal, 0), stock.so_terminal < 0),
        "product_id": ref_col(cat.product_ids, stock.so_prod),
        "qty": num_col(stock.so_qty.astype(np.int64)),
        "amount": num_col(stock.so_amount, stock.so_amount_missing),
    })


def checkins_table(ch: Checkins, org: Organisation) -> pa.Table:
    return build_table("rep_checkins", {
        "checkin_id": sequential_ids("CK", len(ch.ts), 8),
        "rep_id": ref_col(org.rep_ids, ch.rep),
        "checkin_time": ts_col(ch.ts),
        "channel": take_col(_labels(("phone", "app")), ch.app.astype(np.int64)),
    })


def visits_table(v: Visits, org: Organisation, cust: Customers) -> pa.Table:
    return build_table("visits", {
        "visit_id": sequential_ids("V", len(v.day), 8),
        "visit_date": date_col(v.day),
        "rep_id": ref_col(org.rep_ids, v.rep),
        "customer_id": ref_col(cust.ids, v.cust),
        "visit_type": take_col(_labels(VISIT_TYPES), v.vtype),
        "manager_rep_id": ref_col(org.rep_ids, np.maximum(v.manager, 0), v.manager < 0),
        "duration_min": num_col(v.duration, v.duration_missing),
    })


def reports_table(rp: Reports, org: Organisation) -> pa.Table:
    return build_table("rep_reports", {
        "report_id": sequential_ids("RP", len(rp.rep), 8),
        "rep_id": ref_col(org.rep_ids, rp.rep),
        "report_type": take_col(_labels(REPORT_TYPES), rp.rtype),
        "period_start": date_col(rp.period_start),
        "due_time": ts_col(rp.due),
        "submitted_time": ts_col(rp.submitted, rp.missing),
    })


def expense_ids(ex: Expenses) -> pa.Array:
    return sequential_ids("EX", len(ex.day), 7)


def expenses_table(ex: Expenses, org: Organisation) -> pa.Table:
    return build_table("expenses", {
        "expense_id": expense_ids(ex),
        "expense_date": date_col(ex.day),
        "region_id": take_col(org.region_ids, ex.region),
        "rep_id": take_col(org.rep_ids, np.maximum(ex.rep, 0), ex.rep < 0),
        "category": take_col(_labels(EXPENSE_CATEGORIES), ex.category),
        "amount": num_col(ex.amount),
        "regime": take_col(_labels(("budget", "contract")), ex.contract_regime.astype(np.int64)),
        "approval_level": take_col(_labels(APPROVAL_LEVELS), ex.level),
        "approver_rep_id": take_col(org.rep_ids, np.maximum(ex.approver, 0), ex.approver < 0),
        "is_advance": bool_col(ex.is_advance, ex.advance_missing),
        "amortization_months": num_col(np.maximum(ex.amort, 1), ex.amort == 0),
    })


def budgets_table(ex: Expenses, tl: Timeline, org: Organisation) -> pa.Table:
    n_r, n_m, n_c = ex.budget.shape
    r, m, c = np.meshgrid(np.arange(n_r), np.arange(n_m), np.arange(n_c), indexing="ij")
    r, m, c = r.ravel(), m.ravel(), c.ravel()
    order = np.lexsort((c, r, m))
    r, m, c = r[order], m[order], c[order]
    return build_table("budgets", {
        "year": num_col(tl.month_year[m]),
        "month": num_col(tl.month_month[m]),
        "region_id": take_col(org.region_ids, r),
        "category": take_col(_labels(EXPENSE_CATEGORIES), c),
        "amount": num_col(ex.budget[r, m, c]),
    })


def targets_table(t: Targets, org: Organisation, cat: Catalogue) -> pa.Table:
    n = len(t.year)
    return build_table("targets", {
        "target_id": sequential_ids("T", n, 4),
        "year": num_col(t.year),
        "month": pa.nulls(n, pa.int64()),
        "region_id": take_col(org.region_ids, t.region),
        "rep_id": pa.nulls(n, pa.string()),
        "product_id": take_col(cat.product_ids, np.maximum(t.product, 0), t.product < 0),
        "metric": take_col(_labels(METRICS), t.metric),
        "target_value": num_col(t.value),
    })
