"""Collections (回款): receipts against invoices, with lateness, instalments, bad debt and unallocated cash.

Delay = payment terms + lateness: some customers pay early, most a little late, with a heavy tail;
hospitals are slow; churning customers and stuffed invoices pay later. A few % of invoices are
never (fully) paid: planted bad debt, more likely for risky customers, churners near their stop
and stuffed invoices. Receipts after the window end are not yet collected (not bad debt).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.generator.customers import HOSPITAL, TERMINAL, Customers
from pipelines.generator.sales import KIND_STUFFED, Sales
from pipelines.generator.timeline import Timeline
from pipelines.generator.writer import money

METHODS = ("bank_transfer", "acceptance_bill", "cash", "offset")


@dataclass
class Collections:
    day: np.ndarray
    cust: np.ndarray
    inv: np.ndarray  # invoice index
    allocated: np.ndarray  # False: invoice_id left empty (unallocated receipt)
    amount: np.ndarray
    method: np.ndarray  # index into METHODS
    method_missing: np.ndarray
    bad_inv: np.ndarray  # planted bad-debt invoices
    bad_unpaid: np.ndarray


def build_collections(tl: Timeline, cust: Customers, sales: Sales, credit_by_invoice: np.ndarray,
                      rng: np.random.Generator) -> Collections:
    n = len(sales.inv_day)
    c = sales.inv_cust
    ctype = cust.ctype[c]
    stuffed = sales.inv_kind == KIND_STUFFED
    in_fade = cust.churner[c] & (sales.inv_day >= cust.fade_start[c])
    near_stop = cust.churner[c] & (sales.inv_day >= cust.stop[c] - 120)

    terms = sales.inv_terms.astype(np.float64)
    early = rng.random(n) < cust.early_p[c]
    tail = rng.random(n) < 0.05
    late = (cust.late_days[c] * rng.gamma(0.8, 1.25, n) + np.where(tail, rng.uniform(60, 300, n), 0)
            + np.where(in_fade, rng.uniform(20, 60, n), 0) + np.where(stuffed, rng.uniform(20, 90, n), 0))
    delay = np.where(early, terms * rng.uniform(0.2, 1.0, n), terms + late)
    delay = np.maximum(np.round(delay), 0).astype(np.int64)

    p_bad = (0.008 + 0.05 * cust.risky[c] + 0.2 * near_stop + 0.04 * stuffed
             - 0.004 * (ctype == HOSPITAL))
    bad = rng.random(n) < p_bad
    # Bad debts are sometimes part-paid before the customer stops paying.
    due = money(np.maximum(sales.inv_total - credit_by_invoice, 0))
    paid_share = np.where(bad, np.where(rng.random(n) < 0.3, rng.uniform(0.1, 0.6, n), 0.0), 1.0)
    to_pay = money(due * paid_share)

    # Instalments: ~10% of paying invoices come in 2-3 parts spread over 15-60 days.
    parts = np.where((to_pay > 0) & (rng.random(n) < 0.1), rng.integers(2, 4, n), 1)
    parts = np.where(to_pay > 0, parts, 0)
    r_inv = np.repeat(np.arange(n), parts)
    k = np.arange(len(r_inv)) - np.repeat(np.cumsum(parts) - parts, parts)
    share = rng.dirichlet([3.0, 3.0, 3.0], len(r_inv))[np.arange(len(r_inv)), 0]
    last = k == parts[r_inv] - 1
    amount = np.where(last, 0.0, money(to_pay[r_inv] * share / parts[r_inv] * 1.5))
    paid_before = np.bincount(r_inv, weights=amount, minlength=n)
    amount = money(np.where(last, to_pay[r_inv] - paid_before[r_inv], amount))
    gap = np.where(k > 0, rng.integers(15, 61, len(r_inv)) * k, 0)
    off = sales.inv_day[r_inv] - tl.start + delay[r_inv] + gap
    day = tl.next_workday[np.clip(off, 0, tl.n_days)]
    keep = (day <= tl.end) & (amount > 0)
    r_inv, day, amount = r_inv[keep], day[keep], amount[keep]

    rc = c[r_inv]
    m = len(r_inv)
    big = amount > 50_000
    method = np.select(
        [rng.random(m) < np.where(big & (cust.ctype[rc] <= 1), 0.35, 0.12),
         rng.random(m) < np.where(cust.ctype[rc] == TERMINAL, 0.08, 0.02),
         rng.random(m) < 0.03],
        [1, 2, 3], 0)
    order = np.lexsort((r_inv, day))
    bad_inv = np.flatnonzero(bad & (due > 0))
    return Collections(
        day=day[order], cust=rc[order], inv=r_inv[order],
        allocated=(rng.random(m) >= 0.04)[order], amount=amount[order],
        method=method[order], method_missing=(rng.random(m) < 0.02)[order],
        bad_inv=bad_inv, bad_unpaid=money(due[bad_inv] - to_pay[bad_inv]),
    )
