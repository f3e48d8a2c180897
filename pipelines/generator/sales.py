"""Sell-in: invoices and invoice lines, including planted channel stuffing at quarter ends.

Per customer x month an invoice count is drawn from a Poisson whose rate combines the customer's
buying rate, the calendar (pushes, holidays, season, growth), the customer's own trend and noisy
momentum, dormant spells and, for churners, the fade. Invoice dates are drawn inside the month by
inverse CDF over the daily sell-in weights, never before the account opened or after it stopped.

Stuffing (planted): ~8% of distributor/agent x quarter-end months get extra, large invoices in the
last days of the month with deeper discounts and longer terms, followed by weaker ordering
(destocking). Innocent big quarter-end orders (genuine demand, selling through) are generated the
same way with overlapping, milder terms so the two are not trivially separable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pipelines.generator.catalogue import Catalogue
from pipelines.generator.config import Sizing
from pipelines.generator.customers import AGENT, Customers
from pipelines.generator.naming import format_ids
from pipelines.generator.organisation import ROLE_REP, Organisation
from pipelines.generator.timeline import Timeline
from pipelines.generator.writer import money

KIND_ORDINARY, KIND_STUFFED, KIND_INNOCENT = 0, 1, 2
STUFFED_SHARE = 0.08
INNOCENT_SHARE = 0.06

# Lines per invoice (1..8) by customer type.
_LINES_P = np.array([
    [0.10, 0.12, 0.14, 0.15, 0.15, 0.13, 0.11, 0.10],
    [0.12, 0.14, 0.15, 0.15, 0.14, 0.12, 0.10, 0.08],
    [0.45, 0.25, 0.14, 0.08, 0.04, 0.02, 0.01, 0.01],
    [0.25, 0.22, 0.18, 0.13, 0.09, 0.06, 0.04, 0.03],
    [0.45, 0.25, 0.14, 0.08, 0.04, 0.02, 0.01, 0.01],
    [0.50, 0.25, 0.12, 0.06, 0.03, 0.02, 0.01, 0.01],
])
_TYPE_QTY = np.array([120.0, 80.0, 8.0, 30.0, 10.0, 20.0])
_YEAR_PRICE = {2023: 0.96, 2024: 0.97, 2025: 0.99, 2026: 1.0}


@dataclass
class Sales:
    tracked_k: int  # distributors' top products followed in sell-out and stock
    base: np.ndarray  # (customers x months) buying intensity per unit of calendar weight, pre-destocking
    fade: np.ndarray  # (customers x months) churn fade multiplier
    # Events: stuffed and innocent big quarter-end orders.
    event_cust: np.ndarray
    event_month: np.ndarray
    event_kind: np.ndarray
    # Invoices, sorted by date.
    inv_ids: pa.Array
    inv_day: np.ndarray
    inv_cust: np.ndarray
    inv_rep: np.ndarray
    inv_kind: np.ndarray
    inv_event: np.ndarray  # event index, -1 for ordinary invoices
    inv_terms: np.ndarray
    inv_terms_missing: np.ndarray
    inv_total: np.ndarray
    # Lines, in invoice order.
    line_inv: np.ndarray
    line_no: np.ndarray
    line_prod: np.ndarray
    line_core: np.ndarray  # position in the customer's product list, -1 when bought off-list
    qty: np.ndarray
    price: np.ndarray
    disc: np.ndarray
    amount: np.ndarray

    @property
    def n_lines(self) -> int:
        return len(self.line_inv)


def tracked_k(sizing: Sizing, n_stockists: int, n_weeks: int) -> int:
    """How many top products per distributor get sell-out and stock, keeping sell-out rows <= sales lines."""
    k = int(0.8 * sizing.target_lines / max(1, n_stockists * n_weeks * 0.85))
    return int(np.clip(k, 3, 10))


def build_sales(sizing: Sizing, tl: Timeline, org: Organisation, cust: Customers, cat: Catalogue,
                rng: np.random.Generator) -> Sales:
    n_c, n_m = cust.n, tl.n_months
    k_track = tracked_k(sizing, int(cust.stockist.sum()), tl.n_weeks)
    lo_off, hi_off = _active_offsets(tl, cust)
    cw = tl.cum_sales_weight
    weight = (cw[hi_off] - cw[lo_off]) / (cw[-1] / n_m)

    mid = (tl.month_start + tl.month_end) / 2.0
    frac = np.clip((mid[None, :] - cust.fade_start[:, None]) /
                   np.maximum(cust.stop - cust.fade_start, 1)[:, None], 0, 1)
    fade = np.where(cust.churner[:, None], 1 - (1 - cust.fade_floor[:, None]) * frac, 1.0)
    dormant = (cust.dormant_start[:, None] <= mid[None, :]) & (mid[None, :] <= cust.dormant_end[:, None])
    momentum = _ar1_noise(rng, n_c, n_m, sigma=0.35, rho=0.5)
    trend = np.exp(cust.growth[:, None] * tl.years_since_start(mid)[None, :])
    base = cust.rate[:, None] * fade**0.7 * np.where(dormant, 0.03, 1.0) * momentum * trend

    ev_cust, ev_month, ev_kind = _pick_events(tl, cust, lo_off, hi_off, rng)
    intensity = base * weight
    after = ev_month + 1 < n_m
    stuffed = ev_kind == KIND_STUFFED
    # Destocking: a stuffed distributor orders much less for a month or two; innocent ones dip a little.
    dip1 = np.where(stuffed, rng.uniform(0.35, 0.7, len(ev_cust)), rng.uniform(0.75, 1.0, len(ev_cust)))
    intensity[ev_cust[after], ev_month[after] + 1] *= dip1[after]
    after2 = stuffed & (ev_month + 2 < n_m)
    intensity[ev_cust[after2], ev_month[after2] + 2] *= rng.uniform(0.7, 0.95, int(after2.sum()))

    exp_lines = _expected_lines(cust)
    event_lines = len(ev_cust) * 1.5 * (k_track * 0.75)
    scale = max(sizing.target_lines - event_lines, 0.1 * sizing.target_lines) / max(
        float((intensity * exp_lines[:, None]).sum()), 1e-9)
    counts = rng.poisson(intensity * scale)

    # Ordinary invoices: dates by inverse CDF over the daily sell-in weights of the active part of the month.
    cm = np.repeat(np.flatnonzero(counts.ravel()), counts.ravel()[counts.ravel() > 0])
    o_cust, o_month = cm // n_m, cm % n_m
    a, b = cw[lo_off[o_cust, o_month]], cw[hi_off[o_cust, o_month]]
    off = np.searchsorted(cw, a + rng.random(len(cm)) * (b - a), side="right") - 1
    off = np.clip(off, lo_off[o_cust, o_month], hi_off[o_cust, o_month] - 1)
    o_day = tl.start + off

    # Event invoices in the last days of the quarter-end month.
    n_ev_inv = np.where(ev_kind == KIND_STUFFED, 1 + np.minimum(rng.poisson(0.7, len(ev_cust)), 2),
                        1 + (rng.random(len(ev_cust)) < 0.3))
    e_event = np.repeat(np.arange(len(ev_cust)), n_ev_inv)
    e_stuffed = ev_kind[e_event] == KIND_STUFFED
    u = rng.random(len(e_event))
    spread = np.where(e_stuffed, np.where(rng.random(len(e_event)) < 0.8, 5 * u**1.6, 8 * u), 10 * u**1.2)
    e_day = tl.month_end[ev_month[e_event]] - np.floor(spread).astype(np.int64)

    day = np.concatenate([o_day, e_day])
    icust = np.concatenate([o_cust, ev_cust[e_event]])
    imonth = np.concatenate([o_month, ev_month[e_event]])
    kind = np.concatenate([np.zeros(len(o_day), dtype=np.int64), ev_kind[e_event]])
    event = np.concatenate([np.full(len(o_day), -1), e_event])
    order = np.lexsort((rng.random(len(day)), kind, icust, day))
    day, icust, imonth, kind, event = day[order], icust[order], imonth[order], kind[order], event[order]
    n_inv = len(day)

    rep = cust.rep_on(icust, day, org)
    # Now and then a field rep's manager closes the deal and is credited.
    by_manager = (kind == KIND_ORDINARY) & (rng.random(n_inv) < 0.01) & (org.role[rep] == ROLE_REP)
    rep = np.where(by_manager, org.manager[rep], rep)

    to_end = tl.month_end[imonth] - day
    quarter_push = (tl.month_month[imonth] % 3 == 0) & (to_end <= 4) & (kind == KIND_ORDINARY)
    month_push = (to_end <= 4) & ~quarter_push & (kind == KIND_ORDINARY)
    disc = _invoice_discounts(cust, icust, kind, quarter_push, month_push, rng)
    terms, terms_missing = _invoice_terms(cust, icust, kind, quarter_push, rng)

    # Lines per invoice; event invoices spread over the distributor's tracked top products.
    n_lines = np.zeros(n_inv, dtype=np.int64)
    ordinary = kind == KIND_ORDINARY
    ctype = cust.ctype[icust]
    u = rng.random(n_inv)
    for t in range(6):
        m = ordinary & (ctype == t)
        n_lines[m] = 1 + np.searchsorted(np.cumsum(_LINES_P[t])[:-1], u[m], side="right")
    n_lines = np.where(ordinary, np.minimum(n_lines, cust.core_n[icust]),
                       rng.integers(max(2, k_track // 2), min(k_track, 8) + 1, n_inv))
    first = np.concatenate(([0], np.cumsum(n_lines)[:-1]))
    total = int(n_lines.sum())
    # 32-bit line columns keep scale 10 (10M lines) within a modest memory budget.
    line_inv = np.repeat(np.arange(n_inv, dtype=np.int32), n_lines)
    line_no = (np.arange(total, dtype=np.int64) - first[line_inv] + 1).astype(np.int32)

    lc = icust[line_inv]
    l_ord = ordinary[line_inv]
    start = np.where(ordinary, np.floor(cust.core_n[icust] * rng.random(n_inv) ** 2),
                     rng.integers(0, k_track, n_inv)).astype(np.int64)
    span = np.where(l_ord, cust.core_n[lc], k_track)
    core_pos = ((start[line_inv] + line_no - 1) % span).astype(np.int32)
    prod = cust.core[lc, core_pos]
    off_list = l_ord & (rng.random(total) < 0.12)
    n_off = int(off_list.sum())
    prod[off_list] = np.searchsorted(np.cumsum(cat.popularity)[:-1], rng.random(n_off), side="right")
    core_pos = np.where(off_list, -1, core_pos)
    del lc

    qty = _line_quantities(tl, cust, cat, fade, icust, imonth, kind, event, quarter_push, month_push,
                           line_inv, prod, core_pos, k_track, len(ev_cust), rng)

    inv_year = tl.month_year[imonth]
    year_factor = np.select([inv_year == y for y in _YEAR_PRICE], list(_YEAR_PRICE.values()), 1.0)
    price = np.round(cat.list_price[prod] * year_factor[line_inv], 2)
    line_disc = disc[line_inv]
    tweak = rng.random(total) < 0.1
    tweaked = np.clip(line_disc + rng.choice([-0.01, 0.01, 0.02], total), 0, 0.45)
    line_disc = np.where(tweak, tweaked, line_disc)
    line_disc = np.round(line_disc * 200) / 200
    amount = money(qty * price * (1 - line_disc))
    inv_total = money(np.bincount(line_inv, weights=amount, minlength=n_inv))

    seq = np.arange(n_inv) - np.searchsorted(inv_year, inv_year) + 1
    inv_ids = format_ids("INV", inv_year * 10_000_000 + seq, 11)
    return Sales(
        tracked_k=k_track, base=base, fade=fade,
        event_cust=ev_cust, event_month=ev_month, event_kind=ev_kind,
        inv_ids=inv_ids, inv_day=day, inv_cust=icust, inv_rep=rep, inv_kind=kind, inv_event=event,
        inv_terms=terms, inv_terms_missing=terms_missing, inv_total=inv_total,
        line_inv=line_inv, line_no=line_no, line_prod=prod, line_core=core_pos, qty=qty, price=price,
        disc=line_disc, amount=amount,
    )


def _active_offsets(tl: Timeline, cust: Customers) -> tuple[np.ndarray, np.ndarray]:
    """Per customer x month, [lo, hi) day offsets in which the customer may buy."""
    ms, me = tl.month_start[None, :], tl.month_end[None, :]
    lo = np.clip(cust.opened[:, None], ms, me + 1)
    hi = np.clip(np.minimum(cust.stop, tl.end)[:, None] + 1, ms, me + 1)
    hi = np.maximum(hi, lo)
    return lo - tl.start, hi - tl.start


def _ar1_noise(rng: np.random.Generator, n: int, m: int, sigma: float, rho: float) -> np.ndarray:
    """Mean-one lognormal noise with month-to-month persistence (good and bad spells)."""
    z = np.empty((n, m))
    z[:, 0] = rng.normal(0, sigma, n)
    eps = rng.normal(0, sigma * np.sqrt(1 - rho**2), (n, m))
    for j in range(1, m):
        z[:, j] = rho * z[:, j - 1] + eps[:, j]
    return np.exp(z - sigma**2 / 2)


def _pick_events(tl: Timeline, cust: Customers, lo_off: np.ndarray, hi_off: np.ndarray,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distributor x quarter-end months getting stuffed or innocent big orders."""
    quarter_end = np.flatnonzero(tl.month_month % 3 == 0)
    stockist = np.flatnonzero(cust.ctype <= AGENT)
    c = np.repeat(stockist, len(quarter_end))
    m = np.tile(quarter_end, len(stockist))
    # Established (open 60+ days), active all month and still buying 60 days later.
    eligible = ((cust.opened[c] <= tl.month_start[m] - 60) & (hi_off[c, m] - lo_off[c, m] == tl.month_end[m]
                - tl.month_start[m] + 1) & (np.minimum(cust.stop[c], tl.end + 60) >= tl.month_end[m] + 60))
    c, m = c[eligible], m[eligible]
    u = rng.random(len(c))
    innocent = np.where(u < STUFFED_SHARE + INNOCENT_SHARE, KIND_INNOCENT, -1)
    kind = np.where(u < STUFFED_SHARE, KIND_STUFFED, innocent)
    keep = kind >= 0
    return c[keep], m[keep], kind[keep]


