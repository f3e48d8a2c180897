"""The planted behaviours, written to `_ground_truth/` so later models can be scored against them.

These files are never loaded as sources. They record what was planted, not every instance a
model might flag: ordinary customers, reps and regions have their own noise on purpose.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from pipelines.contracts.sources import APPROVAL_LEVELS, CUSTOMER_TYPES
from pipelines.generator.catalogue import Catalogue
from pipelines.generator.customers import Customers
from pipelines.generator.expenses import SKIP_KINDS, Expenses
from pipelines.generator.organisation import Organisation
from pipelines.generator.payments import Collections
from pipelines.generator.returns import Returns
from pipelines.generator.sales import KIND_STUFFED, Sales
from pipelines.generator.stock import LOC_WAREHOUSE, Stock
from pipelines.generator.tables import expense_ids
from pipelines.generator.timeline import Timeline
from pipelines.generator.writer import bool_col, date_col, num_col, str_col, take_col, write_csv

GROUND_TRUTH_DIR = "_ground_truth"

README = """\
# Ground truth of the generated sample company

Planted behaviours of the synthetic company, for scoring models and checks. Never load these
files as sources. Each file lists what the generator planted; ordinary entities carry their own
noise (dormant spells, slow declines, mediocre reps, big genuine orders, natural stock-outs,
lumpy spend), so a perfect score takes more than a single threshold.

## churned_customers.csv (one row per customer, ~15% of customers)
Fades, then stops buying: purchase frequency and size decline from `fade_start` over 2-6
months; no sales after `stop_date`. `last_invoice_date` is the last sale actually generated
(empty when none fell in the window). Payments slow down and bad debt gets likelier near the
stop; reps visit these customers less.

## stuffed_distributor_months.csv (distributor/agent x quarter-end month, ~8% of them)
Channel stuffing: extra large invoices in the last days of the month with deeper discounts and
longer payment terms, weaker ordering over the next 1-2 months, slow sell-out and stock
build-up. `batch_returned` says whether an `unsold` batch return followed within 60 days (often,
not always). Innocent big quarter-end orders that sell through are NOT listed.

## stockout_product_locations.csv (location x product)
Planted stock-outs that did reach zero at some snapshot: `supplier_delay` (orders arrive 30-70
days late) or `low_safety_stock` at company warehouses, `demand_spike` at distributors.
`first_zero_date` is the first snapshot with nothing on hand. Other product-locations may hit
zero naturally.

## undisciplined_reps.csv (rep x behaviour)
`poor_discipline`: fewer and later check-ins, late or missing reports and fewer visits from
`since` on. `opens_but_neglects`: opens many customers but rarely visits them after the opening
month (those customers churn more often).

## expense_overrun_region_months.csv (region x month)
Planted overspend on promotion, entertainment and market, more often at quarter ends. `budget`
and `actual` are totals over all categories. Ordinary months can land a little over budget too.

## skipped_approvals.csv (expense voucher)
Approvals that skip the hierarchy: `top_only` (a director signed alone), `no_approval` (level
`none`, nobody signed) and `wrong_approver` (level `line_manager`, but signed by the spender or a
peer instead of their manager).

