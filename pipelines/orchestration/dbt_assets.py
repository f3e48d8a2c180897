"""The dbt project's models as Dagster assets (dagster-dbt) and its data tests as their asset checks.

One `dbt build` runs every selected model and test in dependency order, inside the run's process on the
cached parse of the project (pipelines/dbt_layer/runner.py); dagster-dbt turns the run's selection into dbt's
and dbt's results into materializations and check results. A failing test (all are severity error, so
blocking) makes dbt skip everything built on that table and fails the step, so nothing is published. Row
counts and previews are read once dbt has let go of the warehouse file (DuckDB allows one writing process).
"""


from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, dbt_assets
from dagster_dbt.asset_utils import get_updated_cli_invocation_params_for_context
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

from pipelines.dbt_layer.compiled_sql import run_models
from pipelines.dbt_layer.failures import failure_summary
from pipelines.dbt_layer.models import model_group, test_description
from pipelines.dbt_layer.project import manifest, manifest_path
from pipelines.dbt_layer.runner import dbt_build
from pipelines.orchestration.metadata import table_metadata
from pipelines.orchestration.resources import WRITER_POOL, SalesOpsConfig
from pipelines.study_kind import group_skipped_note, sales_delivered
from pipelines.warehouse.build_folder import DBT_FOLDER
from pipelines.warehouse.build_params import write_build_params

BUILD_PARAMS = "build_params"


class SalesOpsTranslator(DagsterDbtTranslator):
    """Models and sources keep their table names as asset keys (stg_sales_lines, mart_sales_region_month)."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        return dg.AssetKey(dbt_resource_props["name"])

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        path = dbt_resource_props.get("original_file_path", "")
        return f"{dbt_resource_props.get('description') or dbt_resource_props['name']} (pipelines/dbt_project/{path})"


TRANSLATOR = SalesOpsTranslator()


@dg.asset(name=BUILD_PARAMS, group_name="core", kinds={"duckdb"}, pool=WRITER_POOL,
          deps=[dg.AssetKey("stg_sales_lines"), dg.AssetKey("stg_footfall_counts")],
          description="The as-of date every model filters on (setting, else last invoice date).")
def build_params(salesops: SalesOpsConfig) -> dg.MaterializeResult:
    with salesops.connect_staging() as con:
        as_of = write_build_params(con, salesops.settings().as_of)
    return dg.MaterializeResult(metadata={"as_of": as_of.isoformat()})


@dbt_assets(manifest=manifest_path(), dagster_dbt_translator=TRANSLATOR, name="sql_models", pool=WRITER_POOL)
def sql_models(context: dg.AssetExecutionContext, salesops: SalesOpsConfig) -> Iterator[object]:
    # Events are gathered while the warehouse is open and yielded once it is closed: a Dagster error raised on
    # one of them must not leave the file open in this process (the failure report reads it next).
    with salesops.connect_staging() as con:
        skipped = [] if sales_delivered(con) else list(_empty_without_sales(context, con))
    if skipped:
        yield from skipped
        return
    settings = salesops.settings()
    # dagster-dbt turns the run's selection (a subset of models, a selection of checks) into dbt's arguments.
    params = get_updated_cli_invocation_params_for_context(context=context, manifest=manifest(),
                                                           dagster_dbt_translator=TRANSLATOR)
    build = dbt_build(settings.staging_warehouse, settings, settings.build_dir / DBT_FOLDER,
                      selection=params.selection_args,
                      indirect_selection=params.indirect_selection or "buildable")
    events = [event for record in build.result_events
              for event in DbtCoreCliEventMessage(raw_event=record, event_history_metadata={})
              .to_default_asset_events(manifest=manifest(), dagster_dbt_translator=TRANSLATOR, context=context)]
    with salesops.connect_staging() as con:
        events = list(_with_table_metadata(context, events, con))
    yield from events
    if not build.success:
        reason = failure_summary(build.run_results, manifest()) if build.run_results else build.error
        raise dg.Failure(description=f"{reason} (dbt's log: {build.log_file})")


def _empty_without_sales(context: dg.AssetExecutionContext, con: duckdb.DuckDBPyConnection) -> Iterator[object]:
    """A study without sales: every sales model is created empty from its compiled SQL over the empty staging
    tables (seconds, where `dbt build` spends most of a study's build on nothing), and says it was skipped."""
    built = run_models(con, [key.path[-1] for key in context.selected_asset_keys])  # in dependency order
    for name in built:
        note = group_skipped_note(model_group(name))
        yield dg.Output(None, output_name=context.assets_def.get_output_name_for_asset_key(dg.AssetKey(name)),
                        metadata=table_metadata(con, name, skipped=note))
    for check in context.selected_asset_check_keys:
        note = group_skipped_note(model_group(check.asset_key.path[-1]))
        yield dg.AssetCheckResult(asset_key=check.asset_key, check_name=check.name, passed=True,
                                  description=note, metadata={"skipped": note})


def _with_table_metadata(context: dg.AssetExecutionContext, events: list[object], con: duckdb.DuckDBPyConnection
                         ) -> Iterator[object]:
    """dbt's events, with each table's row count and preview, and each failed test's description."""
    for event in events:
        if isinstance(event, dg.Output):
            name = context.asset_key_for_output(event.output_name).path[-1]
            yield event.with_metadata({**event.metadata, **table_metadata(con, name)})
        elif isinstance(event, dg.AssetCheckResult) and not event.passed:
            yield event._replace(description=test_description(event.check_name))
        else:
            yield event


def model_assets() -> list[dg.AssetsDefinition]:
    return [build_params, sql_models]
