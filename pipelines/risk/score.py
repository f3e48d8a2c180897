"""Nightly scoring: probability, risk band, the top three drivers in words and which model scored, per entity."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pipelines.risk import words_zh
from pipelines.risk.base import Context, RiskModel
from pipelines.risk.champion import Scorer

DRIVER_COLUMNS = ("driver_1", "driver_2", "driver_3")
DRIVER_COLUMNS_ZH = ("driver_1_zh", "driver_2_zh", "driver_3_zh")  # the same sentences for the zh edition
_MISSING_FIGURE = re.compile(r"\bnan\b|\binf\b")


def score_rows(model: RiskModel, scorer: Scorer | None, frame: pd.DataFrame, ctx: Context,
               model_as_of: str | None = None) -> pd.DataFrame:
    """The risk table rows for an already built feature frame (one or more snapshots)."""
    base = model.output(frame).reset_index(drop=True)
    base.insert(len(model.entity), "as_of_date", pd.Series([ctx.as_of] * len(base), dtype="object"))
    if frame.empty or scorer is None:
        base = base.iloc[0:0]
        base["probability"] = pd.Series(dtype="float64")
        for c in ("risk_band", *DRIVER_COLUMNS, *DRIVER_COLUMNS_ZH, "model_as_of", "scored_by"):
            base[c] = pd.Series(dtype="string")
        return base
    p, groups = scorer.score(frame)
    records = frame.reset_index(drop=True).to_dict("records")
    texts = [[_sentence(model, g, records[i]) for g in row[:3]] for i, row in enumerate(groups)]
    texts_zh = [[_sentence_zh(model, g, records[i]) for g in row[:3]] for i, row in enumerate(groups)]
    certain, reasons = model.known_outcomes(frame.reset_index(drop=True))
    if certain.any():
        # Already happened (e.g. nothing on hand now): probability 1, and the reason is the driver.
        p = np.where(certain, 1.0, p)
        for i, (reason, reason_zh) in zip(np.flatnonzero(certain), reasons, strict=True):
            texts[i], texts_zh[i] = [reason], [reason_zh]
    base["probability"] = np.round(p, 4)
    base["risk_band"] = model.band(p)
    for j, col in enumerate(DRIVER_COLUMNS):
        base[col] = [t[j] if len(t) > j else None for t in texts]
    for j, col in enumerate(DRIVER_COLUMNS_ZH):
        base[col] = [t[j] if len(t) > j else None for t in texts_zh]
    base["model_as_of"] = model_as_of
    base["scored_by"] = scorer.name
    return base.sort_values("probability", ascending=False, kind="stable").reset_index(drop=True)


def _sentence(model: RiskModel, group: str, row: dict[str, object]) -> str:
    """The model's sentence for a driver group, or a plain fallback when a figure in it is missing."""
    text = model.describe(group, row)
    return model.missing_phrase(group) if _MISSING_FIGURE.search(text) else text


def _sentence_zh(model: RiskModel, group: str, row: dict[str, object]) -> str:
    text = words_zh.describe(model.name, group, row)
    return words_zh.missing_phrase(model.name, group) if _MISSING_FIGURE.search(text) else text
