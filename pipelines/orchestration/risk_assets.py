"""Dagster wiring for the risk models (pipelines/risk).

- `risk_scores`: one op, one asset per risk_* table, in the nightly build. Scores every model for the
  as-of date and trains a model first when none exists yet (or it no longer fits the data), so a
  fresh `salesops build` yields models and scores. A model whose sources are missing writes an empty
  table and says why in the asset's metadata and the evaluation table.
- `risk_models`: retraining (backtest + refit + model cards) on its own weekly schedule, from the
  published warehouse; the nightly job leaves it out (tag cadence=weekly). It reaches the definitions
  through its schedule's target, so it is not a warehouse writer the publish step waits for.
"""

import dagster as dg

from pipelines.orchestration.metadata import table_metadata
from pipelines.orchestration.resources import WRITER_POOL, SalesOpsConfig
from pipelines.risk.queries import SHARED_MODELS
from pipelines.risk.run import EVALUATION_TABLE, all_models, retrain_all, risk_tables, score_all, write_tables
from pipelines.risk.summary import SUMMARY_TABLE
from pipelines.settings import Settings
from pipelines.warehouse.build_folder import ensure_staged_outputs
from pipelines.warehouse.connection import connect

GROUP = "risk"
RETRAIN_SCHEDULE = "risk_retrain_weekly"
WEEKLY = {"cadence": "weekly"}  # pipelines.definitions.WEEKLY_TAG: excluded from the nightly job
RETRAIN_CRON = "0 4 * * 0"  # Sundays 04:00, after the nightly build
# Tables the scoring reads (dependencies for lineage and ordering in the nightly job).
# The tables the risk SQL reads: dims and facts, and the shared int_ definitions its features are built on.
UPSTREAM = ("build_params", "dim_customer", "dim_product", "fct_sales_lines", "fct_collections", "fct_returns",
            "fct_visits", "fct_inventory", "fct_sell_out", "dim_calendar", *SHARED_MODELS)
RISK_MODELS = dg.AssetKey("risk_models")

_DESCRIPTIONS = {
    "risk_customer_churn": "Churn risk per active customer: P(no purchase in the next H days), band, top 3 drivers.",
    "risk_stockout": "Stock-out risk per product x location: P(a count in the next N days finds nothing on hand), "
                     "days of cover, reorder point and recommended reorder quantity, top 3 drivers.",
    "risk_channel_stuffing": "Channel-stuffing risk per distributor x month whose outcome window is still open: "
                             "P(returns or unsold channel stock follow the sell-in), top 3 drivers.",
    "risk_stuffing_rep_month": "Channel-stuffing risk rolled up to rep x month: expected events, chance of any, "
                               "sell-in at risk, riskiest distributors.",
    EVALUATION_TABLE: "Backtest metrics per model, scorer (model or baseline) and snapshot, ground-truth checks "
                      "and each model's status (scored, or skipped and why).",
    SUMMARY_TABLE: "Per model and build: trained or reused, which model scored, rows scored out of eligible, backtest "
                   "ROC AUC / Brier of the champion and the best baseline, any stand-in or skip with its reason.",
}


def _specs() -> list[dg.AssetSpec]:
    deps = [dg.AssetKey(t) for t in UPSTREAM]
    return [dg.AssetSpec(t, group_name=GROUP, kinds={"duckdb", "scikit-learn"}, skippable=True, deps=deps,
                         description=_DESCRIPTIONS.get(t, t)) for t in risk_tables()]


MODEL_RAN = "model_ran"


def _checks() -> list[dg.AssetCheckSpec]:
    # Not blocking: a model that cannot train must not hold back the marts and dashboards, but it must show (WARN).
    return [dg.AssetCheckSpec(MODEL_RAN, asset=m.table, blocking=False,
                              description="The model was backtested and scored as designed; a WARN carries why not "
                                          "(skipped, failed, or a stand-in scored)")
            for m in all_models()]


@dg.multi_asset(name="risk_scores", specs=_specs(), check_specs=_checks(), can_subset=True, pool=WRITER_POOL)
def risk_scores(context: dg.AssetExecutionContext, salesops: SalesOpsConfig):
    # Model files trained now go into the build folder and are published with the warehouse.
    ensure_staged_outputs(salesops.settings())
    settings = salesops.settings().staged()
    selected = {k.to_user_string() for k in context.selected_asset_keys}
    with salesops.connect_staging() as con:
        run = score_all(con, settings)
        for status in run.statuses:
            context.log.info(status.message)
        write_tables(con, {t: df for t, df in run.tables.items() if t in selected})
        for table in risk_tables():
            if table not in selected:
                continue
            status = run.status_of(table)
            extra = {"status": status.status, "message": status.message} if status else {}
            yield dg.MaterializeResult(asset_key=table, metadata=table_metadata(con, table, **extra))
        for model, status in zip(all_models(), run.statuses, strict=True):
            if model.table in selected:
                yield dg.AssetCheckResult(
                    asset_key=model.table, check_name=MODEL_RAN, passed=status.warning is None,
                    severity=dg.AssetCheckSeverity.WARN, description=status.warning or status.message,
                    metadata={"status": status.status, "scored_by": status.scored_by or "", "rows_scored": status.rows,
                              "eligible": status.eligible or 0})


@dg.asset(key=RISK_MODELS, group_name=GROUP, kinds={"scikit-learn"}, tags=WEEKLY,
          deps=[dg.AssetKey("published_warehouse")],
          description="Backtest and refit the churn, stock-out and stuffing models on the published warehouse; "
                      "writes models/<name>/model.skops with model_card.json and model_card.md.")
def risk_models(context: dg.AssetExecutionContext, salesops: SalesOpsConfig) -> dg.MaterializeResult:
    settings = salesops.settings()
    if not settings.warehouse.exists():
        raise dg.Failure(description=f"no published warehouse at {settings.warehouse}: run `salesops build` first")
    with connect(settings.warehouse, settings, read_only=True) as con:
        outcomes = retrain_all(con, settings)
    for o in outcomes:
        context.log.info(o.message)
    return dg.MaterializeResult(metadata={
        **{f"{o.model}": f"{o.status}: {o.message}" for o in outcomes},
        "models_dir": dg.MetadataValue.path(str(settings.models_dir)),
    })


def assets() -> list[dg.AssetsDefinition]:
    """Warehouse writers of the nightly build (the retraining asset comes in through its schedule)."""
    return [risk_scores]


def schedules() -> list[dg.ScheduleDefinition]:
    return [dg.ScheduleDefinition(name=RETRAIN_SCHEDULE, cron_schedule=RETRAIN_CRON, target=risk_models,
                                  execution_timezone=Settings.from_env().schedule_timezone,
                                  description="Weekly: backtest and retrain the risk models.",
                                  default_status=dg.DefaultScheduleStatus.RUNNING)]
