"""Every SQL model (dims, facts, marts) as its own asset, run in dependency order in one op.

One op keeps Dagster's per-step overhead small against the work; each table is still an asset
with row counts, a preview and blocking data tests. A failed blocking test stops the op before
anything built on that table, and nothing is published.
"""

import re
from graphlib import TopologicalSorter

import dagster as dg

from pipelines.orchestration.data_tests import data_test_specs, gate_on_data_tests
from pipelines.orchestration.metadata import table_metadata
from pipelines.orchestration.resources import WRITER_POOL, SalesOpsConfig
from pipelines.quality.table_checks import MODEL_CHECKS, checks_for
from pipelines.study_kind import NO_SALES_NOTE, sales_delivered
from pipelines.transform.sql_models import (
    model_dependencies,
    model_group,
    model_sql,
    models_in_order,
    run_model,
    source_dependencies,
    write_build_params,
)

BUILD_PARAMS = dg.AssetKey("build_params")


def build_order() -> list[str]:
    """Models in dependency order, each also after every table its blocking checks read.

    A check such as "dim_customer.region_id exists in dim_region" must not run before dim_region is built.
    """
    models = set(model_sql())
    graph = {n: set(model_dependencies(n)) & models for n in models}
    for check in MODEL_CHECKS:
        read = set(re.findall(r"\b[a-z_][a-z0-9_]*\b", check.violations_sql.lower())) & models
        graph[check.table] |= read - {check.table}
    return list(TopologicalSorter(graph).static_order())


def _description(name: str) -> str:
    first_line = model_sql()[name].splitlines()[0].lstrip("- ").strip()
    return f"{first_line} (pipelines/sql/models/{name}.sql)"


def _specs() -> list[dg.AssetSpec]:
    specs = [dg.AssetSpec(BUILD_PARAMS, group_name="core", kinds={"duckdb"}, skippable=True,
                          deps=[dg.AssetKey("stg_sales_lines")],
                          description="The as-of date every model filters on (setting, else last invoice date).")]
    for name in models_in_order():
        specs.append(dg.AssetSpec(name, group_name=model_group(name), kinds={"duckdb", "sql"}, skippable=True,
                                  deps=[dg.AssetKey(d) for d in sorted(model_dependencies(name))],
                                  description=_description(name)))
    return specs


@dg.multi_asset(
    name="sql_models",
    specs=_specs(),
    check_specs=data_test_specs(MODEL_CHECKS),
    can_subset=True,
    pool=WRITER_POOL,
)
def sql_models(context: dg.AssetExecutionContext, salesops: SalesOpsConfig):
    selected = context.selected_asset_keys
    with salesops.connect_staging() as con:
        skipped = {} if sales_delivered(con) else {"skipped": NO_SALES_NOTE}
        if skipped:
            context.log.info(NO_SALES_NOTE)
        if BUILD_PARAMS in selected:
            as_of = write_build_params(con, salesops.settings().as_of)
            yield dg.MaterializeResult(asset_key=BUILD_PARAMS, metadata={"as_of": as_of.isoformat()})
        for name in build_order():
            if dg.AssetKey(name) not in selected:
                continue
            run_model(con, name)
            yield dg.MaterializeResult(asset_key=name, metadata=table_metadata(
                con, name, sources=", ".join(sorted(source_dependencies(name))), **skipped))
            yield from gate_on_data_tests(con, name, checks_for(name))


def model_assets() -> list[dg.AssetsDefinition]:
    return [sql_models]
