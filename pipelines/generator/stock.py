"""Stock simulations: distributors' stock and sell-out, and the company warehouses.

Distributors (and agents) are simulated daily for their top `tracked_k` products: stock rises with
sell-in, falls with sell-out to terminals and with batch returns. Sell-out follows the underlying
end demand (the customer's buying intensity on a smooth calendar without month-end pushes),
normalised so that over the window it matches the distributor's ordinary sell-in, plus the
genuine demand behind innocent big orders. Stuffed volume is not backed by demand: it only drains
through a mild "overstock pressure" and batch returns, so sell-out stays slow after stuffing.

Company warehouses run a reorder-point policy per product with the supplier lead time; planted
supplier delays and thin safety stocks make some product-locations hit zero. Planted demand
spikes do the same at some distributors. Non-planted zeros happen naturally (lumpy demand).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pipelines.generator.catalogue import Catalogue
from pipelines.generator.customers import Customers
from pipelines.generator.naming import format_ids
from pipelines.generator.organisation import Organisation
from pipelines.generator.returns import BatchPlan
from pipelines.generator.sales import KIND_INNOCENT, KIND_ORDINARY, Sales, _active_offsets
from pipelines.generator.timeline import Timeline
from pipelines.generator.writer import money

LOC_WAREHOUSE, LOC_DISTRIBUTOR = 0, 1
_WAREHOUSE_OF_REGION = {
    2: np.array([0, 1, 0, 1, 1, 0, 0, 0]),
    3: np.array([0, 1, 2, 1, 1, 2, 2, 0]),
    4: np.array([0, 1, 2, 3, 1, 2, 3, 0]),
}


@dataclass
class Stock:
    warehouse_ids: pa.Array
    snap_day: np.ndarray
    snap_loc_type: np.ndarray
    snap_loc: np.ndarray  # warehouse index or customer index
    snap_prod: np.ndarray
    snap_qty: np.ndarray
    so_day: np.ndarray
    so_dist: np.ndarray
    so_terminal: np.ndarray  # customer index, -1 when not reported
    so_prod: np.ndarray
    so_qty: np.ndarray
    so_amount: np.ndarray
    so_amount_missing: np.ndarray
    batch_qty: np.ndarray  # batch returns the distributors could actually send back, per plan row
    out_loc_type: np.ndarray  # planted stock-outs that did hit zero
    out_loc: np.ndarray
    out_prod: np.ndarray
    out_cause: list[str]
    out_first_day: np.ndarray
    out_zero_snapshots: np.ndarray


def simulate_stock(tl: Timeline, org: Organisation, cust: Customers, cat: Catalogue, sales: Sales,
                   plan: BatchPlan, n_warehouses: int, rng: np.random.Generator) -> Stock:
    d = _distributors(tl, cust, cat, sales, plan, rng)
    w = _warehouses(tl, cust, cat, sales, n_warehouses, rng)
    return Stock(
        warehouse_ids=format_ids("WH", np.arange(1, n_warehouses + 1), 2),
        snap_day=np.concatenate([w["snap_day"], d["snap_day"]]),
        snap_loc_type=np.concatenate([np.full(len(w["snap_day"]), LOC_WAREHOUSE),
                                      np.full(len(d["snap_day"]), LOC_DISTRIBUTOR)]),
        snap_loc=np.concatenate([w["snap_loc"], d["snap_loc"]]),
        snap_prod=np.concatenate([w["snap_prod"], d["snap_prod"]]),
        snap_qty=np.concatenate([w["snap_qty"], d["snap_qty"]]),
        so_day=d["so_day"], so_dist=d["so_dist"], so_terminal=d["so_terminal"], so_prod=d["so_prod"],
        so_qty=d["so_qty"], so_amount=d["so_amount"], so_amount_missing=d["so_amount_missing"],
        batch_qty=d["batch_qty"],
        out_loc_type=np.concatenate([np.full(len(w["out_loc"]), LOC_WAREHOUSE),
                                     np.full(len(d["out_loc"]), LOC_DISTRIBUTOR)]),
        out_loc=np.concatenate([w["out_loc"], d["out_loc"]]),
        out_prod=np.concatenate([w["out_prod"], d["out_prod"]]),
        out_cause=list(w["out_cause"]) + list(d["out_cause"]),
        out_first_day=np.concatenate([w["out_first_day"], d["out_first_day"]]),
        out_zero_snapshots=np.concatenate([w["out_zero"], d["out_zero"]]),
    )


def _bounds(sorted_off: np.ndarray, n_days: int) -> np.ndarray:
    """Start index of each day in an array of day offsets sorted ascending (len n_days + 1)."""
    return np.searchsorted(sorted_off, np.arange(n_days + 1), side="left")


def _distributors(tl: Timeline, cust: Customers, cat: Catalogue, sales: Sales, plan: BatchPlan,
                  rng: np.random.Generator) -> dict[str, np.ndarray | list[str]]:
    k = sales.tracked_k
    stockists = np.flatnonzero(cust.stockist)
    rank = np.full(cust.n, -1)
    rank[stockists] = np.arange(len(stockists))
    n_pairs = len(stockists) * k
    p_cust = np.repeat(stockists, k)
    p_prod = cust.core[p_cust, np.tile(np.arange(k), len(stockists))]
    n_days, n_weeks, n_m = tl.n_days, tl.n_weeks, tl.n_months

    # Sell-in of tracked pairs; sales lines are already in date order.
    line_cust = sales.inv_cust[sales.line_inv]
    tracked = (rank[line_cust] >= 0) & (sales.line_core >= 0) & (sales.line_core < k)
    ti = np.flatnonzero(tracked)
    t_pair = rank[line_cust[ti]] * k + sales.line_core[ti]
    t_off = sales.inv_day[sales.line_inv[ti]] - tl.start
    t_qty = sales.qty[ti]
    t_kind = sales.inv_kind[sales.line_inv[ti]]
    del line_cust, tracked
    ordinary = t_kind == KIND_ORDINARY
    ordinary_in = np.bincount(t_pair[ordinary], weights=t_qty[ordinary], minlength=n_pairs)

    # Demand = base_pair x buying intensity of the month x smooth daily weight x weekly noise.
    lo_off, hi_off = _active_offsets(tl, cust)
    cdw = np.concatenate(([0.0], np.cumsum(tl.demand_weight)))
    prof = (sales.base[stockists] * (cdw[hi_off[stockists]] - cdw[lo_off[stockists]])).sum(axis=1)
    prof_pair = np.repeat(prof, k)
    base_pair = np.divide(ordinary_in, prof_pair, out=np.zeros(n_pairs), where=prof_pair > 0)
    intensity = sales.base[p_cust]  # (pairs x months)
    week_noise = rng.gamma(4.0, 0.25, (n_pairs, n_weeks))
    opened = cust.opened[p_cust]
    stop = np.minimum(cust.stop[p_cust], tl.end)
    active_days = np.maximum(stop - np.maximum(opened, tl.start) + 1, 1)
    daily = ordinary_in / active_days
    cover = rng.uniform(35, 70, n_pairs)  # days of demand a distributor likes to hold
    target = daily * cover
    stock = np.where(opened < tl.start, target * rng.uniform(0.7, 1.3, n_pairs), 0.0)

    # Innocent big orders carry real demand: it arrives over the next 20-60 days.
    inn = np.flatnonzero(t_kind == KIND_INNOCENT)
    span = rng.integers(20, 61, len(inn))
    b_pair = np.concatenate([t_pair[inn], t_pair[inn]])
    b_off = np.concatenate([t_off[inn] + 1, t_off[inn] + 1 + span])
    b_delta = np.concatenate([t_qty[inn] / span, -t_qty[inn] / span])
    order = np.argsort(b_off, kind="stable")
    b_pair, b_off, b_delta = b_pair[order], b_off[order], b_delta[order]

    # Planted demand spikes ending on a month end, so the month-end count sees the shelf empty.
    n_spike = max(2, round(0.03 * n_pairs))
    buying = np.flatnonzero(ordinary_in > 0)
    s_pair = rng.choice(buying, min(n_spike, len(buying)), replace=False)
    s_month = rng.integers(2, n_m, len(s_pair))
    s_end = tl.month_end[s_month]
    s_start = s_end - rng.integers(14, 31, len(s_pair)) + 1
    ok = (opened[s_pair] <= s_start - 60) & (stop[s_pair] >= s_end + 1)
    s_pair, s_start, s_end = s_pair[ok], s_start[ok], s_end[ok]
    s_mult = rng.uniform(6, 12, len(s_pair))
    spike_on = np.zeros(n_pairs, dtype=bool)
    spike_on[s_pair] = True

    r_line = plan.line
    r_pair = rank[sales.inv_cust[sales.line_inv[r_line]]] * k + sales.line_core[r_line]
    r_off = plan.day - tl.start
    batch_qty = np.zeros(len(r_line))

    t_b, b_b, r_b = _bounds(t_off, n_days), _bounds(b_off, n_days), _bounds(r_off, n_days)
    s0_b, s1_b = np.argsort(s_start - tl.start), np.argsort(s_end - tl.start)
    s0_off, s1_off = (s_start - tl.start)[s0_b], (s_end - tl.start + 1)[s1_b]
    s0_bd, s1_bd = _bounds(s0_off, n_days), _bounds(s1_off, n_days)

    bump = np.zeros(n_pairs)
    mult = np.ones(n_pairs)
    out_week = np.zeros((n_pairs, n_weeks))
    snap = np.zeros((n_pairs, n_m))
    month_end_off = tl.month_end - tl.start
    safe_target = np.where(target > 0, target, 1.0)
    for d in range(n_days):
        day = tl.start + d
        m, w = tl.month_of_day[d], tl.week_of_day[d]
        if t_b[d + 1] > t_b[d]:
            np.add.at(stock, t_pair[t_b[d]:t_b[d + 1]], t_qty[t_b[d]:t_b[d + 1]])
        if b_b[d + 1] > b_b[d]:
            np.add.at(bump, b_pair[b_b[d]:b_b[d + 1]], b_delta[b_b[d]:b_b[d + 1]])
        if s0_bd[d + 1] > s0_bd[d]:
            idx = s0_b[s0_bd[d]:s0_bd[d + 1]]
            mult[s_pair[idx]] = s_mult[idx]
        if s1_bd[d + 1] > s1_bd[d]:
            mult[s_pair[s1_b[s1_bd[d]:s1_bd[d + 1]]]] = 1.0
        active = (opened <= day) & (day <= stop)
        demand = (base_pair * intensity[:, m] * tl.demand_weight[d] * week_noise[:, w] * mult
                  + np.maximum(bump, 0)) * active
        # Distributors ration thin stock and push overstock a little harder (slowly draining stuffed
        # goods); this stands in for reordering, since sell-in was drawn before the simulation.
        pressure = np.where(spike_on & (mult > 1), 1.0, np.clip(stock / safe_target, 0.0, 1.3))
        out = np.minimum(stock, demand * pressure)
        stock -= out
        out_week[:, w] += out
        for i in range(r_b[d], r_b[d + 1]):  # few per day; sequential so repeats of a pair are capped right
            got = min(stock[r_pair[i]], plan.qty[i])
            stock[r_pair[i]] -= got
            batch_qty[i] = np.floor(got)
        if d == month_end_off[m]:
            snap[:, m] = stock

    # Month-end counts from the first delivery of the product while the distributor is a customer.
    first_in = np.full(n_pairs, tl.end + 1)
    np.minimum.at(first_in, t_pair, t_off + tl.start)
    first_in = np.where(opened < tl.start, np.minimum(first_in, tl.start), first_in)
    me, ms = tl.month_end[None, :], tl.month_start[None, :]
    alive = (first_in[:, None] <= me) & (stop[:, None] >= ms)
    pi, mi = np.nonzero(alive)
    snap_qty = np.round(snap[pi, mi])

    # A planted spike counts when the shelf is empty at a month end from the spike on.
    zero = alive & (np.round(snap) == 0)
    caused = zero[s_pair] & (tl.month_end[None, :] >= s_start[:, None])
    hit = caused.any(axis=1)
    first = np.argmax(caused, axis=1)
    spiked = s_pair[hit]

    # Weekly sell-out lines, dated on a day of the week the distributor was active.
    so_qty = np.round(out_week)
    wp, ww = np.nonzero(so_qty >= 1)
    week0 = tl.start - int(tl.weekday[0])
    lo = np.maximum(np.maximum(week0 + 7 * ww, tl.start), opened[wp])
    hi = np.minimum(np.minimum(week0 + 7 * ww + 6, tl.end), stop[wp])
    so_day = lo + np.floor(rng.random(len(wp)) * (np.maximum(hi, lo) - lo + 1)).astype(np.int64)
    so_dist = p_cust[wp]
    qty = so_qty[wp, ww]
    terminal = _terminals(cust, so_dist, rng)
    resale = cat.list_price[p_prod[wp]] * (1 - cust.discount[so_dist]) * 1.08
    order = np.lexsort((p_prod[wp], so_dist, so_day))
    return {
        "snap_day": tl.month_end[mi], "snap_loc": p_cust[pi], "snap_prod": p_prod[pi], "snap_qty": snap_qty,
        "so_day": so_day[order], "so_dist": so_dist[order], "so_terminal": terminal[order],
        "so_prod": p_prod[wp][order], "so_qty": qty[order], "so_amount": money(qty * resale)[order],
        "so_amount_missing": rng.random(len(wp)) < 0.06,
        "batch_qty": batch_qty,
        "out_loc": p_cust[spiked], "out_prod": p_prod[spiked], "out_cause": ["demand_spike"] * len(spiked),
        "out_first_day": tl.month_end[first[hit]], "out_zero": zero[spiked].sum(axis=1),
    }


def _terminals(cust: Customers, dist: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A terminal supplied by the distributor, or -1 when the line does not name one (~15%)."""
    kids = np.flatnonzero(cust.parent >= 0)
    kids = kids[np.argsort(cust.parent[kids], kind="stable")]
    count = np.bincount(cust.parent[kids], minlength=cust.n)
    first = np.concatenate(([0], np.cumsum(count)[:-1]))
    n = count[dist]
    pick = first[dist] + np.floor(rng.random(len(dist)) * np.maximum(n, 1)).astype(np.int64)
    named = (n > 0) & (rng.random(len(dist)) >= 0.15)
    return np.where(named, kids[np.minimum(pick, max(len(kids) - 1, 0))] if len(kids) else -1, -1)


