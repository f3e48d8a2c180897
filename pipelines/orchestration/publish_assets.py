"""The last step of a build: publish the warehouse, dashboards, model files and quarantine report together."""


from collections.abc import Sequence

import dagster as dg

from pipelines.orchestration.resources import SalesOpsConfig
from pipelines.warehouse.publish import publish_build
from pipelines.warehouse.quarantine_report import write_quarantine_report


def build_publish_asset(upstream: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(name="published_warehouse", group_name="publish", kinds={"duckdb"}, deps=list(upstream),
              description="Publishes this build's warehouse (data/marts/warehouse.duckdb), dashboards, model files "
                          "and quarantine report together, once every upstream asset and blocking check succeeded: "
                          "all are swapped into place at the end, or none; readers never see a half-built or "
                          "mixed result.")
    def published_warehouse(salesops: SalesOpsConfig) -> dg.MaterializeResult:
        s = salesops.settings()
        problems = write_quarantine_report(s.staging_warehouse, s.build_dir / "quarantine")
        report = publish_build(s)
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(str(s.warehouse)),
            "size_mb": round(s.warehouse.stat().st_size / 1e6, 1),
            "published": dg.MetadataValue.json([[o.kind, str(o.path), o.detail] for o in report.outputs]),
            "quarantined_problems": problems,
        })

    return published_warehouse
