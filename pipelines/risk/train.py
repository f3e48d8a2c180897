"""Training one risk model end to end: snapshot plan, backtest of the model against its baselines, the
champion, final fit, model file and card. With too little history for a backtest, the model's label-free
or rule fallback is fitted instead and the card says why."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.risk import cards
from pipelines.risk.backtest import BacktestResult, rows_of, run_backtest
from pipelines.risk.base import Context, RiskModel, read_context
from pipelines.risk.baselines import Baseline
from pipelines.risk.champion import choose_champion, runner_up
from pipelines.risk.drivers import typical_values
from pipelines.risk.estimator import HGB_PARAMS, MIN_CLASS_ROWS, NotEnoughHistory, design_matrix, fit_calibrated
from pipelines.risk.features import Feature, usable, with_found_categories
from pipelines.risk.persist import ModelBundle, save_bundle
from pipelines.risk.plan import SnapshotPlan, too_short_message, viable_designs
from pipelines.risk.workers import Workers
from pipelines.settings import Settings

# Bumped when features, labels or cards change meaning, so older model files are retrained, not reused.
SPEC_VERSION = 3
SEED = 0


@dataclass
class TrainOutcome:
    model: str
    status: str  # "trained" or "skipped"
    message: str
    seconds: float = 0.0
    bundle: ModelBundle | None = None


def train_model(model: RiskModel, con: duckdb.DuckDBPyConnection, settings: Settings,
                ctx: Context | None = None, data: object | None = None) -> TrainOutcome:
    """Backtest, choose the champion, fit it on everything known at the as-of date, save it with its card.

    Returns a skipped outcome (never raises) when the sources are missing, or when the history is too
    short for a backtest and the fallback cannot be fitted either.
    """
    started = time.perf_counter()
    ctx = ctx or read_context(con, settings)
    reason = model.skip_reason(ctx)
    if reason:
        return TrainOutcome(model.name, "skipped", reason)
    horizon = model.horizon(settings)
    considered = usable(model.features, ctx.sources)
    plan = model.plan(ctx, horizon)
    data = data if data is not None else model.load(con, ctx, horizon)
    frame = model.training_rows(model.frame(data, plan.labeled, horizon)) if plan.labeled else None
    features = with_found_categories(considered, frame) if frame is not None else considered
    baselines = model.baselines(data, horizon)
    candidates = viable_designs(plan, horizon, ctx.as_of, model.designs, event_counts(frame), MIN_CLASS_ROWS) \
        if frame is not None else iter(())
    try:
        with Workers() as workers:
            plan, backtest, final = _first_backtest(model, frame, candidates, features, baselines, plan, horizon,
                                                    ctx, workers)
            fit_rows, cal_rows, X_fit, fitting = final
            fitted = fitting.result()
    except NotEnoughHistory as exc:
        return _fallback(model, ctx, settings, horizon, baselines, frame, considered, plan, str(exc), started)
    champion, why = choose_champion(backtest)
    trained_rows = pd.concat([fit_rows, cal_rows])
    fitted_baselines = {b.name: b.fit(trained_rows).fitted() for b in baselines}
    card = _card(model, ctx, horizon, fitted.features, plan, fitted, backtest, fit_rows, cal_rows,
                 typical_values(X_fit, fitted.features))
    card["features_considered"] = [f.name for f in considered]
    card["features_dropped"] = [{"name": k, "reason": v} for k, v in fitted.dropped.items()]
    card["champion"] = {"scorer": champion, "reason": why, "fitted": fitted_baselines.get(champion),
                        "runner_up": runner_up(backtest, champion)}
    save_bundle(settings.models_dir, model.name, fitted.classifier, card, cards.card_markdown(card))
    overall = backtest.overall(champion)
    message = (f"{model.title}: champion {champion} (backtest ROC AUC {overall['roc_auc']}, Brier "
               f"{overall['brier']} over {len({d for s in plan.splits for d in s.eval_dates})} snapshots); saved to "
               f"{settings.models_dir / model.name}")
    return TrainOutcome(model.name, "trained", message, time.perf_counter() - started,
                        ModelBundle(fitted.classifier, card))


def _first_backtest(model: RiskModel, frame: pd.DataFrame | None, candidates: Iterator[SnapshotPlan],
                    features: tuple[Feature, ...], baselines: list[Baseline], plan: SnapshotPlan, horizon: int,
                    ctx: Context, workers: Workers) -> tuple[SnapshotPlan, BacktestResult, FinalFit]:
    """The richest design whose backtest runs (its blocks hold enough events to fit), with its result and
    its final fit, started first so that it runs beside the backtest's fits."""
    last: NotEnoughHistory | None = None
    for candidate in candidates:
        final = _start_final_fit(frame, candidate, features, workers)
        try:
            return candidate, run_backtest(model, frame, candidate.splits, features, baselines, SEED, workers), final
        except NotEnoughHistory as exc:
            final[-1].cancel()
            last = exc
    raise last or NotEnoughHistory(too_short_message(model.title, plan, horizon, ctx.first_day, ctx.as_of))