def _warehouses(tl: Timeline, cust: Customers, cat: Catalogue, sales: Sales, n_wh: int,
                rng: np.random.Generator) -> dict[str, np.ndarray | list[str]]:
    n_days, n_p = tl.n_days, cat.n
    wh_of_cust = _WAREHOUSE_OF_REGION[n_wh][cust.region]
    line_wh = wh_of_cust[sales.inv_cust[sales.line_inv]]
    key = (line_wh * n_p + sales.line_prod) * n_days + (sales.inv_day[sales.line_inv] - tl.start)
    demand = np.bincount(key, weights=sales.qty, minlength=n_wh * n_p * n_days).reshape(n_wh * n_p, n_days)
    del line_wh, key
    n_pairs = n_wh * n_p
    prod = np.tile(np.arange(n_p), n_wh)
    lead = cat.lead_time[prod]
    z = rng.uniform(2.6, 3.6, n_pairs)  # safety stock in standard deviations of daily demand
    volume = demand.sum(axis=1)

    # Planted: supplier delays (orders in a 45-day window arrive 30-70 days late) and thin safety stock.
    sold = volume > 0
    busy = np.flatnonzero(volume >= np.median(volume[sold])) if sold.any() else np.arange(n_pairs)
    planted = rng.choice(busy, min(max(2, round(0.04 * n_pairs)), len(busy)), replace=False)
    delay = rng.random(len(planted)) < 0.7
    cause = np.where(delay, "supplier_delay", "low_safety_stock")
    z[planted[~delay]] = rng.uniform(0.0, 0.3, int((~delay).sum()))
    delay_from = np.full(n_pairs, n_days + 1)
    delay_to = np.full(n_pairs, -1)
    delay_from[planted[delay]] = rng.integers(60, n_days - 150, int(delay.sum()))
    delay_to[planted[delay]] = delay_from[planted[delay]] + 45
    extra = rng.integers(30, 71, n_pairs)

    # Planner's view: smoothed daily demand and its variance, scaled by the known selling calendar
    # (month- and quarter-end peaks, New Year lull) over the lead time.
    weight = tl.sales_weight / tl.sales_weight.mean()
    horizon = n_days + int(lead.max()) + 80
    cumw = np.concatenate(([0.0], np.cumsum(np.concatenate([weight, np.ones(horizon - n_days)]))))
    forecast = demand[:, :56].mean(axis=1) + 1e-9
    variance = demand[:, :56].var(axis=1)
    stock = forecast * (lead + 20) + z * np.sqrt(variance * lead)
    on_order = np.zeros(n_pairs)
    arrivals = np.zeros((n_pairs, horizon))
    snap_days = np.flatnonzero((tl.weekday == 6) | np.isin(tl.days, tl.month_end))
    snaps = np.zeros((n_pairs, len(snap_days)))
    snap_pos = np.full(n_days, -1)
    snap_pos[snap_days] = np.arange(len(snap_days))
    rows = np.arange(n_pairs)
    for d in range(n_days):
        stock += arrivals[:, d]
        on_order -= arrivals[:, d]
        # Unmet demand is shipped from another warehouse, not backordered here.
        stock = np.maximum(stock - demand[:, d], 0.0)
        dev = demand[:, d] - forecast
        forecast += dev / 56
        variance += (dev * dev - variance) / 56
        recent = (cumw[d + 1] - cumw[max(d - 55, 0)]) / min(d + 1, 56)
        rate = forecast / recent
        reorder = rate * (cumw[d + 1 + lead] - cumw[d + 1]) + z * np.sqrt(variance * lead)
        position = stock + on_order
        need = position < reorder
        if need.any():
            cycle = rate * (cumw[d + 46 + lead] - cumw[d + 1 + lead])
            qty = np.round(reorder + cycle - position)[need]
            idx = rows[need]
            late = (delay_from[idx] <= d) & (d <= delay_to[idx])
            arrivals[idx, d + lead[idx] + np.where(late, extra[idx], 0)] += qty
            on_order[idx] += qty
        if snap_pos[d] >= 0:
            snaps[:, snap_pos[d]] = stock

    snap_qty = np.round(snaps)
    zero = snap_qty[planted] == 0
    # A planted delay counts when stock runs out after the delayed orders were placed.
    caused = zero & ((snap_days[None, :] >= delay_from[planted][:, None]) | ~delay[:, None])
    hit = caused.any(axis=1)
    first = np.argmax(caused, axis=1)
    pi, si = np.divmod(np.arange(n_pairs * len(snap_days)), len(snap_days))
    return {
        "snap_day": tl.days[snap_days][si], "snap_loc": pi // n_p, "snap_prod": prod[pi],
        "snap_qty": snap_qty.ravel(),
        "out_loc": planted[hit] // n_p, "out_prod": prod[planted[hit]], "out_cause": cause[hit].tolist(),
        "out_first_day": tl.days[snap_days][first[hit]], "out_zero": zero[hit].sum(axis=1),
    }
