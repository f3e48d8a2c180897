"""Which raw export fills a warehouse table: what a "no data" panel and the index tell the user to add.

A table's exports are found through its lineage: dbt models through their ref() and source() parents
(pipelines.dbt_layer.models), metric marts through the tables their builder reads
(pipelines.metrics.tables.GROUPS), down to the stg_<source> tables of the contracts (pipelines/contracts).
Risk and foot-traffic tables are built in Python from a few known sources, listed here. An export counts as
delivered when its stg_ table holds rows.
"""

from __future__ import annotations

from functools import cache

from pipelines.contracts import CONTRACTS
from pipelines.dashboards.context import PageContext
from pipelines.dbt_layer.models import is_model, model_reads
from pipelines.metrics.tables import GROUPS

# Tables built in Python outside the metric groups: the exports their builders need.
PYTHON_TABLES = {
    "risk_customer_churn": ("sales_lines",),
    "risk_stockout": ("inventory_snapshots", "sales_lines"),
    "risk_channel_stuffing": ("sell_out", "inventory_snapshots", "sales_lines"),
    "footfall_": ("footfall_counts",),  # every footfall_* table
    "footfall_method_check": ("footfall_counts", "footfall_reference"),
}


# Master data: worth adding, but rarely why a section is empty (the build infers them from the facts).
MASTER_DATA = ("regions", "reps", "customers", "products")


def _reads(table: str) -> tuple[str, ...]:
    """The tables (or stg_<source>) a table is built from, one step up its lineage."""
    for prefix, sources in PYTHON_TABLES.items():
        if table == prefix or (prefix.endswith("_") and table.startswith(prefix) and table not in PYTHON_TABLES):
            return tuple(f"stg_{s}" for s in sources)
    if is_model(table):
        return model_reads(table)
    for group in GROUPS:
        if table in group.tables:
            return group.reads
    return ()


@cache
def sources_for(table: str) -> tuple[str, ...]:
    """Every raw source (contract name) a table is built from, in contract order."""
    found, todo, seen = set(), [table], set()
    while todo:
        t = todo.pop()
        if t in seen:
            continue
        seen.add(t)
        if t.startswith("stg_") and t[4:] in CONTRACTS:
            found.add(t[4:])
        else:
            todo.extend(_reads(t))
    return tuple(name for name in CONTRACTS if name in found)


def _nearest_missing(table: str, missing: set[str]) -> list[str]:
    """The undelivered sources closest to the table in its lineage: the export that would fill it, not every
    optional source somewhere upstream. Facts before master data found at the same distance."""
    level, seen = [table], {table}
    while level:
        hits = {t[4:] for t in level if t.startswith("stg_") and t[4:] in missing}
        facts = hits - set(MASTER_DATA)
        if hits:
            return sorted(facts or hits, key=list(CONTRACTS).index)
        level = [r for t in level for r in _reads(t) if r not in seen]
        seen.update(level)
    return []


def delivered(ctx: PageContext, source: str) -> bool:
    return ctx.available(f"stg_{source}")


def exports_to_add(ctx: PageContext, tables: list[str]) -> list[str]:
    """The exports to add so that the tables get rows: for each table, the undelivered sources nearest to it."""
    missing = {s for t in tables for s in sources_for(t) if not delivered(ctx, s)}
    wanted = {s for t in tables for s in _nearest_missing(t, missing)}
    return [s for s in CONTRACTS if s in wanted]
