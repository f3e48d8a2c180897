"""raw_<source> and stg_<source> assets for every contract.

raw_<source> is the source's folder under data/raw: an external asset the pipeline reads and never
writes, so each build observes it (rows read, files, malformed lines, a preview as read) rather than
materializing it. The stg_<source> assets are built in one op to keep framework overhead low; each
is still its own asset with its own blocking quarantine check, and a subset can be materialized
from the UI. A source with a structural error stops (the others
still load) and the op fails at the end, so nothing downstream is built or published from partial inputs.
"""

from collections.abc import Iterator
from datetime import date

import dagster as dg
import duckdb

from pipelines.contracts import ALL_CONTRACTS, CONTRACTS, Contract
from pipelines.contracts.plausibility import DateWindow
from pipelines.ingest.errors import SourceError
from pipelines.ingest.ingest_source import IngestReport, ingest_source
from pipelines.ingest.members_from_ids import member_lines
from pipelines.ingest.messages import beside
from pipelines.ingest.raw_files import unaccounted_files
from pipelines.ingest.stop_messages import quarantine_verdict
from pipelines.orchestration.metadata import markdown_table, table_metadata
from pipelines.orchestration.resources import WRITER_POOL, SalesOpsConfig
from pipelines.settings import Settings
from pipelines.warehouse.build_folder import start_full_build

QUARANTINE_CHECK = "quarantined_share_below_threshold"
LINES_CHECK = "every_line_accounted_for"
REVIEW_CHECK = "nothing_to_review"
MEMBERS_CHECK = "ids_have_master_rows"


def _uses_member_masters(contract: Contract) -> bool:
    """True when the source refers to a master whose missing ids become members (customers, reps, ...)."""
    return any(CONTRACTS[c.references.split(".")[0]].members_from_ids for c in contract.columns if c.references)


def raw_file_specs() -> list[dg.AssetSpec]:
    """The raw folders, as external assets upstream of staging."""
    return [dg.AssetSpec(f"raw_{c.name}", group_name="raw", kinds={"csv", "parquet"},
                         description=f"{c.description} CSV or Parquet files under data/raw/{c.name}/ "
                                     "(read by stg_" + c.name + ", never modified; what was read from each file "
                                     "is in the raw_files table).")
            for c in ALL_CONTRACTS]


def _specs() -> list[dg.AssetSpec]:
    specs = []
    for c in ALL_CONTRACTS:
        raw_key, stg_key = dg.AssetKey(f"raw_{c.name}"), dg.AssetKey(f"stg_{c.name}")
        specs.append(dg.AssetSpec(
            stg_key, group_name="staging", kinds={"duckdb"}, skippable=True,
            deps=[raw_key, *(dg.AssetKey(f"stg_{ref}") for ref in c.referenced_sources)],
            description=f"{c.description} Typed, validated against its contract and deduplicated; "
                        "bad rows go to the quarantine table with file, row, column, value and rule.",
        ))
    return specs


@dg.multi_asset(
    name="ingest_sources",
    specs=_specs(),
    check_specs=[spec for c in ALL_CONTRACTS for spec in (
        dg.AssetCheckSpec(QUARANTINE_CHECK, asset=f"stg_{c.name}", blocking=True,
                          description="Quarantined share of rows is below the threshold"),
        dg.AssetCheckSpec(LINES_CHECK, asset=f"stg_{c.name}", blocking=True,
                          description="Every row of every file is accepted, quarantined, re-delivered, superseded "
                                      "or skipped (raw_files: data_rows equals the sum of the outcomes)"),
        dg.AssetCheckSpec(REVIEW_CHECK, asset=f"stg_{c.name}", blocking=False,
                          description="Every file in the source's folder is read and no accepted value is beyond "
                                      "1,000 times its column's 99.9th percentile (a warning names each)"),
    )] + [dg.AssetCheckSpec(MEMBERS_CHECK, asset=f"stg_{c.name}", blocking=False,
                            description="Every customer, rep, product and region id used has a row in its master "
                                        "export (an id without one is kept as a member named by its id, and named "
                                        "in a warning)")
          for c in ALL_CONTRACTS if _uses_member_masters(c)],
    can_subset=True,
    pool=WRITER_POOL,
)
def ingest_sources(context: dg.AssetExecutionContext, salesops: SalesOpsConfig):
    settings = salesops.settings()
    contracts = [c for c in ALL_CONTRACTS if dg.AssetKey(f"stg_{c.name}") in context.selected_asset_keys]
    if len(contracts) == len(ALL_CONTRACTS):
        for note in start_full_build(settings):  # leftovers of killed builds, an empty staging warehouse
            context.log.warning(note)
    stopped: list[str] = []
    window = DateWindow.around(date.today(), settings.earliest_date, settings.future_margin_days)
    with salesops.connect_staging() as con:
        for contract in contracts:
            try:
                report = ingest_source(con, contract, settings.raw_dir, settings.build_dir, window)
            except SourceError as exc:
                context.log.error(exc.message)
                stopped.append(beside(exc.message, exc.message_in("zh"), settings.lang))
                continue
            if report.message:
                context.log.info(f"{contract.name}: {report.message}")
            context.log_event(_raw_observation(report))
            yield from _results(con, report, settings)
    if stopped:
        raise dg.Failure(description=("\n" if settings.lang == "zh" else "; ").join(stopped))


