"""Customer master plus each customer's hidden buying, paying and churn behaviour.

Customers open over time (about half before the window, the rest spread through it) and are
owned by a rep employed in their region on the day they open. The hidden traits drive every
later table: buying rate and order size, usual discount, payment lateness, preferred products,
and the planted churn plan (fade over 2-6 months, then stop) of ~15% of customers. Ordinary
customers get their own noise (dormant spells that recover, slow declines) so churn is not
trivially separable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from pipelines.contracts.sources import CUSTOMER_TYPES
from pipelines.generator.catalogue import Catalogue
from pipelines.generator.config import Sizing
from pipelines.generator.naming import BRANDS, format_ids
from pipelines.generator.organisation import NO_DAY, ROLE_MANAGER, Organisation
from pipelines.generator.timeline import Timeline, day_num

DISTRIBUTOR, AGENT, TERMINAL, HOSPITAL, RETAILER, CORPORATE = range(6)
assert CUSTOMER_TYPES[DISTRIBUTOR] == "distributor" and CUSTOMER_TYPES[CORPORATE] == "corporate"
SCALES = ("small", "medium", "large")
K_MAX = 40  # longest preferred-product list

_TYPE_SHARE = np.array([0.07, 0.05, 0.33, 0.15, 0.28, 0.12])
_PRE_WINDOW_SHARE = np.array([0.85, 0.75, 0.6, 0.8, 0.6, 0.6])
_RATE = np.array([6.0, 4.0, 1.0, 2.5, 1.2, 0.8])  # relative invoices per month
_DISCOUNT = np.array([0.10, 0.08, 0.03, 0.04, 0.025, 0.05])
_LATE_DAYS = np.array([20, 22, 10, 45, 8, 15])  # typical days paid after terms
_CHURN = np.array([0.08, 0.10, 0.18, 0.08, 0.20, 0.15])
_CORE = ((25, 40), (20, 35), (5, 15), (10, 30), (6, 20), (3, 10))
_CREDIT = (
    ((45, 60, 90), (0.2, 0.5, 0.3)),
    ((30, 45, 60, 90), (0.2, 0.3, 0.35, 0.15)),
    ((0, 15, 30, 45), (0.1, 0.2, 0.5, 0.2)),
    ((60, 90, 120, 180), (0.15, 0.4, 0.3, 0.15)),
    ((0, 15, 30, 60), (0.15, 0.25, 0.45, 0.15)),
    ((30, 60), (0.6, 0.4)),
)
CHURN_SHARE = 0.15


@dataclass
class Customers:
    ids: pa.Array
    names: list[str]
    ctype: np.ndarray
    region: np.ndarray
    scale_class: np.ndarray
    scale_missing: np.ndarray
    parent: np.ndarray  # customer index of the supplying distributor, -1 when none
    credit_days: np.ndarray
    credit_missing: np.ndarray
    opened: np.ndarray  # day numbers
    owner: np.ndarray  # staff index owning the account when it opened / at window start
    current_owner: np.ndarray  # after leavers' accounts moved to their replacement
    churner: np.ndarray
    fade_start: np.ndarray  # day numbers, NO_DAY when not churning
    stop: np.ndarray  # last day the customer may buy, NO_DAY when not churning
    fade_floor: np.ndarray  # buying level reached at the end of the fade
    dormant_start: np.ndarray
    dormant_end: np.ndarray
    rate: np.ndarray
    size: np.ndarray
    growth: np.ndarray  # yearly log growth of buying
    discount: np.ndarray
    late_days: np.ndarray
    early_p: np.ndarray
    risky: np.ndarray
    neglected: np.ndarray  # opened in the window by a rep who then neglects it
    core: np.ndarray  # (n, K_MAX) product indices, most bought first
    core_n: np.ndarray

    @property
    def n(self) -> int:
        return len(self.ctype)

    @property
    def stockist(self) -> np.ndarray:
        """Distributors and agents: they hold stock and resell."""
        return self.ctype <= AGENT

    def rep_on(self, cust: np.ndarray, days: np.ndarray, org: Organisation) -> np.ndarray:
        """Owning rep on a date: the original owner until they leave, then the replacement."""
        owner = self.owner[cust]
        moved = days > org.leave[owner]
        return np.where(moved, org.replaced_by[owner], owner)


def build_customers(sizing: Sizing, tl: Timeline, org: Organisation, cat: Catalogue,
                    rng: np.random.Generator) -> Customers:
    n = sizing.n_customers
    ctype = rng.choice(6, n, p=_TYPE_SHARE)
    region = rng.choice(len(org.region_weight), n, p=org.region_weight)

    pre = rng.random(n) < _PRE_WINDOW_SHARE[ctype]
    oldest = day_num_iso("2008-01-01")
    age = np.minimum(rng.lognormal(6.8, 0.8, n), 5000).astype(np.int64)  # days before the window
    pre_day = np.maximum(oldest, tl.start - 30 - age)
    opened = np.where(pre, pre_day, rng.integers(tl.start, tl.end - 20, n))

    owner = _assign_owners(org, region, ctype, opened, pre, tl, rng)
    left = org.leave[owner] <= tl.end
    current_owner = np.where(left, org.replaced_by[owner], owner)
    neglected = (~pre) & org.neglects[owner]

    rate = _RATE[ctype] * rng.lognormal(0, 0.6, n)
    z = np.log(rate / _RATE[ctype])
    size = np.exp(0.4 * z + rng.normal(0, 0.4, n))
    volume = rate * size
    scale_class = np.zeros(n, dtype=np.int64)
    for t in range(6):
        m = ctype == t
        if m.any():
            q50, q85 = np.quantile(volume[m], [0.5, 0.85])
            scale_class[m] = (volume[m] > q50).astype(int) + (volume[m] > q85).astype(int)

    credit = np.zeros(n, dtype=np.int64)
    for t, (values, probs) in enumerate(_CREDIT):
        m = ctype == t
        credit[m] = rng.choice(values, int(m.sum()), p=probs)

    fade_start, stop, churner = _churn_plan(tl, ctype, opened, neglected, rng)
    dormant = rng.random(n) < 0.12
    d_start = rng.integers(tl.start, tl.end - 60, n)
    d_end = d_start + rng.integers(60, 160, n)

    discount = np.clip(_DISCOUNT[ctype] + rng.normal(0, 0.02, n), 0, 0.2)
    no_discount = (ctype >= TERMINAL) & (rng.random(n) < 0.45)
    discount = np.where(no_discount, 0.0, np.round(discount * 200) / 200)

    risky = rng.random(n) < np.where(churner, 0.2, 0.06)
    good_payer = rng.random(n) < 0.2
    core, core_n = _preferred_products(ctype, cat, rng)

    return Customers(
        ids=format_ids("C", np.arange(1, n + 1), 5),
        names=_customer_names(ctype, region, org, rng),
        ctype=ctype,
        region=region,
        scale_class=scale_class,
        scale_missing=rng.random(n) < 0.03,
        parent=_parents(ctype, region, rng),
        credit_days=credit,
        credit_missing=rng.random(n) < 0.03,
        opened=opened,
        owner=owner,
        current_owner=current_owner,
        churner=churner,
        fade_start=fade_start,
        stop=stop,
        fade_floor=rng.uniform(0.1, 0.4, n),
        dormant_start=np.where(dormant, d_start, NO_DAY),
        dormant_end=np.where(dormant, d_end, NO_DAY),
        rate=rate,
        size=size,
        growth=rng.normal(-0.02, 0.15, n),
        discount=discount,
        late_days=_LATE_DAYS[ctype] * rng.lognormal(0, 0.6, n),
        early_p=np.where(good_payer, 0.6, 0.15),
        risky=risky,
        neglected=neglected,
        core=core,
        core_n=core_n,
    )


def day_num_iso(s: str) -> int:
    return day_num(date.fromisoformat(s))


def _assign_owners(org: Organisation, region: np.ndarray, ctype: np.ndarray, opened: np.ndarray,
                   pre: np.ndarray, tl: Timeline, rng: np.random.Generator) -> np.ndarray:
    """Weighted choice of a rep employed in the customer's region on the day it opens."""
    owner = np.full(len(region), -1, dtype=np.int64)
    when = np.maximum(opened, tl.start)
    stockist = ctype <= AGENT
    for r in range(len(org.region_weight)):
        staff = np.flatnonzero((org.region == r) & (org.owner_weight > 0))
        for key_account in (False, True):
            for in_window in (False, True):
                todo = np.flatnonzero((region == r) & (stockist == key_account) & (pre != in_window))
                w = org.owner_weight[staff].copy()
                if key_account:
                    w = np.where(org.role[staff] == ROLE_MANAGER, w * 3, w)
                if in_window:
                    w = np.where(org.neglects[staff], w * 1.8, w)  # busy openers
                p = w / w.sum()
                for _ in range(30):  # rejection sampling: redraw those whose pick was not employed then
                    if len(todo) == 0:
                        break
                    pick = staff[rng.choice(len(staff), len(todo), p=p)]
                    ok = org.employed_on(pick, when[todo])
                    owner[todo[ok]] = pick[ok]
                    todo = todo[~ok]
                owner[todo] = org.region_head[r]
    return owner


