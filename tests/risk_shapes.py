"""Companies shaped unlike the sample, for the risk models: the generated company's raw files transformed.

Each shape rewrites the generated sales lines (and keeps only some sources) the way a real export can
differ: sales lines only, one product, a short history, many one-time buyers, weekly orders, a customer
base that grows fast. `build_warehouse` builds the marts the risk models read without Dagster, so a
shape costs seconds.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.contracts import ALL_CONTRACTS
from pipelines.dbt_layer.compiled_sql import run_models
from pipelines.dbt_layer.models import is_model, model_group, model_names, model_reads
from pipelines.generator import generate_company
from pipelines.ingest.ingest_source import ingest_source
from pipelines.risk.queries import SHARED_MODELS
from pipelines.settings import Settings
from pipelines.warehouse.build_params import write_build_params
from pipelines.warehouse.connection import connect

AS_OF = date(2026, 10, 31)  # the generator's last day
SALES = "sales_lines"


def last_months(n: int) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def cut(lines: pd.DataFrame) -> pd.DataFrame:
        start = (pd.Timestamp(AS_OF) - pd.DateOffset(months=n) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
        return lines[lines["invoice_date"] >= start]
    return cut


def one_product(lines: pd.DataFrame) -> pd.DataFrame:
    return lines.assign(product_id=lines["product_id"].iloc[0])


def many_one_time_buyers(lines: pd.DataFrame) -> pd.DataFrame:
    """Four one-time buyers for every regular customer, each with one invoice copied from a real one."""
    rng = np.random.default_rng(1)
    invoices = lines["invoice_id"].unique()
    picked = rng.choice(invoices, 4 * lines["customer_id"].nunique(), replace=False)
    extra = lines[lines["invoice_id"].isin(set(picked))].copy()
    extra["customer_id"] = "ONCE-" + extra["invoice_id"].astype(str)
    extra["invoice_id"] = "X" + extra["invoice_id"].astype(str)
    return pd.concat([lines, extra], ignore_index=True)


def weekly_orders(lines: pd.DataFrame) -> pd.DataFrame:
    """Every order placed on the Monday of its week, as a business with a weekly ordering day."""
    day = pd.to_datetime(lines["invoice_date"])
    return lines.assign(invoice_date=(day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d"))


def fast_growing(lines: pd.DataFrame) -> pd.DataFrame:
    """Customers join one after another over the whole window (the base grows ~15x): earlier lines dropped."""
    ids = np.sort(lines["customer_id"].unique())
    start, end = pd.Timestamp(lines["invoice_date"].min()), pd.Timestamp(AS_OF) - pd.Timedelta(days=120)
    joins = pd.Series(start + (end - start) * np.sqrt(np.linspace(0, 1, len(ids))), index=ids)
    return lines[pd.to_datetime(lines["invoice_date"]) >= lines["customer_id"].map(joins)]


def _chain(*steps: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def run(lines: pd.DataFrame) -> pd.DataFrame:
        for step in steps:
            lines = step(lines)
        return lines
    return run


# name -> (sources kept, transform of the sales lines)
SHAPES: dict[str, tuple[tuple[str, ...] | None, Callable[[pd.DataFrame], pd.DataFrame]]] = {
    "sales_only_18m": ((SALES,), last_months(18)),
    "sales_only_12m": ((SALES,), last_months(12)),
    "sales_only_3m": ((SALES,), last_months(3)),
    "one_product_18m": ((SALES,), _chain(last_months(18), one_product)),
    "one_time_buyers_18m": ((SALES,), _chain(last_months(18), many_one_time_buyers)),
    "weekly_orders_18m": ((SALES,), _chain(last_months(18), weekly_orders)),
    "fast_growing": ((SALES,), fast_growing),
    "all_sources_12m": (None, last_months(12)),
}


def write_shape(generated: Path, out: Path, shape: str) -> Path:
    """Copy the generated raw folder into out (never touching it), reshaped; returns the new raw folder."""
    keep, transform = SHAPES[shape]
    shutil.rmtree(out, ignore_errors=True)
    for folder in generated.iterdir():
        if folder.is_dir() and (keep is None or folder.name in keep) and folder.name != SALES:
            shutil.copytree(folder, out / folder.name)
    lines = pd.concat([pd.read_csv(f, dtype=str) for f in sorted((generated / SALES).glob("*.csv"))],
                      ignore_index=True)
    (out / SALES).mkdir(parents=True)
    transform(lines).to_csv(out / SALES / "sales_lines.csv", index=False)
    return out


def build_warehouse(raw: Path, root: Path, as_of: date | None = AS_OF) -> Settings:
    """The staging, core and mart tables from raw (what the risk models read), without Dagster."""
    settings = Settings.from_env(environ={}, raw_dir=raw, warehouse=root / "marts" / "warehouse.duckdb",
                                 models_dir=root / "models", dashboards_dir=root / "marts" / "dashboards",
                                 dagster_home=root / "dagster_home", as_of=as_of)
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    with connect(settings.warehouse, settings) as con:
        for contract in ALL_CONTRACTS:
            ingest_source(con, contract, raw, settings.build_dir)
        write_build_params(con, settings.as_of)
        run_models(con, [name for name in model_names() if model_group(name) in ("staging", "core", "marts")]
                   + shared_models_with_inputs())
    return settings


def shared_models_with_inputs() -> list[str]:
    """The int_ models the risk SQL reads and every model they read in turn."""
    wanted, todo = set(), list(SHARED_MODELS)
    while todo:
        name = todo.pop()
        if is_model(name) and name not in wanted:
            wanted.add(name)
            todo.extend(model_reads(name))
    return sorted(wanted)


def generated_company(root: Path) -> Path:
    """The sample company at scale 0.01 (150 customers, three years), the raw material of every shape."""
    generate_company(root / "generated", scale=0.01, seed=11)
    return root / "generated"
