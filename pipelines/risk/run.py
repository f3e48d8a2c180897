"""Entry points: nightly scoring (training first when a model is missing or stale) and weekly retraining.

Dagster assets call these; so can a notebook or a test, with a DuckDB connection to the warehouse.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from pipelines.risk.base import Context, RiskModel, read_context
from pipelines.risk.champion import scorer_for
from pipelines.risk.churn import ChurnModel
from pipelines.risk.features import usable
from pipelines.risk.persist import ModelBundle, load_bundle
from pipelines.risk.score import score_rows
from pipelines.risk.stockout import StockoutModel
from pipelines.risk.stuffing import StuffingModel
from pipelines.risk.summary import SUMMARY_TABLE, summary_table
from pipelines.risk.train import SPEC_VERSION, TrainOutcome, train_model
from pipelines.settings import Settings
from pipelines.study_kind import NO_SALES_NOTE

log = logging.getLogger(__name__)
EVALUATION_TABLE = "risk_model_evaluation"
# DuckDB's share of memory while the risk step runs: the feature arrays and tree fits live in Python.
DUCKDB_MEMORY = "1GB"


def all_models() -> list[RiskModel]:
    return [ChurnModel(), StockoutModel(), StuffingModel()]


def risk_tables() -> list[str]:
    """Every table nightly scoring writes."""
    out = []
    for m in all_models():
        out += [m.table, *m.empty_rollups()]
    return [*out, EVALUATION_TABLE, SUMMARY_TABLE]


@dataclass
class ModelStatus:
    model: str
    status: str  # scored | skipped | failed
    message: str
    trained_now: bool = False
    rows: int = 0  # rows scored
    seconds: float = 0.0
    eligible: int | None = None  # entities the table should cover (None when the data could not be read)
    scored_by: str | None = None  # the champion: model, or the baseline that won or stood in
    fallback: str | None = None  # why a stand-in scored instead of a backtested champion
    champion_metrics: dict[str, object] = field(default_factory=dict)
    runner_up: str | None = None  # the best baseline when the model won, else the next best (maybe the model)
    runner_up_metrics: dict[str, object] = field(default_factory=dict)

    @property
    def warning(self) -> str | None:
        """Why the model could not be trained and checked as designed (None when it was)."""
        if self.status != "scored":
            return self.message
        return self.fallback


@dataclass
class RiskRun:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    statuses: list[ModelStatus] = field(default_factory=list)

    def status_of(self, table: str) -> ModelStatus | None:
        for m, s in zip(all_models(), self.statuses, strict=False):
            if table == m.table or table in m.empty_rollups():
                return s
        return None


def stale_reason(card: dict[str, object], model: RiskModel, ctx: Context, settings: Settings) -> str | None:
    """Why a saved model cannot score this warehouse (None when it can)."""
    features = [f.name for f in usable(model.features, ctx.sources)]
    if card.get("spec_version") != SPEC_VERSION:
        return "the model file predates the current features and labels"
    if card.get("horizon_days") != model.horizon(settings):
        return f"it was trained for a {card.get('horizon_days')}-day horizon, the setting is {model.horizon(settings)}"
    if card.get("features_considered") != features:
        return "the delivered sources changed the available features"
    if str(card.get("as_of")) > ctx.as_of.isoformat():
        return f"it was trained on data up to {card.get('as_of')}, after this build's as-of date {ctx.as_of}"
    if card.get("fallback") and str(card.get("as_of")) < ctx.as_of.isoformat():
        return "a stand-in scored while the history was too short for a backtest, and the history has grown since"
    return None


def score_all(con: duckdb.DuckDBPyConnection, settings: Settings, train_if_needed: bool = True) -> RiskRun:
    """Score every model for the warehouse's as-of date; trains a model first when none fits.

    A model whose sources are missing, or whose history is too short, yields an empty table and a
    message saying why; the others still run.
    """
    with duckdb_memory(con, DUCKDB_MEMORY):
        ctx = read_context(con, settings)
        run = RiskRun()
        bundles: dict[str, ModelBundle] = {}
        for model in all_models():
            started = time.perf_counter()
            try:
                status, bundle = _score_one(model, con, settings, ctx, run, train_if_needed)
            except Exception as exc:  # one model's failure must not cost the others their scores
                log.exception("risk model %s failed", model.name)
                run.tables[model.table] = score_rows(model, None, model.empty_frame(), ctx)
                run.tables.update(model.empty_rollups())
                status, bundle = ModelStatus(model.name, "failed", f"{model.title} failed: "
                                             f"{type(exc).__name__}: {exc}"), None
            status.seconds = time.perf_counter() - started
            run.statuses.append(status)
            if bundle is not None:
                bundles[model.name] = bundle
        run.tables[EVALUATION_TABLE] = evaluation_table(bundles, run.statuses, ctx)
        run.tables[SUMMARY_TABLE] = summary_table(run.statuses)
    return run


@contextmanager
def duckdb_memory(con: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """Lower DuckDB's memory limit for the block (never raise it), then restore the previous one."""
    previous = con.sql("SELECT current_setting('memory_limit')").fetchall()[0][0]
    lowered = _bytes(limit) < _bytes(previous)
    if lowered:
        con.sql(f"SET memory_limit = '{limit}'")
    try:
        yield
    finally:
        if lowered:
            con.sql(f"SET memory_limit = '{previous}'")


def _bytes(text: str) -> float:
    units = {"kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
             "b": 1}
    t = str(text).strip().lower().replace(" ", "")
    for unit, factor in units.items():
        if t.endswith(unit):
            try:
                return float(t[: -len(unit)]) * factor
            except ValueError:
                break
    return float("inf")