def _churn_plan(tl: Timeline, ctype: np.ndarray, opened: np.ndarray, neglected: np.ndarray,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(ctype)
    fade_len = np.round(rng.integers(2, 7, n) * 30.4).astype(np.int64)
    lo = np.maximum(tl.start, opened + 120)
    hi = tl.end - fade_len - 45
    eligible = lo <= hi
    base = _CHURN[ctype] * np.where(neglected, 2.2, 1.0)
    # Calibrate so ~CHURN_SHARE of all customers churn, whatever share is eligible.
    k = CHURN_SHARE * n / max(base[eligible].sum(), 1e-9)
    churner = eligible & (rng.random(n) < np.clip(base * k, 0, 0.9))
    start = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)
    fade_start = np.where(churner, start, NO_DAY)
    stop = np.where(churner, start + fade_len, NO_DAY)
    return fade_start, stop, churner


def _parents(ctype: np.ndarray, region: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    parent = np.full(len(ctype), -1, dtype=np.int64)
    downstream = (ctype == TERMINAL) | (ctype == HOSPITAL) | (ctype == RETAILER)
    buys_via = downstream & (rng.random(len(ctype)) < 0.65)
    for r in np.unique(region).tolist():
        suppliers = np.flatnonzero((ctype <= AGENT) & (region == r))
        kids = np.flatnonzero(buys_via & (region == r))
        if len(suppliers) and len(kids):
            parent[kids] = suppliers[rng.integers(0, len(suppliers), len(kids))]
    return parent


def _preferred_products(ctype: np.ndarray, cat: Catalogue, rng: np.random.Generator
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Each customer's product list, most bought first (Gumbel top-k over popularity x channel affinity)."""
    n = len(ctype)
    k_max = min(K_MAX, cat.n)
    affinity = np.log(rng.lognormal(0, 0.7, (6, len(cat.categories))))[:, cat.category]
    base = np.log(cat.popularity)
    core = np.empty((n, k_max), dtype=np.int32)
    for lo in range(0, n, 2048):
        hi = min(n, lo + 2048)
        keys = base + affinity[ctype[lo:hi]] + rng.gumbel(size=(hi - lo, cat.n))
        top = np.argpartition(-keys, k_max - 1, axis=1)[:, :k_max]
        order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1, kind="stable")
        core[lo:hi] = np.take_along_axis(top, order, axis=1)
    bounds = np.array(_CORE)
    core_n = np.minimum(rng.integers(bounds[ctype, 0], bounds[ctype, 1] + 1), k_max)
    return core, core_n


def _customer_names(ctype: np.ndarray, region: np.ndarray, org: Organisation,
                    rng: np.random.Generator) -> list[str]:
    n = len(ctype)
    brand = rng.integers(0, len(BRANDS), n).tolist()
    city_pick = rng.integers(0, 100, n).tolist()
    number = rng.integers(1, 12, n).tolist()
    variant = rng.integers(0, 3, n).tolist()
    names = []
    for i, (t, r) in enumerate(zip(ctype.tolist(), region.tolist(), strict=True)):
        cities = org.region_cities[r]
        city = cities[city_pick[i] % len(cities)]
        b = BRANDS[brand[i]]
        v = variant[i]
        if t == DISTRIBUTOR:
            name = f"{city} {b} " + ("Pharmaceutical Distribution", "Medicine Trading", "Pharma Logistics")[v]
        elif t == AGENT:
            name = f"{city} {b} " + ("Medical Agency", "Health Products Agency", "Sales Agency")[v]
        elif t == TERMINAL:
            name = f"{city} {b} " + ("Clinic", "Community Health Center", "Pharmacy")[v]
        elif t == HOSPITAL:
            name = (f"{city} No.{number[i]} People's Hospital", f"{city} {b} Hospital",
                    f"{city} Traditional Chinese Medicine Hospital")[v]
        elif t == RETAILER:
            name = f"{b} Drugstore {city} Branch {number[i]}"
        else:
            name = f"{city} {b} " + ("Technology Co. Ltd", "Industrial Group", "Logistics Co. Ltd")[v]
        names.append(name)
    return names
