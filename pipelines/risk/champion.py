"""Champion/challenger: the supervised model and the baselines meet on the same backtest, and the best
one (lowest Brier score, then highest ROC AUC) scores. `Scorer`s put any of them behind one interface.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.risk.backtest import MODEL_SCORER, BacktestResult
from pipelines.risk.base import RiskModel
from pipelines.risk.baselines import Baseline
from pipelines.risk.drivers import group_pushes, top_groups
from pipelines.risk.estimator import design_matrix
from pipelines.risk.persist import ModelBundle


def _key(m: dict[str, object]) -> tuple[float, float]:
    brier, auc = m.get("brier"), m.get("roc_auc")
    bad = (brier is None or (isinstance(brier, float) and math.isnan(brier)))
    return (math.inf if bad else float(brier), -(float(auc) if isinstance(auc, int | float) and auc == auc else 0.0))


def choose_champion(backtest: BacktestResult) -> tuple[str, str]:
    """The scorer with the best pooled backtest (Brier first, ROC AUC second; the model wins exact ties),
    and why in words."""
    scorers = [MODEL_SCORER, *backtest.baseline_notes]
    overall = {s: backtest.overall(s) for s in scorers}
    best = min(scorers, key=lambda s: _key(overall[s]))
    others = ", ".join(f"{s} {_fmt(overall[s])}" for s in scorers if s != best)
    return best, f"best pooled backtest (Brier, then ROC AUC): {best} {_fmt(overall[best])}; {others}"


def runner_up(backtest: BacktestResult, champion: str) -> str | None:
    """The best of the others: the best baseline when the model won, else the next best (maybe the model)."""
    names = [s for s in (MODEL_SCORER, *backtest.baseline_notes) if s != champion]
    if champion == MODEL_SCORER:
        names = list(backtest.baseline_notes)
    return min(names, key=lambda s: _key(backtest.overall(s))) if names else None


def _fmt(m: dict[str, object]) -> str:
    return f"(Brier {m.get('brier')}, ROC AUC {m.get('roc_auc')})"


@dataclass
class Scorer:
    """What nightly scoring needs: a probability per row and the driver groups behind it."""

    name: str

    def score(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[list[str]]]:
        raise NotImplementedError


@dataclass
class SupervisedScorer(Scorer):
    bundle: ModelBundle

    def score(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[list[str]]]:
        features = self.bundle.features
        X = design_matrix(frame, features).reset_index(drop=True)
        pushes = group_pushes(self.bundle.predict, X, features, self.bundle.typical)
        return self.bundle.predict(X), top_groups(pushes)


@dataclass
class BaselineScorer(Scorer):
    baseline: Baseline

    def score(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[list[str]]]:
        frame = frame.reset_index(drop=True)
        return np.asarray(self.baseline.predict(frame), dtype=float), self.baseline.driver_groups(frame)


def scorer_for(model: RiskModel, bundle: ModelBundle, data: object, horizon: int) -> Scorer:
    """The card's champion, ready to score: the saved classifier, or the baseline with its saved fit."""
    champion = bundle.card["champion"]
    name = champion["scorer"]
    if name == MODEL_SCORER:
        return SupervisedScorer(name, bundle)
    baseline = next(b for b in model.baselines(data, horizon) if b.name == name)
    return BaselineScorer(name, baseline.restore(champion.get("fitted") or {}))
