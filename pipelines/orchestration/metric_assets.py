"""Dagster wiring for the metric marts computed in Python (targets, commission, PM bonus, period comparison,
scorecard). The set-based metric marts are dbt models (group metrics) built by the sql_models step.

One op with one asset per table keeps framework overhead small; each table gets blocking checks that run
right after it is written, and a failed check stops the op before anything reads the table.
"""

import dagster as dg

from pipelines.metrics.checks import python_table_checks
from pipelines.metrics.tables import GROUPS, TABLE_DESCRIPTIONS, empty_table, write_table
from pipelines.orchestration.data_tests import DATA_TESTS, data_test_specs, gate_on_data_tests
from pipelines.orchestration.metadata import table_metadata
from pipelines.orchestration.resources import WRITER_POOL, SalesOpsConfig
from pipelines.study_kind import group_skipped_note, sales_delivered

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
        if not sales_delivered(con):
            yield from _skip(context, con, selected)
            return
        for group in GROUPS:
            wanted = [t for t in group.tables if t in selected]
            if not wanted:
                continue
            frames = group.build(con, None)
            for table in wanted:
                write_table(con, table, frames[table])
                yield dg.MaterializeResult(asset_key=table, metadata=table_metadata(con, table))
                yield from gate_on_data_tests(con, table, [c for c in CHECKS if c.table == table])


def _skip(context: dg.AssetExecutionContext, con, selected: set[str]):
    """A study without sales: no builder runs; each table is created empty (pages and notebooks read it) and its
    metadata and data-test check say skipped and why."""
    note = group_skipped_note(GROUP)
    context.log.info(note)
    tested = {c.table for c in CHECKS}
    for group in GROUPS:
        for table in (t for t in group.tables if t in selected):
            write_table(con, table, empty_table(table))
            yield dg.MaterializeResult(asset_key=table, metadata=table_metadata(con, table, skipped=note))
            if table in tested:
                yield dg.AssetCheckResult(asset_key=table, check_name=DATA_TESTS, passed=True,
                                          description=note, metadata={"skipped": note})


def assets() -> list[dg.AssetsDefinition]:
    return [metric_marts]


def schedules() -> list[dg.ScheduleDefinition]:
    return []
