"""Expenses with approval trail and regime, and the monthly budgets by region x category.

Vouchers have typical amounts per category (a travel claim ~700, a market campaign ~90,000),
scaled by how much the region sells per head, so richer departments spend more. Budgets are the
expected spend plus a little slack; actual vouchers are drawn around the same expectation
(Poisson counts, lognormal amounts), so ordinary months land somewhat under or over budget.
Planted: ~7% of region-months (more at quarter ends) overspend on promotion, entertainment and
market by 40-120%, and a few vouchers skip the hierarchy (top_only, none, or signed by the
spender or a peer).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.contracts.sources import APPROVAL_LEVELS, EXPENSE_CATEGORIES
from pipelines.generator.customers import Customers
from pipelines.generator.organisation import ROLE_DIRECTOR, Organisation
from pipelines.generator.sales import Sales
from pipelines.generator.timeline import Timeline
from pipelines.generator.writer import money

MARKET, PERSONNEL, TRAVEL, PROMOTION, ENTERTAINMENT, DEVELOPMENT_FEE = range(6)
assert EXPENSE_CATEGORIES[DEVELOPMENT_FEE] == "development_fee" and EXPENSE_CATEGORIES[MARKET] == "market"
NONE, LINE_MANAGER, DEPARTMENT_HEAD, TOP_ONLY, FULL_CHAIN = range(5)
assert APPROVAL_LEVELS[TOP_ONLY] == "top_only"
REFERENCE_REVENUE_PER_HEAD = 550_000.0  # monthly sales per staff member at scale 1
REFERENCE_REVENUE_PER_REGION = 11_000_000.0  # monthly sales of an average department at scale 1
OVERRUN_SHARE = 0.07
SKIP_KINDS = ("top_only", "no_approval", "wrong_approver")

# (category, paid by a person?, vouchers per person-month or per region-month, median amount, sigma)
_PLAN = (
    (TRAVEL, True, 4.0, 700.0, 0.6),
    (ENTERTAINMENT, True, 1.2, 3_000.0, 0.7),
    (PROMOTION, True, 0.5, 15_000.0, 0.7),
    (DEVELOPMENT_FEE, True, 0.08, 80_000.0, 0.6),
    (PROMOTION, False, 1.0, 60_000.0, 0.7),
    (MARKET, False, 2.0, 90_000.0, 0.8),
    (PERSONNEL, False, 1.5, 40_000.0, 0.5),
)
_CONTRACT_REGIONS = (2, 5, 6)  # North China, Northeast, Northwest run the contract regime
_SWITCH_REGION, _SWITCH_YEAR = 4, 2025  # Southwest moved from contract to budget in 2025


@dataclass
class Expenses:
    day: np.ndarray
    region: np.ndarray
    rep: np.ndarray  # -1 for department costs
    category: np.ndarray
    amount: np.ndarray
    contract_regime: np.ndarray
    level: np.ndarray
    approver: np.ndarray  # -1 when nobody signed
    is_advance: np.ndarray
    advance_missing: np.ndarray
    amort: np.ndarray  # 0 when not a development fee
    skip_kind: np.ndarray  # -1, or index into SKIP_KINDS (planted)
    budget: np.ndarray  # (regions x months x categories)
    overrun_region: np.ndarray
    overrun_month: np.ndarray


def build_expenses(tl: Timeline, org: Organisation, cust: Customers, sales: Sales,
                   rng: np.random.Generator) -> Expenses:
    n_r, n_m = len(org.region_weight), tl.n_months
    staff = np.flatnonzero(org.role != ROLE_DIRECTOR)
    mid = tl.month_start + 14
    ps = np.repeat(staff, n_m)
    pm = np.tile(np.arange(n_m), len(staff))
    ok = org.employed_on(ps, mid[pm])
    ps, pm = ps[ok], pm[ok]
    pr = org.region[ps]
    people = np.bincount(pr * n_m + pm, minlength=n_r * n_m).reshape(n_r, n_m)

    # Spend level: company sales per head (the minimum headcount of small samples would otherwise
    # spend more than they sell) and, within the company, each region's sales per head.
    rev = np.bincount(cust.region[sales.inv_cust], weights=sales.inv_total, minlength=n_r)
    heads = people.sum(axis=1)
    per_head = rev.sum() / max(heads.sum(), 1)
    level = float(np.clip((per_head / REFERENCE_REVENUE_PER_HEAD) ** 0.75, 0.08, 1.5))
    relative = np.divide(rev, np.maximum(heads, 1)) / max(per_head, 1e-9)
    region_level = level * np.clip(np.sqrt(relative), 0.6, 1.6)
    # Department costs (campaigns, market, personnel) follow the department's sales.
    dept_level = np.clip((rev / n_m / REFERENCE_REVENUE_PER_REGION) ** 0.75, 0.03, 1.6)
    expected = np.zeros((n_r, n_m, 6))

    # Planted overrun region-months, more often at quarter ends.
    qe = tl.month_month % 3 == 0
    p_over = np.where(qe, OVERRUN_SHARE * 1.8, OVERRUN_SHARE * 0.6)[None, :] * np.ones((n_r, 1))
    overrun = rng.random((n_r, n_m)) < p_over
    boost = np.where(overrun, rng.uniform(1.4, 2.2, (n_r, n_m)), 1.0)

    parts = []
    for cat, personal, rate, median, sigma in _PLAN:
        if personal:
            who, reg, mon = ps, pr, pm
            expected[:, :, cat] += people * rate * median * np.exp(sigma**2 / 2) * region_level[:, None]
        else:
            who = np.full(n_r * n_m, -1)
            reg, mon = np.divmod(np.arange(n_r * n_m), n_m)
            expected[:, :, cat] += rate * median * np.exp(sigma**2 / 2) * dept_level[:, None]
        k = rng.poisson(rate, len(who))
        idx = np.repeat(np.arange(len(who)), k)
        factor = region_level if personal else dept_level
        amount = median * factor[reg[idx]] * rng.lognormal(0, sigma, len(idx))
        if cat in (PROMOTION, ENTERTAINMENT, MARKET):
            amount = amount * boost[reg[idx], mon[idx]]
        parts.append((who[idx], reg[idx], mon[idx], np.full(len(idx), cat), amount))
    rep, region, month, category, amount = (np.concatenate(x) for x in zip(*parts, strict=True))

    amount = np.maximum(money(amount), 10.0)
    wd_month = tl.month_index(tl.workdays)
    wd_first = np.searchsorted(wd_month, np.arange(n_m))
    wd_count = np.bincount(wd_month, minlength=n_m)

    def workday_in(months: np.ndarray) -> np.ndarray:
        pick = np.floor(rng.random(len(months)) * wd_count[months]).astype(np.int64)
        return tl.workdays[wd_first[months] + pick]

    day = workday_in(month)
    keep = (rep < 0) | org.employed_on(np.maximum(rep, 0), day)
    rep, region, month, category, amount, day = (x[keep] for x in (rep, region, month, category, amount, day))

    budget = np.round(expected * rng.uniform(1.0, 1.12, expected.shape) / 100) * 100
    # Make sure every planted overrun really shows: top up with an extra department promotion voucher.
    actual = np.bincount(region * n_m + month, weights=amount, minlength=n_r * n_m).reshape(n_r, n_m)
    over_r, over_m = np.nonzero(overrun)
    goal = budget.sum(axis=2)[over_r, over_m] * rng.uniform(1.15, 1.45, len(over_r))
    short = money(goal - actual[over_r, over_m])
    need = short >= 10
    top_up_month = over_m[need]
    rep = np.concatenate([rep, np.full(int(need.sum()), -1)])
    region = np.concatenate([region, over_r[need]])
    month = np.concatenate([month, top_up_month])
    category = np.concatenate([category, np.full(int(need.sum()), PROMOTION)])
    amount = np.concatenate([amount, short[need]])
    day = np.concatenate([day, workday_in(top_up_month)])
    n = len(amount)

    level, approver, skip = _approvals(org, rep, region, category, amount, rng)
    year = tl.month_year[month]
    contract = np.isin(region, _CONTRACT_REGIONS) | ((region == _SWITCH_REGION) & (year < _SWITCH_YEAR))
    dev = category == DEVELOPMENT_FEE
    is_advance = dev | ((category == TRAVEL) & (rng.random(n) < 0.08))
    amort = np.where(dev, rng.choice([6, 9, 12, 18, 24], n, p=[0.2, 0.1, 0.4, 0.15, 0.15]), 0)
    order = np.lexsort((amount, rep, region, day))
    return Expenses(
        day=day[order], region=region[order], rep=rep[order], category=category[order], amount=amount[order],
        contract_regime=contract[order], level=level[order], approver=approver[order],
        is_advance=is_advance[order], advance_missing=((~dev) & (rng.random(n) < 0.02))[order],
        amort=amort[order], skip_kind=skip[order], budget=budget, overrun_region=over_r, overrun_month=over_m,
    )


def _approvals(org: Organisation, rep: np.ndarray, region: np.ndarray, category: np.ndarray,
               amount: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(amount)
    personal = rep >= 0
    u = rng.random(n)
    level = np.select(
        [amount < 2_000, amount < 20_000, amount < 80_000],
        [np.where(u < 0.85, LINE_MANAGER, DEPARTMENT_HEAD),
         np.where(u < 0.35, LINE_MANAGER, np.where(u < 0.9, DEPARTMENT_HEAD, FULL_CHAIN)),
         np.where(u < 0.55, DEPARTMENT_HEAD, FULL_CHAIN)],
        np.where(u < 0.1, DEPARTMENT_HEAD, FULL_CHAIN),
    )
    level = np.where(~personal & (level == LINE_MANAGER), DEPARTMENT_HEAD, level)
    who = np.maximum(rep, 0)
    head = org.region_head[region]
    area = org.region_director[region]
    approver = np.select(
        [level == LINE_MANAGER, level == DEPARTMENT_HEAD],
        [org.manager[who], np.where(personal & (who == head), org.manager[head], head)],
        area,
    )

    # Planted skips: regions differ in how often the top signs alone; entertainment and fees most.
    region_rate = rng.uniform(0.005, 0.045, len(org.region_weight))[region]
    cat_factor = np.array([0.8, 0.4, 0.5, 1.2, 2.0, 1.5])[category]
    skip = np.full(n, -1)
    v = rng.random(n)
    top = v < region_rate * cat_factor
    none = ~top & (v < region_rate * cat_factor + 0.012)
    wrong = personal & ~top & ~none & (level == LINE_MANAGER) & (rng.random(n) < 0.015)
    level = np.where(top, TOP_ONLY, np.where(none, NONE, level))
    top_signer = np.where(rng.random(n) < 0.6, org.top_director, area)
    peer = _peer(org, who, rng)
    approver = np.where(top, top_signer, np.where(none, -1, approver))
    approver = np.where(wrong, np.where(rng.random(n) < 0.5, who, peer), approver)
    skip = np.where(top, 0, np.where(none, 1, np.where(wrong, 2, skip)))
    return level, approver, skip


def _peer(org: Organisation, who: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Another non-director in the same region (sometimes the person themself: self-approval)."""
    staff = np.flatnonzero(org.role != ROLE_DIRECTOR)
    staff = staff[np.argsort(org.region[staff], kind="stable")]
    count = np.bincount(org.region[staff], minlength=len(org.region_weight))
    first = np.concatenate(([0], np.cumsum(count)[:-1]))
    r = org.region[who]
    pick = staff[first[r] + np.floor(rng.random(len(who)) * count[r]).astype(np.int64)]
    return pick