# The final model's fitting rows, calibration rows, fitting matrix and the fit under way.
FinalFit = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, Future]


def _start_final_fit(frame: pd.DataFrame, plan: SnapshotPlan, features: tuple[Feature, ...],
                     workers: Workers) -> FinalFit:
    fit_rows, cal_rows = rows_of(frame, plan.final.fit_dates), rows_of(frame, plan.final.cal_dates)
    X_fit = design_matrix(fit_rows, features)
    fitting = workers.submit(fit_calibrated, X_fit, fit_rows["label"].to_numpy(), design_matrix(cal_rows, features),
                             cal_rows["label"].to_numpy(), features, SEED)
    return fit_rows, cal_rows, X_fit, fitting


def _fallback(model: RiskModel, ctx: Context, settings: Settings, horizon: int, baselines: list[Baseline],
              frame: pd.DataFrame | None, considered: tuple[Feature, ...], plan: SnapshotPlan, reason: str,
              started: float) -> TrainOutcome:
    """No backtest possible: the model's fallback scores (label-free, or a rule fitted on every labelled row)."""
    baseline = next((b for b in baselines if b.name == model.fallback), None)
    labelled = frame[frame["label"].notna()] if frame is not None else pd.DataFrame({"label": []})
    events = int(labelled["label"].sum())
    if baseline is None:
        return TrainOutcome(model.name, "skipped", reason, time.perf_counter() - started)
    if baseline.needs_labels:
        if min(events, len(labelled) - events) < MIN_CLASS_ROWS:
            return TrainOutcome(model.name, "skipped", (
                f"{reason}; the {baseline.name} fallback cannot be calibrated either ({len(labelled)} labelled rows, "
                f"{events} events: at least {MIN_CLASS_ROWS} of each outcome are needed)"),
                time.perf_counter() - started)
        baseline.fit(labelled)
    fallback = f"{reason}. {baseline.name} scores instead" + (
        " (label-free: it needs no labelled history)" if not baseline.needs_labels
        else f" (calibrated on all {len(labelled):,} labelled rows, {events:,} events; not checked on a backtest)")
    card = {
        "model": model.name, "title": model.title, "predicts": model.predicts.format(horizon=horizon),
        "spec_version": SPEC_VERSION, "as_of": ctx.as_of.isoformat(), "trained_at": cards.now_utc(),
        "horizon_days": horizon, "entity": list(model.entity), "table": model.table,
        "snapshot_plan": plan.to_dict(), "features": [], "features_considered": [f.name for f in considered],
        "features_dropped": [], "fallback": fallback,
        "champion": {"scorer": baseline.name, "reason": fallback, "fitted": baseline.fitted(), "runner_up": None},
        "baselines": {baseline.name: baseline.description},
        "package_versions": cards.package_versions(),
    }
    save_bundle(settings.models_dir, model.name, None, card, cards.card_markdown(card))
    return TrainOutcome(model.name, "trained", f"{model.title}: {fallback}", time.perf_counter() - started,
                        ModelBundle(None, card))