def _expected_lines(cust: Customers) -> np.ndarray:
    sizes = np.arange(1, 9)
    return (_LINES_P[cust.ctype] * np.minimum(sizes[None, :], cust.core_n[:, None])).sum(axis=1)


def _invoice_discounts(cust: Customers, icust: np.ndarray, kind: np.ndarray, quarter_push: np.ndarray,
                       month_push: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = len(icust)
    base = cust.discount[icust]
    d = np.where(base > 0, base + rng.normal(0, 0.008, n),
                 np.where(rng.random(n) < 0.15, rng.uniform(0.01, 0.05, n), 0.0))
    d = d + np.where(quarter_push & (rng.random(n) < 0.4), rng.uniform(0.02, 0.08, n), 0.0)
    d = d + np.where(month_push & (rng.random(n) < 0.2), rng.uniform(0.01, 0.04, n), 0.0)
    d = d + np.where(kind == KIND_STUFFED, rng.uniform(0.03, 0.15, n), 0.0)
    d = d + np.where(kind == KIND_INNOCENT, rng.uniform(0.0, 0.07, n), 0.0)
    return np.round(np.clip(d, 0, 0.45) * 200) / 200


def _invoice_terms(cust: Customers, icust: np.ndarray, kind: np.ndarray, quarter_push: np.ndarray,
                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n = len(icust)
    credit = np.where(cust.credit_missing[icust], 30, cust.credit_days[icust])
    terms = credit + np.where(rng.random(n) < 0.1, rng.choice([-15, 15, 30], n), 0)
    terms = terms + np.where(quarter_push & (rng.random(n) < 0.25), 30, 0)
    terms = terms + np.where(kind == KIND_STUFFED, rng.choice([30, 60, 90], n, p=[0.45, 0.4, 0.15]), 0)
    terms = terms + np.where(kind == KIND_INNOCENT, rng.choice([0, 30, 60], n, p=[0.55, 0.35, 0.1]), 0)
    return np.clip(terms, 0, 365), rng.random(n) < 0.01


def _line_quantities(tl: Timeline, cust: Customers, cat: Catalogue, fade: np.ndarray, icust: np.ndarray,
                     imonth: np.ndarray, kind: np.ndarray, event: np.ndarray, quarter_push: np.ndarray,
                     month_push: np.ndarray, line_inv: np.ndarray, prod: np.ndarray, core_pos: np.ndarray,
                     k_track: int, n_events: int, rng: np.random.Generator) -> np.ndarray:
    total = len(line_inv)
    c = icust[line_inv]
    push = np.where(quarter_push, 1.25, np.where(month_push, 1.1, 1.0))
    inv_factor = (_TYPE_QTY[cust.ctype[icust]] * cust.size[icust] * fade[icust, imonth] ** 0.3 * push)
    q = inv_factor[line_inv] * cat.qty_factor[prod] * rng.lognormal(0, 0.55, total)
    stockist = cust.ctype[c] <= AGENT
    q = np.where(stockist & (q >= 30), np.round(q / 10) * 10, np.ceil(q))
    q = np.maximum(q, 1.0)

    # Event lines: a multiple of the distributor's usual monthly volume of that product.
    ev_line = kind[line_inv] != KIND_ORDINARY
    tracked = ~ev_line & (core_pos >= 0) & (core_pos < k_track) & stockist
    pair = c * k_track + np.where(core_pos >= 0, core_pos, 0)
    monthly = np.bincount(pair[tracked], weights=q[tracked], minlength=cust.n * k_track)
    months_open = np.maximum((tl.end - np.maximum(cust.opened, tl.start)) / 30.4, 1.0)
    monthly = monthly / np.repeat(months_open, k_track)
    ev_lines = np.flatnonzero(ev_line)
    ev_of_line = event[line_inv[ev_lines]]
    n_inv_of_event = np.bincount(event[event >= 0], minlength=n_events)
    stuffed = kind[line_inv[ev_lines]] == KIND_STUFFED
    mult = np.where(stuffed, rng.uniform(2.0, 5.0, len(ev_lines)), rng.uniform(1.5, 3.5, len(ev_lines)))
    usual = monthly[pair[ev_lines]]
    fallback = q[ev_lines] * rng.uniform(3, 8, len(ev_lines))
    eq = np.where(usual > 0, usual * mult / n_inv_of_event[ev_of_line], fallback)
    q[ev_lines] = np.maximum(np.where(eq >= 30, np.round(eq / 10) * 10, np.ceil(eq)), 1.0)
    return q
