"""How big the generated company is for a given scale, and its fixed calendar window.

Scale 1 is a mid-sized company (~1M sales lines over three years, ~150 staff, ~5,000 customers,
~300 SKUs). Sales lines grow linearly with scale. Headcount and customers grow linearly up to
scale 1 and with the square root beyond it: a company ten times the data is mostly the same sales
force selling more, and sqrt growth keeps the per-rep activity tables realistic at scale 10. The
catalogue grows with sqrt(scale) at every size, since SKUs do not multiply with volume.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

# Fixed window: never derived from today's date, so output is reproducible forever.
WINDOW_START = date(2023, 11, 1)
WINDOW_END = date(2026, 10, 31)

BASE_LINES = 1_000_000
BASE_FIELD_REPS = 118  # plus replacements of leavers, ~8 heads, team managers, 3 directors -> ~150
BASE_CUSTOMERS = 5_000
BASE_PRODUCTS = 300

MIN_FIELD_REPS = 24  # with heads and directors: >= 35 staff even at tiny scales
MIN_CUSTOMERS = 150
MIN_PRODUCTS = 40
MAX_PRODUCTS = 1_200
MAX_SCALE = 50.0


@dataclass(frozen=True)
class Sizing:
    scale: float
    target_lines: int
    n_field_reps: int
    n_customers: int
    n_products: int
    n_warehouses: int
    n_categories: int


def sizing_for(scale: float) -> Sizing:
    """Entity counts for a scale; raises ValueError for scales outside (0, MAX_SCALE]."""
    if not (isinstance(scale, int | float) and math.isfinite(scale) and 0 < scale <= MAX_SCALE):
        raise ValueError(f"scale must be a number in (0, {MAX_SCALE:g}], got {scale!r}")
    people = scale if scale <= 1 else math.sqrt(scale)
    n_products = min(MAX_PRODUCTS, max(MIN_PRODUCTS, round(BASE_PRODUCTS * math.sqrt(scale))))
    return Sizing(
        scale=float(scale),
        target_lines=max(1_000, round(BASE_LINES * scale)),
        n_field_reps=max(MIN_FIELD_REPS, round(BASE_FIELD_REPS * people)),
        n_customers=max(MIN_CUSTOMERS, round(BASE_CUSTOMERS * people)),
        n_products=n_products,
        n_warehouses=2 if scale < 0.5 else (3 if scale <= 3 else 4),
        n_categories=10 if n_products < 80 else 13,
    )
