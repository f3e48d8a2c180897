"""Nightly scoring: probability, risk band and the top three drivers in words, per entity."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pipelines.risk.base import Context, RiskModel
from pipelines.risk.drivers import group_pushes, top_groups
from pipelines.risk.estimator import design_matrix
from pipelines.risk.persist import ModelBundle

DRIVER_COLUMNS = ("driver_1", "driver_2", "driver_3")


def score_rows(model: RiskModel, bundle: ModelBundle | None, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The risk table rows for an already built feature frame (one or more snapshots)."""
    base = model.output(frame).reset_index(drop=True)
    base.insert(len(model.entity), "as_of_date", pd.Series([ctx.as_of] * len(base), dtype="object"))
    if frame.empty or bundle is None:
        base = base.iloc[0:0]
        base["probability"] = pd.Series(dtype="float64")
        for c in ("risk_band", *DRIVER_COLUMNS, "model_as_of"):
            base[c] = pd.Series(dtype="string")
        return base
    features = bundle.features
    X = design_matrix(frame, features).reset_index(drop=True)
    p = bundle.predict(X)
    pushes = group_pushes(bundle.predict, X, features, bundle.typical)
    groups = top_groups(pushes)
    records = frame.reset_index(drop=True).to_dict("records")
    texts = [[_sentence(model, g, records[i]) for g in row] for i, row in enumerate(groups)]
    band = model.band(p)
    certain, reasons = model.known_outcomes(frame.reset_index(drop=True))
    if certain.any():
        # Already happened (e.g. nothing on hand now): probability 1, and the reason is the driver.
        p = np.where(certain, 1.0, p)
        band = model.band(p)
        for i, reason in zip(np.flatnonzero(certain), reasons, strict=True):
            texts[i] = [reason]
    base["probability"] = np.round(p, 4)
    base["risk_band"] = band
    for j, col in enumerate(DRIVER_COLUMNS):
        base[col] = [t[j] if len(t) > j else None for t in texts]
    base["model_as_of"] = str(bundle.card["as_of"])
    return base.sort_values("probability", ascending=False, kind="stable").reset_index(drop=True)


def _sentence(model: RiskModel, group: str, row: dict[str, object]) -> str:
    """The model's sentence for a driver group, or a plain fallback when a figure in it is missing."""
    text = model.describe(group, row)
    if re.search(r"\bnan\b|\binf\b", text):
        return model.missing_phrase(group)
    return text
