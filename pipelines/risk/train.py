"""Training one risk model end to end: backtest, final fit, model file and card."""

from __future__ import annotations

import time
from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.risk import cards
from pipelines.risk.backtest import MODEL_SCORER, rows_of, run_backtest
from pipelines.risk.base import Context, RiskModel, read_context
from pipelines.risk.drivers import typical_values
from pipelines.risk.estimator import HGB_PARAMS, MIN_CLASS_ROWS, NotEnoughHistory, design_matrix, fit_calibrated
from pipelines.risk.features import usable, with_found_categories
from pipelines.risk.persist import ModelBundle, save_bundle
from pipelines.risk.splits import backtest_splits, train_split
from pipelines.settings import Settings

# Bumped when features or labels change meaning, so older model files are retrained, not reused.
SPEC_VERSION = 2
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
    """Backtest, fit the final model on everything known at the as-of date, and save it with its card.

    Returns a skipped outcome (never raises) when the sources or the history are not enough.
    """
    started = time.perf_counter()
    ctx = ctx or read_context(con, settings)
    reason = model.skip_reason(ctx)
    if reason:
        return TrainOutcome(model.name, "skipped", reason)
    horizon = model.horizon(settings)
    features = usable(model.features, ctx.sources)
    try:
        labeled = model.labeled_snapshots(ctx, horizon)
        if train_split(labeled, horizon, ctx.as_of, model.n_cal, model.min_fit) is None:
            raise NotEnoughHistory(
                f"{model.title}: {len(labeled)} labelled snapshots up to {ctx.as_of} are too few to fit and "
                f"calibrate (need {model.min_fit + model.n_cal} with a {horizon}-day gap between them)")
        data = data if data is not None else model.load(con, ctx, horizon)
        frame = model.training_rows(model.frame(data, labeled, horizon))
        features = with_found_categories(features, frame)
        counts = event_counts(frame)
        splits = backtest_splits(labeled, horizon, model.n_eval, model.block, model.n_cal, model.min_fit,
                                 counts, MIN_CLASS_ROWS)
        final = train_split(labeled, horizon, ctx.as_of, model.n_cal, model.min_fit, counts, MIN_CLASS_ROWS)
        if final is None:
            raise NotEnoughHistory(f"{model.title}: too few events in the history up to {ctx.as_of} to fit and "
                                   f"calibrate (at least {MIN_CLASS_ROWS} of each outcome per slice)")
        backtest = run_backtest(model, frame, splits, features, model.baselines(data, horizon), SEED)
        fit_rows, cal_rows = rows_of(frame, final.fit_dates), rows_of(frame, final.cal_dates)
        X_fit = design_matrix(fit_rows, features)
        fitted = fit_calibrated(X_fit, fit_rows["label"].to_numpy(), design_matrix(cal_rows, features),
                                cal_rows["label"].to_numpy(), features, SEED)
    except NotEnoughHistory as exc:
        return TrainOutcome(model.name, "skipped", str(exc), time.perf_counter() - started)
    considered = features
    features = fitted.features
    card = _card(model, ctx, horizon, features, final, fitted, backtest, fit_rows, cal_rows,
                 typical_values(X_fit, features))
    card["features_considered"] = [f.name for f in considered]
    card["features_dropped"] = [{"name": k, "reason": v} for k, v in fitted.dropped.items()]
    save_bundle(settings.models_dir, model.name, fitted.classifier, card, cards.card_markdown(card))
    overall = backtest.overall(MODEL_SCORER)
    message = (f"{model.title}: backtest ROC AUC {overall['roc_auc']}, Brier {overall['brier']} over "
               f"{len({d for s in splits for d in s.eval_dates})} snapshots; saved to "
               f"{settings.models_dir / model.name}")
    return TrainOutcome(model.name, "trained", message, time.perf_counter() - started,
                        ModelBundle(fitted.classifier, card))


def event_counts(frame: pd.DataFrame) -> dict:
    """(events, non-events) per snapshot among the labelled rows."""
    labelled = frame[frame["label"].notna()]
    grouped = labelled.groupby("snapshot_date")["label"].agg(["sum", "size"])
    return {d: (int(r["sum"]), int(r["size"] - r["sum"])) for d, r in grouped.iterrows()}


def _card(model: RiskModel, ctx: Context, horizon: int, features, final, fitted, backtest, fit_rows: pd.DataFrame,
          cal_rows: pd.DataFrame, typical: dict[str, float | None]) -> dict[str, object]:
    trained_on = pd.concat([fit_rows, cal_rows])
    cols = [*model.entity, "snapshot_date", *(f.name for f in features), "label"]
    overall = {m["scorer"]: {k: m[k] for k in ("roc_auc", "pr_auc", "brier", "lift_top_decile")}
               for m in backtest.metrics if m["snapshot_date"] is None}
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
            "design": (f"Evaluation on the latest {model.n_eval} labelled snapshots, one model per block of "
                       f"{model.block}; each trained only on snapshots whose {horizon}-day outcome was known on "
                       f"the block's first date (gap = horizon), fitted on the earlier ones and calibrated on the "
                       f"latest {model.n_cal}. Baselines fitted on the same rows and scored on the same "
                       "evaluation rows."),
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
