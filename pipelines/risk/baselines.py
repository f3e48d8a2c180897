"""Transparent baselines every model is compared with on the same backtest.

A rule produces a score a manager could compute by hand (days since the last purchase; stock
against the reorder point; red flags on the stuffing ratios). Its probability is the event rate
observed for that score in the training slice (a monotone, isotonic fit), so the rule is judged
on the same probability scale as the model, Brier score included.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression


class Baseline:
    name: str = ""
    description: str = ""

    def fit(self, train: pd.DataFrame) -> Baseline:
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        raise NotImplementedError


class RuleBaseline(Baseline):
    """A hand-computable risk score, turned into a probability by the rate seen in training."""

    def __init__(self, name: str, description: str, score: Callable[[pd.DataFrame], np.ndarray]) -> None:
        self.name, self.description, self.score = name, description, score
        self._iso: IsotonicRegression | None = None

    def fit(self, train: pd.DataFrame) -> RuleBaseline:
        s = np.nan_to_num(np.asarray(self.score(train), dtype=float), nan=0.0)
        self._iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0, increasing=True)
        self._iso.fit(s, train["label"].to_numpy(dtype=float))
        return self

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        if self._iso is None:
            raise RuntimeError(f"baseline {self.name} is not fitted")
        s = np.nan_to_num(np.asarray(self.score(frame), dtype=float), nan=0.0)
        return self._iso.predict(s)
