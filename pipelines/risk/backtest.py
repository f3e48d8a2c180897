"""The time-based backtest: each block of evaluation snapshots gets a model trained only on what
was known on its first date, and the baselines are fitted on the same slice and scored on the
same rows. Metrics per snapshot and pooled over all evaluation snapshots.
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pipelines.risk.base import RiskModel
from pipelines.risk.baselines import Baseline
from pipelines.risk.estimator import NotEnoughHistory, design_matrix, fit_calibrated
from pipelines.risk.features import Feature
from pipelines.risk.metrics import calibration_curve, lift_by_decile, score_probabilities
from pipelines.risk.plan import MIN_EVAL_SNAPSHOTS
from pipelines.risk.splits import Split
from pipelines.risk.workers import Workers

MODEL_SCORER = "model"


@dataclass
class BacktestResult:
    splits: list[Split]
    metrics: list[dict[str, object]]  # one row per scorer x snapshot (snapshot None = pooled)
    predictions: pd.DataFrame  # evaluation rows with label and one probability column per scorer
    calibration: list[str] = field(default_factory=list)
    baseline_notes: dict[str, object] = field(default_factory=dict)

    def curves(self) -> dict[str, list[dict[str, object]]]:
        """Calibration curve and lift by decile per scorer, pooled over the evaluation snapshots."""
        y = self.predictions["label"].to_numpy(dtype=float)
        scorers = [MODEL_SCORER, *self.baseline_notes]
        return {
            "calibration_curve": [{"scorer": s, **row} for s in scorers
                                  for row in calibration_curve(y, self.predictions[s].to_numpy(dtype=float))],
            "lift_by_decile": [{"scorer": s, **row} for s in scorers
                               for row in lift_by_decile(y, self.predictions[s].to_numpy(dtype=float))],
        }

    def overall(self, scorer: str) -> dict[str, object]:
        return next(m for m in self.metrics if m["scorer"] == scorer and m["snapshot_date"] is None)


def rows_of(frame: pd.DataFrame, dates: tuple[date, ...]) -> pd.DataFrame:
    return frame[frame["snapshot_date"].isin(set(dates)) & frame["label"].notna()]


def run_backtest(model: RiskModel, frame: pd.DataFrame, splits: list[Split], features: tuple[Feature, ...],
                 baselines: list[Baseline], seed: int = 0, workers: Workers | None = None) -> BacktestResult:
    """Fit, calibrate and score each split; the same rows for the model and every baseline.

    The splits' fits run side by side on `workers` (a pool of its own when None); the baselines are fitted
    and scored in this thread meanwhile.
    """
    with nullcontext(workers) if workers else Workers() as pool:
        blocks = []
        for split in splits:
            fit_rows, cal_rows = rows_of(frame, split.fit_dates), rows_of(frame, split.cal_dates)
            eval_rows = rows_of(frame, split.eval_dates)
            if eval_rows.empty:
                continue
            fitting = pool.submit(fit_calibrated, design_matrix(fit_rows, features), fit_rows["label"].to_numpy(),
                                  design_matrix(cal_rows, features), cal_rows["label"].to_numpy(), features, seed)
            blocks.append((split, fit_rows, cal_rows, eval_rows, fitting))
        parts, methods, used = [], [], []
        for split, fit_rows, cal_rows, eval_rows, fitting in blocks:
            try:
                fitted = fitting.result()
            except NotEnoughHistory:
                continue  # too few events before this block: it is left out of the backtest
            used.append(split)
            methods.append(fitted.calibration)
            scored = eval_rows.copy()
            scored[MODEL_SCORER] = fitted.predict(design_matrix(eval_rows, features))
            train_rows = pd.concat([fit_rows, cal_rows])
            for b in baselines:
                scored[b.name] = b.fit(train_rows).predict(eval_rows)
            parts.append(scored)
    evaluated = sorted({d for s in used for d in s.eval_dates})
    if len(evaluated) < MIN_EVAL_SNAPSHOTS:
        raise NotEnoughHistory(
            f"{model.title}: only {len(evaluated)} evaluation snapshots have enough labelled history before "
            f"them (at least {MIN_EVAL_SNAPSHOTS} are needed for an honest backtest)")
    predictions = pd.concat(parts, ignore_index=True)
    scorers = [MODEL_SCORER, *(b.name for b in baselines)]
    return BacktestResult(splits=used, metrics=metric_rows(predictions, scorers), predictions=predictions,
                          calibration=methods,
                          baseline_notes={b.name: b.description for b in baselines})


def metric_rows(predictions: pd.DataFrame, scorers: list[str]) -> list[dict[str, object]]:
    rows = []
    groups = [(d, g) for d, g in predictions.groupby("snapshot_date", sort=True)] + [(None, predictions)]
    for snap, g in groups:
        y = g["label"].to_numpy(dtype=int)
        for s in scorers:
            m = score_probabilities(y, g[s].to_numpy(dtype=float))
            rows.append({"scorer": s, "snapshot_date": snap, "n_rows": int(len(g)), "n_events": int(y.sum()),
                         "event_rate": float(y.mean()) if len(y) else math.nan,
                         **{k: _round(v) for k, v in m.items()}})
    return rows


def _round(v: float) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 5)

