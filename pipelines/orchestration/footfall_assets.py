"""Dagster wiring for the footfall marts: one op reads the staged footfall sources, runs the study, writes.

All marts come from one domain call (pipelines.footfall.study.run_footfall_study): they share the
learned profile, the sheet-quality verdicts and the bootstrap draws, so they are built together.
"""

import dagster as dg

from pipelines.footfall.config import load_config
from pipelines.footfall.study import FOOTFALL_SOURCES, read_inputs, run_footfall_study
from pipelines.footfall.tables import MARTS, write_mart
from pipelines.orchestration.metadata import table_metadata
from pipelines.orchestration.resources import WRITER_POOL, SalesOpsConfig


def _specs() -> list[dg.AssetSpec]:
    deps = [dg.AssetKey(f"stg_{s}") for s in FOOTFALL_SOURCES]
    return [dg.AssetSpec(name, group_name="footfall", kinds={"duckdb", "python"}, skippable=True, deps=deps,
                         description=f"{description} (pipelines/footfall; docs/footfall.md)")
            for name, (description, _cols) in MARTS.items()]


@dg.multi_asset(name="footfall_study", specs=_specs(), can_subset=True, pool=WRITER_POOL)
def footfall_study(context: dg.AssetExecutionContext, salesops: SalesOpsConfig):
    cfg = load_config(salesops.settings().footfall_config)
    with salesops.connect_staging() as con:
        result = run_footfall_study(read_inputs(con), cfg)
        notes = "; ".join(result.notes)
        for note in result.notes:
            context.log.info(f"footfall: {note}")
        for name in MARTS:
            if dg.AssetKey(name) not in context.selected_asset_keys:
                continue
            write_mart(con, name, result.tables[name])
            extra = {"notes": notes}
            if result.skipped:
                extra["skipped"] = "no footfall data delivered; table is empty"
            yield dg.MaterializeResult(asset_key=name, metadata=table_metadata(con, name, **extra))


def assets() -> list[dg.AssetsDefinition]:
    return [footfall_study]


def schedules() -> list[dg.ScheduleDefinition]:
    return []