def event_counts(frame: pd.DataFrame) -> dict:
    """(events, non-events) per snapshot among the labelled rows."""
    labelled = frame[frame["label"].notna()]
    grouped = labelled.groupby("snapshot_date")["label"].agg(["sum", "size"])
    return {d: (int(r["sum"]), int(r["size"] - r["sum"])) for d, r in grouped.iterrows()}


def _card(model: RiskModel, ctx: Context, horizon: int, features, plan: SnapshotPlan, fitted,
          backtest: BacktestResult, fit_rows: pd.DataFrame, cal_rows: pd.DataFrame,
          typical: dict[str, float | None]) -> dict[str, object]:
    trained_on = pd.concat([fit_rows, cal_rows])
    cols = [*model.entity, "snapshot_date", *(f.name for f in features), "label"]
    overall = {m["scorer"]: {k: m[k] for k in ("roc_auc", "pr_auc", "brier", "lift_top_decile")}
               for m in backtest.metrics if m["snapshot_date"] is None}
    final, design = plan.final, plan.design
    return {
        "model": model.name,
        "title": model.title,
        "predicts": model.predicts.format(horizon=horizon),
        "spec_version": SPEC_VERSION,
        "as_of": ctx.as_of.isoformat(),
        "trained_at": cards.now_utc(),
        "horizon_days": horizon,
        "entity": list(model.entity),
        "table": model.table,
        "snapshot_plan": plan.to_dict(),
        "fallback": None,
        "training_window": {
            "first_snapshot": min(final.fit_dates).isoformat(),
            "last_snapshot": max(final.cal_dates).isoformat(),
            "fit_snapshots": [d.isoformat() for d in final.fit_dates],
            "calibration_snapshots": [d.isoformat() for d in final.cal_dates],
            "n_fit_rows": fitted.n_fit, "n_calibration_rows": fitted.n_cal,
            "fit_event_rate": round(fitted.fit_event_rate, 5),
            "calibration_event_rate": round(fitted.cal_event_rate, 5),
        },
        "features": [f.to_dict() for f in features],
        "sources_used": sorted({"sales_lines", *(f.source for f in features if f.source)}),
        "estimator": {"class": "HistGradientBoostingClassifier", "params": HGB_PARAMS, "seed": SEED,
                      "calibration": fitted.calibration,
                      "calibration_note": "fitted on the calibration snapshots, later than the fitted ones"},
        "backtest": {
            "design": (f"Snapshots every {plan.step_days or 'month end'}{' days' if plan.step_days else ''} from "
                       f"{plan.warmup_days} days after the first invoice. Evaluation on the latest {design.n_eval} "
                       f"labelled snapshots, one model per block of {design.block}; each trained only on snapshots "
                       f"whose {horizon}-day outcome was known on the block's first date (gap = horizon), fitted on "
                       f"the earlier ones (at least {design.min_fit}) and calibrated on the latest {design.n_cal}. "
                       "Baselines fitted on the same rows and scored on the same evaluation rows."),
            "splits": [s.to_dict() for s in backtest.splits],
            "calibration_per_split": backtest.calibration,
            "baselines": backtest.baseline_notes,
            "overall": overall,
            "metrics": [{**m, "snapshot_date": m["snapshot_date"].isoformat() if m["snapshot_date"] else None}
                        for m in backtest.metrics],
            **backtest.curves(),
        },
        "ground_truth": model.ground_truth(ctx, backtest.predictions),
        "drivers": {"typical_values": typical, "groups": sorted({f.group for f in features})},
        "bands": {"high": model.bands[0], "medium": model.bands[1]},
        "data_hash": cards.data_hash(trained_on[cols]),
        "package_versions": cards.package_versions(),
    }

