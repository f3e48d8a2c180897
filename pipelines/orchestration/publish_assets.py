"""The last step of a build: swap the staging warehouse into place atomically."""


from collections.abc import Sequence

import dagster as dg

from pipelines.orchestration.resources import SalesOpsConfig
from pipelines.warehouse.publish import publish_warehouse


def build_publish_asset(upstream: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(name="published_warehouse", group_name="publish", kinds={"duckdb"}, deps=list(upstream),
              description="data/marts/warehouse.duckdb, replaced atomically once every upstream asset "
                          "and blocking check succeeded; readers never see a half-built warehouse.")
    def published_warehouse(salesops: SalesOpsConfig) -> dg.MaterializeResult:
        s = salesops.settings()
        target = publish_warehouse(s.staging_warehouse, s.warehouse)
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(str(target)),
            "size_mb": round(target.stat().st_size / 1e6, 1),
        })

    return published_warehouse
