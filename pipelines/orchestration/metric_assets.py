"""Dagster wiring for the metric marts computed in Python (targets, commission, PM bonus, period comparison,
scorecard). The set-based metric marts are SQL models (group metrics) built by the sql_models op.

One op with one asset per table keeps framework overhead small; each table gets blocking checks that run
right after it is written, and a failed check stops the op before anything reads the table.
"""

import dagster as dg

from pipelines.metrics.checks import python_table_checks
from pipelines.metrics.tables import GROUPS, TABLE_DESCRIPTIONS, write_table
from pipelines.orchestration.data_tests import data_test_specs, gate_on_data_tests
from pipelines.orchestration.metadata import table_metadata
from pipelines.orchestration.resources import WRITER_POOL, SalesOpsConfig
from pipelines.study_kind import NO_SALES_NOTE, sales_delivered

GROUP = "metrics"
CHECKS = python_table_checks()


def _specs() -> list[dg.AssetSpec]:
    specs = []
    for group in GROUPS:
        upstream = [dg.AssetKey(t) for t in group.reads]
        for table in group.tables:
            specs.append(dg.AssetSpec(
                table, group_name=GROUP, kinds={"duckdb", "python"}, skippable=True, deps=upstream,
                description=f"{TABLE_DESCRIPTIONS[table]} {group.description}.",
            ))
    return specs


@dg.multi_asset(
    name="metric_marts",
    specs=_specs(),
    check_specs=data_test_specs(CHECKS),
    can_subset=True,
    pool=WRITER_POOL,
)
def metric_marts(context: dg.AssetExecutionContext, salesops: SalesOpsConfig):
    selected = {k.to_user_string() for k in context.selected_asset_keys}
    with salesops.connect_staging() as con:
        skipped = {} if sales_delivered(con) else {"skipped": NO_SALES_NOTE}
        if skipped:
            context.log.info(NO_SALES_NOTE)
        for group in GROUPS:
            wanted = [t for t in group.tables if t in selected]
            if not wanted:
                continue
            frames = group.build(con, None)
            for table in wanted:
                write_table(con, table, frames[table])
                yield dg.MaterializeResult(asset_key=table, metadata=table_metadata(con, table, **skipped))
                yield from gate_on_data_tests(con, table, [c for c in CHECKS if c.table == table])


def assets() -> list[dg.AssetsDefinition]:
    return [metric_marts]


def schedules() -> list[dg.ScheduleDefinition]:
    return []
