"""Scores of a probability against outcomes: ROC AUC, PR AUC, Brier score and top-decile lift."""

from __future__ import annotations

import math

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

METRIC_NAMES = ("roc_auc", "pr_auc", "brier", "lift_top_decile")


def lift_at(y: np.ndarray, p: np.ndarray, share: float = 0.1) -> float:
    """Event rate among the top `share` of rows by score, divided by the overall event rate.

    Ties at the cut are broken by row order after a stable sort, so the figure is reproducible.
    """
    y = np.asarray(y, dtype=float)
    base = y.mean() if len(y) else 0.0
    if base == 0:
        return math.nan
    k = max(1, int(math.ceil(share * len(y))))
    top = np.argsort(-np.asarray(p, dtype=float), kind="stable")[:k]
    return float(y[top].mean() / base)


def precision_recall_at(y: np.ndarray, p: np.ndarray, share: float) -> tuple[float, float, int]:
    """Precision and recall among the top `share` of rows by score, and how many rows were flagged."""
    y = np.asarray(y, dtype=bool)
    if len(y) == 0:
        return math.nan, math.nan, 0
    k = max(1, int(math.ceil(share * len(y))))
    top = np.argsort(-np.asarray(p, dtype=float), kind="stable")[:k]
    hits = int(y[top].sum())
    recall = hits / y.sum() if y.sum() else math.nan
    return hits / k, float(recall), k


def score_probabilities(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """All four metrics; AUCs are NaN when only one class is present."""
    y = np.asarray(y, dtype=int)
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    both = 0 < y.sum() < len(y)
    return {
        "roc_auc": float(roc_auc_score(y, p)) if both else math.nan,
        "pr_auc": float(average_precision_score(y, p)) if both else math.nan,
        "brier": float(brier_score_loss(y, p, labels=[0, 1])) if len(y) else math.nan,
        "lift_top_decile": lift_at(y, p) if len(y) else math.nan,
    }


def calibration_curve(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Mean predicted probability against the observed event rate, per decile of the score."""
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    if len(y) == 0:
        return []
    order = np.argsort(p, kind="stable")
    out = []
    for i, idx in enumerate(np.array_split(order, min(bins, len(order)))):
        if len(idx):
            out.append({"bin": i + 1, "predicted": round(float(p[idx].mean()), 5),
                        "observed": round(float(y[idx].mean()), 5), "n": int(len(idx))})
    return out


def lift_by_decile(y: np.ndarray, p: np.ndarray) -> list[dict[str, float]]:
    """Event rate per score decile over the overall rate; decile 1 is the riskiest tenth."""
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    base = y.mean() if len(y) else 0.0
    if base == 0:
        return []
    order = np.argsort(-p, kind="stable")
    return [{"decile": i + 1, "lift": round(float(y[idx].mean() / base), 4),
             "event_rate": round(float(y[idx].mean()), 5), "n": int(len(idx))}
            for i, idx in enumerate(np.array_split(order, 10)) if len(idx)]
