"""Product master: SKUs in 10-13 product lines with cost, list price, lead time and popularity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pipelines.generator.config import Sizing
from pipelines.generator.naming import format_ids

# (category, median list price, lead time (lo, hi) days, name stems, strengths, pack sizes)
_Spec = tuple[str, float, tuple[int, int], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_CATEGORIES: tuple[_Spec, ...] = (
    ("antibiotics", 28, (10, 30), ("Amoxicillin", "Cefuroxime", "Azithromycin", "Levofloxacin", "Cefixime",
                                   "Clarithromycin"), ("125mg", "250mg", "500mg"), ("x12", "x24", "x36")),
    ("cardiovascular", 45, (14, 35), ("Amlodipine", "Atorvastatin", "Valsartan", "Metoprolol", "Rosuvastatin",
                                      "Clopidogrel"), ("5mg", "10mg", "20mg", "40mg"), ("x7", "x14", "x28")),
    ("respiratory", 32, (10, 30), ("Ambroxol", "Montelukast", "Budesonide", "Salbutamol", "Acetylcysteine"),
     ("4mg", "10mg", "30mg", "200mg"), ("x10", "x20", "x30")),
    ("digestive", 30, (10, 28), ("Omeprazole", "Pantoprazole", "Domperidone", "Mosapride", "Lactulose"),
     ("5mg", "10mg", "20mg", "40mg"), ("x14", "x28")),
    ("analgesics", 18, (7, 21), ("Ibuprofen", "Paracetamol", "Diclofenac", "Celecoxib", "Loxoprofen"),
     ("200mg", "300mg", "400mg", "500mg"), ("x10", "x20", "x24")),
    ("vitamins", 36, (7, 25), ("Vitamin C", "Vitamin D3", "Calcium Carbonate", "Multivitamin", "Folic Acid"),
     ("100mg", "400IU", "600mg", "1000mg"), ("x30", "x60", "x100")),
    ("dermatology", 26, (14, 40), ("Mometasone Cream", "Clobetasol Ointment", "Terbinafine Cream",
                                   "Fusidic Acid Cream"), ("0.05%", "0.1%", "1%", "2%"),
     ("10g", "15g", "30g")),
    ("diabetes", 52, (14, 45), ("Metformin", "Gliclazide", "Acarbose", "Sitagliptin"),
     ("50mg", "80mg", "100mg", "500mg"), ("x14", "x28", "x60")),
    ("pediatrics", 24, (10, 30), ("Pediatric Cough Syrup", "Oral Rehydration Salts", "Pediatric Ibuprofen",
                                  "Zinc Gluconate"), ("60ml", "100ml", "5g", "10mg"), ("x1", "x6", "x12")),
    ("ophthalmic", 30, (20, 50), ("Sodium Hyaluronate Eye Drops", "Levofloxacin Eye Drops",
                                  "Tobramycin Eye Drops"), ("0.1%", "0.3%", "0.5%"), ("5ml", "8ml", "10ml")),
    ("medical_devices", 85, (25, 60), ("Blood Glucose Test Strips", "Disposable Syringe",
                                       "Blood Pressure Monitor", "Infusion Set", "Surgical Mask"),
     ("Std", "Pro", "Mini", "Plus"),
     ("x1", "x10", "x50", "x100")),
    ("tcm", 40, (14, 45), ("Lianhua Qingwen Capsules", "Banlangen Granules", "Liuwei Dihuang Pills",
                           "Angong Niuhuang Pills", "Huoxiang Zhengqi Liquid"),
     ("0.35g", "3g", "10g", "10ml"), ("x12", "x20", "x36")),
    ("nutrition", 120, (20, 60), ("Whey Protein", "Fish Oil", "Probiotic Powder", "Infant Formula"),
     ("250g", "400g", "800g", "1000mg"), ("x1", "x2", "x60")),
)


@dataclass
class Catalogue:
    product_ids: pa.Array
    names: list[str]
    category: np.ndarray  # index into categories
    categories: list[str]
    unit_cost: np.ndarray
    list_price: np.ndarray
    lead_time: np.ndarray
    product_manager: list[str]
    manager_missing: np.ndarray
    popularity: np.ndarray  # sums to 1
    qty_factor: np.ndarray  # cheap products move in bigger quantities

    @property
    def n(self) -> int:
        return len(self.list_price)


def build_catalogue(sizing: Sizing, rng: np.random.Generator) -> Catalogue:
    specs = _CATEGORIES[: sizing.n_categories]
    n = sizing.n_products
    k = len(specs)
    # Uneven product lines, but every line gets at least two SKUs.
    share = rng.dirichlet(np.full(k, 4.0))
    counts = 2 + np.floor(share * (n - 2 * k)).astype(int)
    counts[np.argsort(-share)[: n - counts.sum()]] += 1
    category = np.repeat(np.arange(k), counts)

    median = np.array([s[1] for s in specs])[category]
    list_price = np.round(np.round(np.clip(median * rng.lognormal(0, 0.55, n), 2.5, 3000), 1) - 0.1, 2)
    margin = rng.uniform(0.15, 0.60, n)
    unit_cost = np.round(list_price * (1 - margin), 2)
    lo = np.array([s[2][0] for s in specs])[category]
    hi = np.array([s[2][1] for s in specs])[category]
    lead_time = np.clip(np.round(lo + (hi - lo) * rng.beta(2, 2.5, n)), 7, 60).astype(np.int64)

    names = []
    for i, c in enumerate(category.tolist()):
        _, _, _, stems, strengths, packs = specs[c]
        j = i - int(np.searchsorted(category, c))  # position inside the category
        stem = stems[j % len(stems)]
        combo = j // len(stems)
        strength = strengths[combo % len(strengths)]
        pack = packs[(combo // len(strengths)) % len(packs)]
        names.append(f"{stem} {strength} {pack}")

    n_pm = max(3, k // 2 + 1)
    pm_of_cat = rng.integers(0, n_pm, k)
    pm = [f"PM{pm_of_cat[c] + 1:02d}" for c in category.tolist()]

    popularity = rng.lognormal(0, 1.1, n)
    popularity /= popularity.sum()
    return Catalogue(
        product_ids=format_ids("SKU", np.arange(1, n + 1) + 100, 4),
        names=names,
        category=category,
        categories=[s[0] for s in specs],
        unit_cost=unit_cost,
        list_price=list_price,
        lead_time=lead_time,
        product_manager=pm,
        manager_missing=rng.random(n) < 0.03,
        popularity=popularity,
        qty_factor=np.clip((np.median(list_price) / list_price) ** 0.6, 0.15, 6.0),
    )
