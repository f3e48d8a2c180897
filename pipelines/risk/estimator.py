"""The classifier behind every score: gradient-boosted trees, calibrated on a later slice.

HistGradientBoostingClassifier handles missing values (a customer never visited, a product with
no last-year history) and mixed scales without preprocessing. Its probabilities are then mapped
to observed frequencies on snapshots later than the ones it was fitted on (Platt's sigmoid, which keeps
the trees' ranking; isotonic only with 5,000+ events), so a 0.3 means 30 in 100.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import KFold

from pipelines.risk.features import Feature
from pipelines.risk.workers import map_row_chunks, one_openmp_thread

# Enough capacity for a few dozen features, small enough to fit 200k rows in seconds on 2 cores.
HGB_PARAMS: dict[str, object] = {
    "learning_rate": 0.1,
    "max_iter": 100,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "max_bins": 255,
    "early_stopping": False,
}
ISOTONIC_MIN_EVENTS = 5000  # isotonic ties cost ranking; Platt keeps the trees' order
# Fitting rows beyond this are sampled (fixed seed): more rows of the same snapshots add little and the
# tree fit must stay within seconds at scale 10. Calibration always uses every row of its slice.
MAX_FIT_ROWS = 150_000
MIN_CLASS_ROWS = 5  # fewer events (or non-events) than this in a slice: nothing honest to fit or calibrate
# Predictions of at least twice this many rows are split into chunks scored side by side (pipelines/risk/workers.py).
PREDICT_CHUNK_ROWS = 5_000


def predict_proba(classifier: CalibratedClassifierCV, X: pd.DataFrame) -> np.ndarray:
    """P(event) per row."""
    return map_row_chunks(lambda part: classifier.predict_proba(part)[:, 1], X, len(X), PREDICT_CHUNK_ROWS)


class NotEnoughHistory(ValueError):
    """Too few labelled snapshots or events to fit or check a model honestly."""


def uninformative(X: pd.DataFrame, features: tuple[Feature, ...]) -> dict[str, str]:
    """Features with nothing to learn from in these rows, and why: all missing, or one value throughout.

    A short history or a missing master file leaves such columns (no customers file: no customer type;
    no rep with enough customers yet: no rep lapse rate), and gradient boosting cannot bin a column
    without values (scikit-learn 1.9 raises on it).
    """
    out = {}
    for f in features:
        col = X[f.name]
        n = int(col.nunique(dropna=True))
        if n == 0:
            out[f.name] = "all missing in the training rows"
        elif n == 1:
            out[f.name] = f"the same value ({col.dropna().iloc[0]:g}) in every training row"
    return out


def design_matrix(frame: pd.DataFrame, features: tuple[Feature, ...]) -> pd.DataFrame:
    """Numeric matrix in feature order; categories become fixed integer codes (unknown -> missing)."""
    cols = {}
    for f in features:
        if f.categories:
            codes = pd.Categorical(frame[f.name].astype("string"), categories=list(f.categories)).codes
            cols[f.name] = np.where(codes < 0, np.nan, codes).astype(np.float64)
        else:
            cols[f.name] = pd.to_numeric(frame[f.name], errors="coerce").astype(np.float64).to_numpy()
    out = pd.DataFrame(cols, index=frame.index)
    return out.replace([np.inf, -np.inf], np.nan)


@dataclass
class FittedModel:
    classifier: CalibratedClassifierCV
    calibration: str
    n_fit: int
    n_cal: int
    fit_event_rate: float
    cal_event_rate: float
    features: tuple[Feature, ...]  # the ones the trees were fitted on, in column order
    dropped: dict[str, str]  # feature -> why it was left out

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return predict_proba(self.classifier, X[[f.name for f in self.features]])


def fit_calibrated(X_fit: pd.DataFrame, y_fit: np.ndarray, X_cal: pd.DataFrame, y_cal: np.ndarray,
                   features: tuple[Feature, ...], seed: int = 0) -> FittedModel:
    """Fit the trees on the earlier slice, then calibrate on the later one.

    Features without information in the fitting rows are left out (FittedModel.dropped says which and why).
    """
    y_fit, y_cal = np.asarray(y_fit, int), np.asarray(y_cal, int)
    for name, y in (("training", y_fit), ("calibration", y_cal)):
        if min(int(y.sum()), int(len(y) - y.sum())) < MIN_CLASS_ROWS:
            raise NotEnoughHistory(f"the {name} slice has {len(y)} rows and {int(y.sum())} events: at least "
                                   f"{MIN_CLASS_ROWS} of each outcome are needed")
    dropped = uninformative(X_fit, features)
    features = tuple(f for f in features if f.name not in dropped)
    if not features:
        raise NotEnoughHistory("no feature takes more than one value in the training rows")
    names = [f.name for f in features]
    X_fit, X_cal = X_fit[names], X_cal[names]
    if len(y_fit) > MAX_FIT_ROWS:
        keep = np.sort(np.random.default_rng(seed).choice(len(y_fit), MAX_FIT_ROWS, replace=False))
        X_fit, y_fit = X_fit.iloc[keep], y_fit[keep]
    trees = HistGradientBoostingClassifier(
        **HGB_PARAMS, categorical_features=[bool(f.categories) for f in features], random_state=seed)
    events = int(min(y_cal.sum(), len(y_cal) - y_cal.sum()))
    method = "isotonic" if events >= ISOTONIC_MIN_EVENTS else "sigmoid"
    # The trees are frozen: the folds only split the calibration rows, any split gives the same calibrator.
    calibrated = CalibratedClassifierCV(FrozenEstimator(trees), method=method, cv=KFold(n_splits=2))
    # One OpenMP thread: fits run side by side instead (pipelines/risk/workers.py); same trees either way.
    with one_openmp_thread():
        trees.fit(X_fit, y_fit)
        calibrated.fit(X_cal, y_cal)
    return FittedModel(calibrated, method, len(y_fit), len(y_cal), float(y_fit.mean()), float(y_cal.mean()),
                       features, dropped)