## bad_debt_invoices.csv (invoice)
Never fully paid, whatever the date: `unpaid_amount` will never arrive (some were part-paid).
Invoices simply not yet paid at the window end are not listed.
"""


def write_ground_truth(root: Path, tl: Timeline, org: Organisation, cust: Customers, cat: Catalogue,
                       sales: Sales, ret: Returns, coll: Collections, stock: Stock, ex: Expenses
                       ) -> dict[str, int]:
    out = root / GROUND_TRUTH_DIR
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}

    def save(name: str, columns: dict[str, pa.Array]) -> None:
        table = pa.table(columns)
        write_csv(table, out / f"{name}.csv")
        rows[name] = table.num_rows

    ch = np.flatnonzero(cust.churner)
    last = np.full(cust.n, -1)
    np.maximum.at(last, sales.inv_cust, sales.inv_day)
    save("churned_customers", {
        "customer_id": take_col(cust.ids, ch),
        "fade_start": date_col(cust.fade_start[ch]),
        "stop_date": date_col(cust.stop[ch]),
        "customer_type": take_col(pa.array(list(CUSTOMER_TYPES)), cust.ctype[ch]),
        "last_invoice_date": date_col(np.maximum(last[ch], 0), last[ch] < 0),
    })

    ev = np.flatnonzero(sales.event_kind == KIND_STUFFED)
    ev_amount = np.bincount(np.maximum(sales.inv_event, 0), weights=sales.inv_total * (sales.inv_event >= 0),
                            minlength=len(sales.event_kind))
    save("stuffed_distributor_months", {
        "customer_id": take_col(cust.ids, sales.event_cust[ev]),
        "year": num_col(tl.month_year[sales.event_month[ev]]),
        "month": num_col(tl.month_month[sales.event_month[ev]]),
        "stuffed_amount": num_col(np.round(ev_amount[ev], 2)),
        "batch_returned": bool_col(np.isin(ev, ret.returned_events)),
    })

    wh = stock.out_loc_type == LOC_WAREHOUSE
    loc_ids = pa.concat_arrays([stock.warehouse_ids, cust.ids])
    loc = np.where(wh, stock.out_loc, len(stock.warehouse_ids) + stock.out_loc)
    order = np.lexsort((stock.out_prod, loc))
    save("stockout_product_locations", {
        "location_id": take_col(loc_ids, loc[order]),
        "location_type": take_col(pa.array(["company_warehouse", "distributor"]), (~wh[order]).astype(int)),
        "product_id": take_col(cat.product_ids, stock.out_prod[order]),
        "cause": str_col([stock.out_cause[i] for i in order.tolist()]),
        "first_zero_date": date_col(stock.out_first_day[order]),
        "zero_snapshots": num_col(stock.out_zero_snapshots[order]),
    })

    poor = np.flatnonzero(org.poor)
    neglect = np.flatnonzero(org.neglects)
    reps = np.concatenate([poor, neglect])
    kind = np.concatenate([np.zeros(len(poor), int), np.ones(len(neglect), int)])
    since = np.concatenate([org.poor_since[poor], np.maximum(org.hire[neglect], tl.start)])
    order = np.lexsort((kind, reps))
    save("undisciplined_reps", {
        "rep_id": take_col(org.rep_ids, reps[order]),
        "behaviour": take_col(pa.array(["poor_discipline", "opens_but_neglects"]), kind[order]),
        "since": date_col(since[order]),
    })

    n_m = tl.n_months
    actual = np.bincount(ex.region * n_m + tl.month_index(ex.day), weights=ex.amount,
                         minlength=ex.budget.shape[0] * n_m).reshape(ex.budget.shape[0], n_m)
    r, m = ex.overrun_region, ex.overrun_month
    order = np.lexsort((r, m))
    r, m = r[order], m[order]
    save("expense_overrun_region_months", {
        "region_id": take_col(org.region_ids, r),
        "year": num_col(tl.month_year[m]),
        "month": num_col(tl.month_month[m]),
        "budget": num_col(np.round(ex.budget.sum(axis=2)[r, m], 2)),
        "actual": num_col(np.round(actual[r, m], 2)),
    })

    skipped = np.flatnonzero(ex.skip_kind >= 0)
    save("skipped_approvals", {
        "expense_id": take_col(expense_ids(ex), skipped),
        "approval_level": take_col(pa.array(list(APPROVAL_LEVELS)), ex.level[skipped]),
        "kind": take_col(pa.array(list(SKIP_KINDS)), ex.skip_kind[skipped]),
    })

    bad = coll.bad_inv
    save("bad_debt_invoices", {
        "invoice_id": take_col(sales.inv_ids, bad),
        "customer_id": take_col(cust.ids, sales.inv_cust[bad]),
        "invoice_date": date_col(sales.inv_day[bad]),
        "invoice_amount": num_col(sales.inv_total[bad]),
        "unpaid_amount": num_col(coll.bad_unpaid),
    })

    (out / "README.md").write_text(README, encoding="utf-8")
    return rows
