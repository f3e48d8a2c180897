"""Returns: small sporadic returns (damaged, expired, quality) and large batch returns (unsold).

Batch returns are planned before the stock simulation (which caps them at what the distributor
still holds): most stuffed quarter-ends are followed within 60 days by an `unsold` batch return,
but so are a few innocent big orders and some ordinary distributor months (noise).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.generator.customers import AGENT, Customers
from pipelines.generator.sales import KIND_ORDINARY, KIND_STUFFED, Sales
from pipelines.generator.timeline import Timeline
from pipelines.generator.writer import money

REASONS = ("unsold", "expired", "damaged", "quality", "other")
UNSOLD, EXPIRED, DAMAGED, QUALITY, OTHER = range(5)
STUFFED_RETURN_P = 0.65


@dataclass
class BatchPlan:
    line: np.ndarray  # sales line the goods came from
    day: np.ndarray
    qty: np.ndarray  # planned; the stock simulation caps it
    reason: np.ndarray
    event: np.ndarray  # stuffing/innocent event index, -1 otherwise


@dataclass
class Returns:
    day: np.ndarray
    cust: np.ndarray
    prod: np.ndarray
    qty: np.ndarray
    amount: np.ndarray
    batch: np.ndarray
    reason: np.ndarray
    inv: np.ndarray  # original invoice index
    inv_known: np.ndarray
    returned_events: np.ndarray  # stuffing events followed by a batch return
    credit_by_invoice: np.ndarray  # credited value per invoice (offsets what the customer pays)


def plan_batch_returns(tl: Timeline, cust: Customers, sales: Sales, rng: np.random.Generator) -> BatchPlan:
    kind = sales.inv_kind[sales.line_inv]
    event = sales.inv_event[sales.line_inv]
    day = sales.inv_day[sales.line_inv]
    n_ev = len(sales.event_cust)

    # Stuffed: most events come back within 60 days; innocent big orders rarely.
    ev_returns = rng.random(n_ev) < np.where(sales.event_kind == KIND_STUFFED, STUFFED_RETURN_P, 0.06)
    ev_lines = np.flatnonzero((kind != KIND_ORDINARY) & (event >= 0))
    ev_lines = ev_lines[ev_returns[event[ev_lines]] & (rng.random(len(ev_lines)) < 0.7)]
    stuffed = kind[ev_lines] == KIND_STUFFED
    share = np.where(stuffed, rng.uniform(0.2, 0.6, len(ev_lines)), rng.uniform(0.05, 0.2, len(ev_lines)))
    ev_day = sales.inv_day[sales.line_inv[ev_lines]]
    # One return date per event so the batch comes back together.
    lag_of_event = rng.integers(12, 59, n_ev)
    ev_ret_day = ev_day + lag_of_event[event[ev_lines]]
    ev_reason = np.where(stuffed, rng.choice([UNSOLD, EXPIRED, OTHER], len(ev_lines), p=[0.88, 0.05, 0.07]),
                         rng.choice([UNSOLD, QUALITY], len(ev_lines), p=[0.7, 0.3]))

    # Noise: ordinary distributor lines of their top products sent back in bulk.
    stockist = cust.ctype[sales.inv_cust[sales.line_inv]] <= AGENT
    top = (sales.line_core >= 0) & (sales.line_core < sales.tracked_k)
    cand = np.flatnonzero((kind == KIND_ORDINARY) & stockist & top)
    o_lines = cand[rng.random(len(cand)) < 0.004]
    o_day = day[o_lines] + rng.integers(20, 121, len(o_lines))
    o_reason = rng.choice([UNSOLD, EXPIRED, QUALITY], len(o_lines), p=[0.5, 0.35, 0.15])

    lines = np.concatenate([ev_lines, o_lines])
    ret_day = np.concatenate([ev_ret_day, o_day])
    share = np.concatenate([share, rng.uniform(0.3, 0.8, len(o_lines))])
    keep = ret_day <= tl.end
    qty = np.maximum(np.floor(sales.qty[lines] * share), 1.0)
    order = np.argsort(ret_day[keep], kind="stable")
    return BatchPlan(
        line=lines[keep][order],
        day=ret_day[keep][order],
        qty=qty[keep][order],
        reason=np.concatenate([ev_reason, o_reason])[keep][order],
        event=np.concatenate([event[ev_lines], np.full(len(o_lines), -1)])[keep][order],
    )


def build_returns(tl: Timeline, sales: Sales, plan: BatchPlan, batch_qty: np.ndarray,
                  rng: np.random.Generator) -> Returns:
    """Sporadic returns drawn from all lines plus the batch returns the stock could cover."""
    n = sales.n_lines
    sp = np.flatnonzero(rng.random(n) < 0.012)
    reason = rng.choice([DAMAGED, EXPIRED, QUALITY, OTHER], len(sp), p=[0.35, 0.25, 0.25, 0.15])
    lag = np.select(
        [reason == DAMAGED, reason == EXPIRED, reason == QUALITY],
        [rng.integers(2, 31, len(sp)), rng.integers(150, 541, len(sp)), rng.integers(10, 121, len(sp))],
        rng.integers(5, 91, len(sp)),
    )
    sp_day = sales.inv_day[sales.line_inv[sp]] + lag
    # A few damaged or faulty boxes, not a share of a big distributor order.
    sp_qty = np.round(sales.qty[sp] * rng.beta(1.2, 12, len(sp)))
    sp_qty = np.minimum(np.clip(sp_qty, 1.0, 40.0), sales.qty[sp])
    keep = sp_day <= tl.end
    sp, sp_day, sp_qty, reason = sp[keep], sp_day[keep], sp_qty[keep], reason[keep]

    got = batch_qty >= 1
    lines = np.concatenate([sp, plan.line[got]])
    qty = np.concatenate([sp_qty, np.floor(batch_qty[got])])
    net_unit = sales.price[lines] * (1 - sales.disc[lines])
    amount = money(qty * net_unit)
    inv = sales.line_inv[lines]
    day = np.concatenate([sp_day, plan.day[got]])
    batch = np.concatenate([np.zeros(len(sp), dtype=bool), np.ones(int(got.sum()), dtype=bool)])
    order = np.lexsort((lines, day))
    returned_events = np.unique(plan.event[got & (plan.event >= 0)])
    credit = np.bincount(inv[batch], weights=amount[batch], minlength=len(sales.inv_day))
    return Returns(
        day=day[order],
        cust=sales.inv_cust[inv][order],
        prod=sales.line_prod[lines][order],
        qty=qty[order],
        amount=amount[order],
        batch=batch[order],
        reason=np.concatenate([reason, plan.reason[got]])[order],
        inv=inv[order],
        inv_known=(rng.random(len(inv)) < np.where(batch, 0.85, 0.7))[order],
        returned_events=returned_events[sales.event_kind[returned_events] == KIND_STUFFED],
        credit_by_invoice=credit,
    )

