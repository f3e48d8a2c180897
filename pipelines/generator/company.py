"""generate_company: build the whole synthetic company and write every raw source plus ground truth."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipelines.contracts import ALL_CONTRACTS
from pipelines.footfall.sample_data import write_footfall_sample
from pipelines.generator import tables
from pipelines.generator.catalogue import build_catalogue
from pipelines.generator.config import WINDOW_END, WINDOW_START, sizing_for
from pipelines.generator.customers import build_customers
from pipelines.generator.expenses import build_expenses
from pipelines.generator.field_activity import build_checkins, build_reports, build_visits
from pipelines.generator.ground_truth import GROUND_TRUTH_DIR, write_ground_truth
from pipelines.generator.organisation import build_organisation
from pipelines.generator.payments import build_collections
from pipelines.generator.returns import build_returns, plan_batch_returns
from pipelines.generator.sales import build_sales
from pipelines.generator.stock import simulate_stock
from pipelines.generator.summary import GenerationSummary
from pipelines.generator.targets import build_targets
from pipelines.generator.timeline import build_timeline
from pipelines.generator.writer import text_ready, write_csv, write_parquet

FORMAT_VERSION = 1
PARQUET_SOURCES = ("inventory_snapshots",)
MONTHLY_SOURCES = ("sales_lines",)
# One independent random stream per part: changing one part never reshuffles the others.
_STREAMS = ("organisation", "catalogue", "customers", "sales", "returns_plan", "stock", "returns",
            "collections", "checkins", "visits", "reports", "expenses", "targets")


def generated_sources() -> tuple[str, ...]:
    """Sources this generator writes: every contract except those filled by a later issue."""
    return tuple(c.name for c in ALL_CONTRACTS if not c.filled_by_later_issue)


def generate_company(out_dir: Path, scale: float = 0.05, seed: int = 42) -> GenerationSummary:
    """Write a deterministic synthetic sales organisation to out_dir (same scale + seed -> same bytes).

    One folder per source (named as its contract), `sales_lines` as one CSV per month, inventory
    snapshots as Parquet, planted behaviours in `_ground_truth/` and a `manifest.json`.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    started = time.perf_counter()
    sizing = sizing_for(scale)
    out_dir = Path(out_dir)
    rngs = dict(zip(_STREAMS, np.random.default_rng(int(seed)).spawn(len(_STREAMS)), strict=True))

    tl = build_timeline()
    org = build_organisation(sizing, tl, rngs["organisation"])
    cat = build_catalogue(sizing, rngs["catalogue"])
    cust = build_customers(sizing, tl, org, cat, rngs["customers"])
    sales = build_sales(sizing, tl, org, cust, cat, rngs["sales"])
    plan = plan_batch_returns(tl, cust, sales, rngs["returns_plan"])
    stock = simulate_stock(tl, org, cust, cat, sales, plan, sizing.n_warehouses, rngs["stock"])
    ret = build_returns(tl, sales, plan, stock.batch_qty, rngs["returns"])
    coll = build_collections(tl, cust, sales, ret.credit_by_invoice, rngs["collections"])
    checkins = build_checkins(tl, org, rngs["checkins"])
    visits = build_visits(tl, org, cust, sales.fade, rngs["visits"])
    reports = build_reports(tl, org, rngs["reports"])
    expenses = build_expenses(tl, org, cust, sales, rngs["expenses"])
    targets = build_targets(tl, cust, sales, coll, len(org.region_weight), cat.n, rngs["targets"])

    clear_previous_output(out_dir)
    builders = {
        "regions": lambda: tables.regions_table(org),
        "reps": lambda: tables.reps_table(org),
        "customers": lambda: tables.customers_table(cust, org),
        "products": lambda: tables.products_table(cat),
        "sales_lines": lambda: tables.sales_table(sales, org, cust, cat),
        "returns": lambda: tables.returns_table(ret, sales, cust, cat),
        "collections": lambda: tables.collections_table(coll, sales, cust),
        "inventory_snapshots": lambda: tables.inventory_table(stock, cust, cat),
        "sell_out": lambda: tables.sell_out_table(stock, cust, cat),
        "rep_checkins": lambda: tables.checkins_table(checkins, org),
        "visits": lambda: tables.visits_table(visits, org, cust),
        "rep_reports": lambda: tables.reports_table(reports, org),
        "expenses": lambda: tables.expenses_table(expenses, org),
        "budgets": lambda: tables.budgets_table(expenses, tl, org),
        "targets": lambda: tables.targets_table(targets, org, cat),
    }
    rows: dict[str, int] = {}
    files: dict[str, list[str]] = {}
    for source in generated_sources():
        table = builders[source]()
        rows[source] = table.num_rows
        files[source] = _write_source(out_dir, source, table, sales.inv_day[sales.line_inv]
                                      if source in MONTHLY_SOURCES else None)
        del table

    truth_rows = write_ground_truth(out_dir, tl, org, cust, cat, sales, ret, coll, stock, expenses)
    # The foot-traffic study of the same company (its own module; fixed size, independent of scale).
    for source, n in write_footfall_sample(out_dir, int(seed)).items():
        rows[source] = n
        files[source] = sorted(f"{source}/{p.name}" for p in (out_dir / source).iterdir() if p.is_file())
    manifest = {
        "generator": "pipelines.generator",
        "format_version": FORMAT_VERSION,
        "scale": sizing.scale,
        "seed": int(seed),
        "date_range": {"start": WINDOW_START.isoformat(), "end": WINDOW_END.isoformat()},
        "entities": {
            "regions": len(org.region_weight),
            "staff": org.n_staff,
            "customers": cust.n,
            "products": cat.n,
            "warehouses": sizing.n_warehouses,
            "distributor_tracked_products": sales.tracked_k,
        },
        "rows": rows,
        "files": files,
        "ground_truth_rows": truth_rows,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    return GenerationSummary(out_dir=out_dir, scale=sizing.scale, seed=int(seed), rows=rows,
                             seconds=time.perf_counter() - started, ground_truth_rows=truth_rows, files=files)


def clear_previous_output(out_dir: Path) -> None:
    """Remove files a previous generation wrote (listed in its manifest), so no stale month lingers.

    Files the generator did not write (a user's own exports) are never deleted: their presence
    stops generation with a message instead.
    """
    manifest = out_dir / "manifest.json"
    own: set[str] = set()
    if manifest.exists():
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("files", {})
        own = {rel for rels in listed.values() for rel in rels}
    foreign = []
    for name in (c.name for c in ALL_CONTRACTS):
        folder = out_dir / name
        if folder.is_dir():
            foreign += [f"{name}/{p.name}" for p in sorted(folder.iterdir())
                        if p.is_file() and f"{name}/{p.name}" not in own]
    if foreign:
        raise ValueError(
            f"{out_dir} already holds files the sample generator did not write ({', '.join(foreign[:3])}"
            f"{', ...' if len(foreign) > 3 else ''}); generate into an empty folder with --out"
        )
    for rel in sorted(own):
        (out_dir / rel).unlink(missing_ok=True)
    truth = out_dir / GROUND_TRUTH_DIR
    if truth.is_dir():
        for path in sorted(truth.iterdir()):
            if path.is_file() and path.suffix in (".csv", ".md"):
                path.unlink()


def _write_source(out_dir: Path, source: str, table: pa.Table, line_days: np.ndarray | None) -> list[str]:
    folder = out_dir / source
    folder.mkdir(parents=True, exist_ok=True)
    if source in PARQUET_SOURCES:
        write_parquet(table, folder / f"{source}.parquet")
        return [f"{source}/{source}.parquet"]
    if line_days is None:
        write_csv(table, folder / f"{source}.csv")
        return [f"{source}/{source}.csv"]
    # Monthly drops: rows are in date order, so each month is one contiguous slice. Two writer
    # threads (pyarrow releases the GIL); each file's bytes do not depend on the threading.
    months = line_days.astype("datetime64[D]").astype("datetime64[M]")
    keys = np.unique(months)
    bounds = np.searchsorted(months, keys, side="left").tolist() + [len(months)]
    table = text_ready(table)
    names = [f"{source}_{key}.csv" for key in keys.astype(str).tolist()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(write_csv, table.slice(lo, hi - lo), folder / name)
                for name, lo, hi in zip(names, bounds[:-1], bounds[1:], strict=True)]
        for job in jobs:
            job.result()
    return [f"{source}/{name}" for name in names]
