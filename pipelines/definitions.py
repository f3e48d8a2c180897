"""Dagster definitions: `dagster dev -w workspace.yaml` loads `defs` from here."""

from __future__ import annotations

import dagster as dg

from pipelines.orchestration.model_assets import model_assets
from pipelines.orchestration.publish_assets import build_publish_asset
from pipelines.orchestration.resources import SalesOpsConfig
from pipelines.orchestration.source_assets import source_assets
from pipelines.settings import Settings

NIGHTLY_JOB = "nightly_build"


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    settings = settings or Settings.from_env()
    warehouse_writers = [*source_assets(), *model_assets()]
    upstream_keys = [key for a in warehouse_writers for key in a.keys]
    publish = build_publish_asset(upstream_keys)
    # Everything, in one process: each step in its own subprocess would cost more than the work.
    job = dg.define_asset_job(NIGHTLY_JOB, selection=dg.AssetSelection.all(),
                              executor_def=dg.in_process_executor,
                              description="Rebuild every asset from data/raw and publish the warehouse.")
    schedule = dg.ScheduleDefinition(
        name="nightly_at_2am", cron_schedule=settings.schedule_cron, target=job,
        execution_timezone=settings.schedule_timezone, default_status=dg.DefaultScheduleStatus.RUNNING,
    )
    return dg.Definitions(
        assets=[*warehouse_writers, publish],
        jobs=[job],
        schedules=[schedule],
        resources={"salesops": SalesOpsConfig.from_settings(settings)},
        executor=dg.in_process_executor,
    )


defs = build_definitions()