def _score_one(model: RiskModel, con: duckdb.DuckDBPyConnection, settings: Settings, ctx: Context, run: RiskRun,
               train_if_needed: bool) -> tuple[ModelStatus, ModelBundle | None]:
    horizon = model.horizon(settings)
    empty = score_rows(model, None, model.empty_frame(), ctx)

    def skip(message: str) -> tuple[ModelStatus, None]:
        run.tables[model.table] = empty
        run.tables.update(model.empty_rollups())
        return ModelStatus(model.name, "skipped", message), None

    reason = NO_SALES_NOTE if not ctx.source_rows.get("sales_lines") else model.skip_reason(ctx)
    if reason:
        return skip(reason)
    data = model.load(con, ctx, horizon)
    bundle = load_bundle(settings.models_dir, model.name)
    why = "no model file yet" if bundle is None else stale_reason(bundle.card, model, ctx, settings)
    trained_now = False
    if why:
        if not train_if_needed:
            return skip(f"{model.title}: not scored ({why}); run the weekly retraining")
        outcome: TrainOutcome = train_model(model, con, settings, ctx, data)
        if outcome.bundle is None:
            status, _ = skip(outcome.message)
            status.eligible = len(model.frame(data, model.scoring_snapshots(ctx, horizon), horizon))
            return status, None
        bundle, trained_now = outcome.bundle, True
    frame = model.frame(data, model.scoring_snapshots(ctx, horizon), horizon)
    scorer = scorer_for(model, bundle, data, horizon)
    scored = score_rows(model, scorer, frame, ctx, str(bundle.card["as_of"]))
    run.tables[model.table] = scored
    run.tables.update(model.rollups(scored))
    card = bundle.card
    n_scored = int(scored["probability"].notna().sum())
    message = (f"{model.title}: {n_scored:,} of {len(frame):,} rows scored as of {ctx.as_of} by {scorer.name}, "
               f"trained on data up to {card['as_of']}" + (f" (trained now: {why})" if trained_now else ""))
    overall = (card.get("backtest") or {}).get("overall") or {}
    champion = card["champion"]
    status = ModelStatus(model.name, "scored", message, trained_now, n_scored, eligible=len(frame),
                         scored_by=scorer.name, fallback=card.get("fallback"),
                         champion_metrics=overall.get(scorer.name, {}), runner_up=champion.get("runner_up"),
                         runner_up_metrics=overall.get(champion.get("runner_up") or "", {}))
    return status, bundle


def retrain_all(con: duckdb.DuckDBPyConnection, settings: Settings) -> list[TrainOutcome]:
    """Backtest and refit every model on the warehouse as it is now (the weekly asset)."""
    with duckdb_memory(con, DUCKDB_MEMORY):
        ctx = read_context(con, settings)
        return [train_model(m, con, settings, ctx) for m in all_models()]


EVALUATION_COLUMNS = {
    "model": "string", "scorer": "string", "scope": "string", "snapshot_date": "object", "n_rows": "Int64",
    "n_events": "Int64", "event_rate": "float64", "roc_auc": "float64", "pr_auc": "float64", "brier": "float64",
    "lift_top_decile": "float64", "gt_flagged": "Int64", "gt_precision": "float64", "gt_recall": "float64",
    "gt_planted": "Int64", "horizon_days": "Int64", "model_as_of": "string", "as_of_date": "object",
    "note": "string",
}


def evaluation_table(bundles: dict[str, ModelBundle], statuses: list[ModelStatus], ctx: Context) -> pd.DataFrame:
    """Backtest metrics per model, scorer and snapshot (scope 'overall' pools them), ground-truth checks,
    and one 'status' row per model saying whether it scored or why not."""
    rows: list[dict[str, object]] = []
    for status in statuses:
        card = bundles[status.model].card if status.model in bundles else {}
        common = {"model": status.model, "horizon_days": card.get("horizon_days"),
                  "model_as_of": card.get("as_of"), "as_of_date": ctx.as_of}
        rows.append({**common, "scope": "status", "note": status.message})
        for m in (card.get("backtest") or {}).get("metrics", []):
            rows.append({**common, "scorer": m["scorer"], "scope": "snapshot" if m["snapshot_date"] else "overall",
                         "snapshot_date": pd.Timestamp(m["snapshot_date"]).date() if m["snapshot_date"] else None,
                         **{k: m.get(k) for k in ("n_rows", "n_events", "event_rate", "roc_auc", "pr_auc", "brier",
                                                  "lift_top_decile")}})
        for g in card.get("ground_truth") or []:
            rows.append({**common, "scorer": g["scorer"], "scope": f"ground truth: {g['scope']}",
                         "gt_flagged": g["flagged"], "gt_precision": g["precision"], "gt_recall": g["recall"],
                         "gt_planted": g["planted"],
                         "note": "precision and recall among the top 5% flagged each month"})
    df = pd.DataFrame(rows, columns=list(EVALUATION_COLUMNS))
    for col, dtype in EVALUATION_COLUMNS.items():
        if dtype != "object":
            df[col] = df[col].replace({None: np.nan}).astype(dtype) if dtype == "float64" else df[col].astype(dtype)
    return df


def write_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]) -> None:
    """(Re)create each table from its DataFrame."""
    for name, df in tables.items():
        con.register("_risk_out", df)
        try:
            con.sql(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _risk_out')
        finally:
            con.unregister("_risk_out")