def _raw_observation(report: IngestReport) -> dg.AssetObservation:
    """What was read from the source's files: they are the raw asset, which the pipeline never writes."""
    raw = report.raw
    return dg.AssetObservation(asset_key=f"raw_{report.source}", metadata={
        "dagster/row_count": raw.rows_read, "files": ", ".join(raw.files) or "(none)",
        "malformed_lines": raw.malformed_lines,
        "preview": dg.MetadataValue.md(markdown_table(raw.preview_columns, raw.preview_rows)),
    })


def _results(con: duckdb.DuckDBPyConnection, report: IngestReport, settings: Settings) -> Iterator[object]:
    name, stage = report.source, report.stage
    yield dg.MaterializeResult(asset_key=f"stg_{name}", metadata=table_metadata(
        con, f"stg_{name}", status=report.status, files=", ".join(report.raw.files) or "(none)",
        rows_read=report.raw.rows_read, malformed_lines=report.raw.malformed_lines,
        rows_quarantined=stage.rows_quarantined, rows_redelivered=stage.rows_redelivered,
        notes=report.message or "-"))
    share = stage.quarantined_share
    yield dg.AssetCheckResult(
        asset_key=f"stg_{name}", check_name=QUARANTINE_CHECK,
        passed=share <= settings.quarantine_threshold,
        metadata={"quarantined_share": share, "threshold": settings.quarantine_threshold,
                  "rows_quarantined": stage.rows_quarantined, "rows_in": stage.rows_in,
                  "rows_redelivered": stage.rows_redelivered},
        description=quarantine_verdict(con, stage, settings.quarantine_threshold, settings.lang),
    )
    unaccounted = unaccounted_files(con, name)
    yield dg.AssetCheckResult(
        asset_key=f"stg_{name}", check_name=LINES_CHECK, passed=not unaccounted,
        metadata={"files": len(report.raw.files), "files_unaccounted": len(unaccounted)},
        description="; ".join(f"{f}: {gap:+,} of {rows:,} rows not accounted for" for f, rows, gap in unaccounted)
        or f"every row of {len(report.raw.files)} file(s) accounted for (see raw_files)")
    warnings = [f"NOT READ {name}/{entry}: {why}" for entry, why in report.raw.not_read]
    if stage.values_flagged:
        warnings.append(f"{stage.values_flagged} values flagged for review: SELECT * FROM outliers "
                        f"WHERE source = '{name}'")
    if _uses_member_masters(CONTRACTS[name]):
        members = member_lines(con, name)
        yield dg.AssetCheckResult(
            asset_key=f"stg_{name}", check_name=MEMBERS_CHECK, passed=not members,
            severity=dg.AssetCheckSeverity.WARN, metadata={"ids_without_master_row": stage.members_from_ids},
            description="; ".join(members) or "every id used has a row in its master export (or the master "
                                              "export is absent: see load_log)")
    yield dg.AssetCheckResult(
        asset_key=f"stg_{name}", check_name=REVIEW_CHECK, passed=not warnings, severity=dg.AssetCheckSeverity.WARN,
        metadata={"not_read": len(report.raw.not_read), "values_flagged": stage.values_flagged},
        description="; ".join(warnings) or "every file in the folder was read; no value flagged for review")


def source_assets() -> list[dg.AssetsDefinition]:
    return [ingest_sources]
