"""Dagster wiring for the dashboards: one asset per HTML page, built before the warehouse is published.

One multi_asset op builds every selected page in both languages from the finished staging warehouse
(read-only) into the build folder, after every table is built; the publish step then swaps pages,
warehouse and model files into place together, so a page never shows another build's data. Each page
asset reports its HTML path and size; a non-blocking WARN check says whether every section with data
was built without error.
"""


from collections.abc import Sequence

import dagster as dg

from pipelines.dashboards.build import build_all_languages
from pipelines.dashboards.registry import PAGES, PageSpec
from pipelines.dbt_layer.models import is_model
from pipelines.orchestration.resources import SalesOpsConfig
from pipelines.warehouse.build_folder import ensure_staged_outputs

GROUP = "dashboards"
INDEX_SLUG = "index"
CHECK = "sections_build_without_error"


def page_key(slug: str) -> dg.AssetKey:
    return dg.AssetKey(f"dashboard_{slug}")


def _mart_deps(page: PageSpec) -> list[dg.AssetKey]:
    """The SQL-model tables a page reads, for lineage (other tables are not assets we can name here)."""
    tables = {t for s in page.sections for t in (*s.tables, *s.any_tables) if is_model(t)}
    return [dg.AssetKey(t) for t in sorted(tables)]


def _specs(warehouse_tables: Sequence[dg.AssetKey]) -> list[dg.AssetSpec]:
    # The index summarises every table, so it (and with it the one op) comes after every warehouse writer.
    specs = [dg.AssetSpec(page_key(INDEX_SLUG), group_name=GROUP, kinds={"html"}, deps=list(warehouse_tables),
                          skippable=True,
                          description="index.html: links to every page, build time, data as-of date and which "
                                      "sections have no data.")]
    for page in PAGES:
        sections = ", ".join(s.key.split(".", 1)[1] for s in page.sections)
        specs.append(dg.AssetSpec(
            page_key(page.slug), group_name=GROUP, kinds={"html", "plotly"}, skippable=True,
            deps=_mart_deps(page),
            description=f"{page.file_name} (English and Chinese editions), offline Plotly page. Sections: {sections}.",
        ))
    return specs


def build_dashboards_asset(warehouse_tables: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.multi_asset(
        name="dashboards",
        specs=_specs(warehouse_tables),
        check_specs=[dg.AssetCheckSpec(CHECK, asset=page_key(p.slug), blocking=False,
                                       description="Every section whose tables hold data was built without error")
                     for p in PAGES],
        can_subset=True,
    )
    def dashboards(context: dg.AssetExecutionContext, salesops: SalesOpsConfig):
        yield from _build_pages(context, salesops)

    return dashboards


def _build_pages(context: dg.AssetExecutionContext, salesops: SalesOpsConfig):
    published = salesops.settings()
    s = published.staged()
    ensure_staged_outputs(published)
    selected = context.selected_asset_keys
    slugs = [p.slug for p in PAGES if page_key(p.slug) in selected]
    editions = build_all_languages(s.staging_warehouse, s.dashboards_dir, s.models_dir, pages=slugs,
                                   primary_lang=s.lang)
    primary = editions[s.lang]
    others = {lang: e for lang, e in editions.items() if lang != s.lang}

    def final(path):  # where the page is once published
        return published.dashboards_dir / path.relative_to(s.dashboards_dir)

    if page_key(INDEX_SLUG) in selected:
        yield dg.MaterializeResult(asset_key=page_key(INDEX_SLUG), metadata={
            "path": dg.MetadataValue.path(str(final(primary.index))),
            **{f"path_{lang}": dg.MetadataValue.path(str(final(e.index))) for lang, e in others.items()},
            "size_kb": round(primary.index.stat().st_size / 1e3, 1),
            "build_seconds_all_languages": round(sum(e.seconds for e in editions.values()), 2),
        })
    for result in primary.pages:
        ok = [sec for sec in result.sections if sec["status"] == "ok"]
        nodata = [f"{sec['key']} (missing {', '.join(sec['missing'])})" for sec in result.sections
                  if sec["status"] == "nodata"]
        errors = [f"{sec['key']}: {sec['error']}" for sec in result.sections if sec["status"] == "error"]
        for error in errors:
            context.log.warning(f"dashboard section failed: {error}")
        yield dg.MaterializeResult(asset_key=page_key(result.slug), metadata={
            "path": dg.MetadataValue.path(str(final(result.path))),
            **{f"path_{lang}": dg.MetadataValue.path(str(final(e.directory / result.path.name)))
               for lang, e in others.items()},
            "size_mb": round(result.path.stat().st_size / 1e6, 2),
            "build_seconds": round(result.seconds, 2),
            "plots": result.plots,
            "sections_with_data": f"{len(ok)} / {len(result.sections)}",
            "sections_without_data": dg.MetadataValue.md("\n".join(f"- {n}" for n in nodata) or "none"),
        })
        yield dg.AssetCheckResult(asset_key=page_key(result.slug), check_name=CHECK, passed=not errors,
                                  severity=dg.AssetCheckSeverity.WARN,
                                  description=f"{result.path.name}: sections failed: {'; '.join(errors)}"
                                  if errors else "every section with data was built",
                                  metadata={"errors": dg.MetadataValue.md("\n".join(f"- {e}" for e in errors)
                                                                          or "none")})


def assets(warehouse_tables: Sequence[dg.AssetKey]) -> list[dg.AssetsDefinition]:
    """The dashboards op, run after every asset that writes one of warehouse_tables."""
    return [build_dashboards_asset(warehouse_tables)]


def schedules() -> list[dg.ScheduleDefinition]:
    return []

