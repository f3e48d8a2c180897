"""Targets: year x region for sales, collections and new customers, plus region x product sales targets.

Targets are set somewhat above the prior year's actuals (5-25% growth asked). The window starts
in November 2023, so the 2023 base for sales and collections is the 2024 actual less a typical
growth rate (what the company would have seen); 2023 new customers are known from opened dates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.generator.customers import Customers
from pipelines.generator.payments import Collections
from pipelines.generator.sales import Sales
from pipelines.generator.timeline import Timeline, num_date

METRICS = ("sales", "collections", "new_customers")


@dataclass
class Targets:
    year: np.ndarray
    region: np.ndarray
    product: np.ndarray  # -1 when not by product
    metric: np.ndarray
    value: np.ndarray


def _year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def build_targets(tl: Timeline, cust: Customers, sales: Sales, coll: Collections, n_regions: int,
                  n_products: int, rng: np.random.Generator) -> Targets:
    first_year = num_date(tl.start).year
    years = np.arange(first_year + 1, num_date(tl.end).year + 1)  # full target years inside the window
    y0 = first_year
    ny = int(years[-1]) - y0 + 1

    def by_year_region(days: np.ndarray, region: np.ndarray, weights: np.ndarray) -> np.ndarray:
        y = _year_of(days) - y0
        totals = np.bincount(y * n_regions + region, weights=weights, minlength=ny * n_regions)
        return totals.reshape(ny, n_regions)

    sales_yr = by_year_region(sales.inv_day, cust.region[sales.inv_cust], sales.inv_total)
    coll_yr = by_year_region(coll.day, cust.region[coll.cust], coll.amount)
    # The window holds only the end of the first year: estimate it from the next year.
    sales_yr[0] = sales_yr[1] / rng.uniform(1.04, 1.12, n_regions)
    coll_yr[0] = coll_yr[1] / rng.uniform(1.04, 1.12, n_regions)
    opened_year = _year_of(cust.opened)
    new = np.zeros((ny, n_regions))
    for i in range(ny):
        new[i] = np.bincount(cust.region[opened_year == y0 + i], minlength=n_regions)

    year, region, product, metric, value = [], [], [], [], []
    for y in years.tolist():
        prior = y - 1 - y0
        for r in range(n_regions):
            for mi, base in enumerate((sales_yr[prior, r], coll_yr[prior, r], new[prior, r])):
                ask = base * rng.uniform(1.05, 1.25)
                v = max(1.0, float(np.round(ask))) if mi == 2 else float(np.round(ask / 10_000) * 10_000)
                year.append(y)
                region.append(r)
                product.append(-1)
                metric.append(mi)
                value.append(v)

    # Product targets for each region's biggest products of the prior year.
    line_year = _year_of(sales.inv_day[sales.line_inv]) - y0
    line_region = cust.region[sales.inv_cust[sales.line_inv]]
    key = (line_year * n_regions + line_region) * n_products + sales.line_prod
    prod_sales = np.bincount(key, weights=sales.amount, minlength=ny * n_regions * n_products)
    prod_sales = prod_sales.reshape(ny, n_regions, n_products)
    prod_sales[0] = prod_sales[1] / 1.08
    for y in years.tolist():
        prior = y - 1 - y0
        for r in range(n_regions):
            top = np.argsort(-prod_sales[prior, r], kind="stable")[: int(rng.integers(4, 9))]
            for p in top.tolist():
                if prod_sales[prior, r, p] <= 0:
                    continue
                year.append(y)
                region.append(r)
                product.append(p)
                metric.append(0)
                ask = prod_sales[prior, r, p] * rng.uniform(1.05, 1.3)
                value.append(max(1000.0, float(np.round(ask / 1000) * 1000)))
    return Targets(year=np.array(year), region=np.array(region), product=np.array(product),
                   metric=np.array(metric), value=np.array(value))
