"""Transparent baselines every model is compared with on the same backtest, and that score when they win.

A rule produces a score a manager could compute by hand (days since the last purchase; stock
against the reorder point; red flags on the stuffing ratios). Its probability is the event rate
observed for that score in the training slice (a monotone, isotonic fit), so the rule is judged
on the same probability scale as the model, Brier score included. A rule that wins the backtest
scores the entities itself; the fitted mapping (score -> probability) is kept in the model card.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression


class Baseline:
    name: str = ""
    description: str = ""
    needs_labels: bool = True  # False for a label-free model (BG/NBD), which can score with no labelled history
    groups: tuple[str, ...] = ()  # driver groups its score rests on

    def fit(self, train: pd.DataFrame) -> Baseline:
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        raise NotImplementedError

    def driver_groups(self, frame: pd.DataFrame) -> list[list[str]]:
        """The driver groups that explain each row's score (the same for every row unless overridden)."""
        return [list(self.groups)] * len(frame)

    def fitted(self) -> dict[str, object]:
        """What scoring needs of the fit, as plain JSON (kept in the model card)."""
        return {}

    def restore(self, fitted: dict[str, object]) -> Baseline:
        return self


class RuleBaseline(Baseline):
    """A hand-computable risk score, turned into a probability by the rate seen in training."""

    def __init__(self, name: str, description: str, score: Callable[[pd.DataFrame], np.ndarray],
                 groups: tuple[str, ...] = (),
                 explain: Callable[[pd.DataFrame], list[list[str]]] | None = None) -> None:
        self.name, self.description, self.score, self.groups = name, description, score, groups
        self.explain = explain
        self._x: np.ndarray | None = None
        self._y: np.ndarray | None = None

    def _scores(self, frame: pd.DataFrame) -> np.ndarray:
        return np.nan_to_num(np.asarray(self.score(frame), dtype=float), nan=0.0)

    def fit(self, train: pd.DataFrame) -> RuleBaseline:
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0, increasing=True)
        iso.fit(self._scores(train), train["label"].to_numpy(dtype=float))
        self._x, self._y = np.asarray(iso.X_thresholds_, float), np.asarray(iso.y_thresholds_, float)
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        if self._x is None or self._y is None:
            raise RuntimeError(f"baseline {self.name} is not fitted")
        # what IsotonicRegression.predict does: linear between its thresholds, flat beyond them
        return np.interp(self._scores(frame), self._x, self._y)

    def driver_groups(self, frame: pd.DataFrame) -> list[list[str]]:
        return self.explain(frame) if self.explain else super().driver_groups(frame)

    def fitted(self) -> dict[str, object]:
        return {"score_thresholds": [float(v) for v in self._x], "probabilities": [float(v) for v in self._y]}

    def restore(self, fitted: dict[str, object]) -> RuleBaseline:
        self._x = np.asarray(fitted["score_thresholds"], dtype=float)
        self._y = np.asarray(fitted["probabilities"], dtype=float)
        return self
