"""Dagster definitions: `dagster dev -w workspace.yaml` loads `defs` from here."""

from __future__ import annotations

import dagster as dg

from pipelines.orchestration import dashboard_assets, footfall_assets, metric_assets, risk_assets
from pipelines.orchestration.dbt_assets import model_assets
from pipelines.orchestration.publish_assets import build_publish_asset
from pipelines.orchestration.resources import SalesOpsConfig
from pipelines.orchestration.source_assets import raw_file_specs, source_assets
from pipelines.settings import Settings

NIGHTLY_JOB = "nightly_build"
# Assets tagged with this cadence (e.g. model retraining) run on their own schedule, not nightly.
WEEKLY_TAG = {"cadence": "weekly"}


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    settings = settings or Settings.from_env()
    # Everything that writes the staging warehouse must finish before it is published.
    warehouse_writers = [*source_assets(), *model_assets(), *metric_assets.assets(), *footfall_assets.assets(),
                         *risk_assets.assets()]
    tables = [key for a in warehouse_writers for key in a.keys]
    readers = dashboard_assets.assets(tables)  # read the finished staging warehouse, write staged pages
    # Warehouse, pages and model files are published together, at the end, or not at all.
    publish = build_publish_asset([*tables, *(key for a in readers for key in a.keys)])
    # Everything in one process: a subprocess per step would cost more than the work.
    job = dg.define_asset_job(
        NIGHTLY_JOB, selection=dg.AssetSelection.all() - dg.AssetSelection.tag(*next(iter(WEEKLY_TAG.items()))),
        executor_def=dg.in_process_executor,
        description="Rebuild every asset from data/raw, then publish warehouse, dashboards and model files together.",
    )
    schedule = dg.ScheduleDefinition(
        name="nightly_at_2am", cron_schedule=settings.schedule_cron, target=job,
        execution_timezone=settings.schedule_timezone, default_status=dg.DefaultScheduleStatus.RUNNING,
    )
    extra_schedules = [*metric_assets.schedules(), *footfall_assets.schedules(), *risk_assets.schedules(),
                       *dashboard_assets.schedules()]
    return dg.Definitions(
        assets=[*raw_file_specs(), *warehouse_writers, *readers, publish],
        jobs=[job],
        schedules=[schedule, *extra_schedules],
        resources={"salesops": SalesOpsConfig.from_settings(settings)},
        executor=dg.in_process_executor,
    )


defs = build_definitions()
