"""The risk models on companies shaped unlike the sample (tests/risk_shapes.py): no crash, every eligible
customer scored, features without information left out and named."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from risk_shapes import build_warehouse, generated_company, write_shape

from pipelines.risk.estimator import design_matrix, fit_calibrated
from pipelines.risk.features import Feature
from pipelines.risk.persist import CARD_JSON
from pipelines.risk.run import score_all
from pipelines.warehouse.connection import connect


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_company(tmp_path_factory.mktemp("risk_shapes"))


def test_a_feature_with_no_values_is_left_out_and_named() -> None:
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"a": rng.random(600), "empty": np.nan, "flat": 3.0})
    frame["label"] = (rng.random(600) < 0.2 + 0.6 * (frame["a"] > 0.5)).astype(int)
    feats = (Feature("a", "signal", "signal"), Feature("empty", "x", "no values"), Feature("flat", "y", "constant"))
    X = design_matrix(frame, feats)
    fitted = fit_calibrated(X[:400], frame["label"][:400], X[400:], frame["label"][400:], feats)
    assert [f.name for f in fitted.features] == ["a"]
    assert fitted.dropped == {"empty": "all missing in the training rows",
                              "flat": "the same value (3) in every training row"}
    p = fitted.predict(X[400:])
    assert p[frame["a"][400:].to_numpy() > 0.5].mean() > p[frame["a"][400:].to_numpy() <= 0.5].mean() + 0.3


def test_sales_lines_only_over_two_years_trains_churn_without_customer_master(generated: Path,
                                                                             tmp_path: Path) -> None:
    settings = build_warehouse(write_shape(generated, tmp_path / "raw", "sales_only_24m"), tmp_path)
    with connect(settings.warehouse, settings) as con:
        run = score_all(con, settings)
    churn = next(s for s in run.statuses if s.model == "churn")
    assert churn.status == "scored", churn.message
    card = json.loads((settings.models_dir / "churn" / CARD_JSON).read_text(encoding="utf-8"))
    dropped = {d["name"] for d in card["features_dropped"]}
    assert {"customer_type", "credit_days"} <= dropped  # no customers file: nothing to learn from
    assert not dropped & {f["name"] for f in card["features"]}
    assert len(run.tables["risk_customer_churn"]) > 0
