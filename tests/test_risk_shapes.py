"""The risk models on companies shaped unlike the sample (tests/risk_shapes.py): no crash, every eligible
customer scored, the champion never worse than a baseline on the backtest, and the figures printed
(run with -s to see them)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from risk_shapes import SHAPES, build_warehouse, generated_company, write_shape

from pipelines.risk.backtest import BacktestResult
from pipelines.risk.champion import choose_champion, runner_up
from pipelines.risk.churn import ChurnModel
from pipelines.risk.estimator import design_matrix, fit_calibrated
from pipelines.risk.features import Feature
from pipelines.risk.persist import CARD_JSON
from pipelines.risk.plan import SnapshotPlan, choose_grid
from pipelines.risk.reasons_zh import UNKNOWN_ZH, reason_zh
from pipelines.risk.run import EVALUATION_TABLE, score_all
from pipelines.risk.splits import regular_grid
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


def _plan(first: date, as_of: date) -> SnapshotPlan:
    model = ChurnModel()
    return choose_grid(lambda step, w: regular_grid(date.fromordinal(as_of.toordinal() - 90),
                                                    date.fromordinal(first.toordinal() + w), step),
                       model.steps, 60, 90, model.designs)


def test_snapshots_are_monthly_on_a_long_history_and_closer_on_a_short_one() -> None:
    as_of = date(2026, 10, 31)
    assert _plan(date(2023, 11, 1), as_of).step_days == 30
    short = _plan(date(2025, 11, 1), as_of)  # 12 months: monthly snapshots leave no room for a backtest
    assert short.step_days < 30 and len(short.labeled) >= 5
    assert _plan(date(2026, 8, 1), as_of).labeled == []  # 3 months: no outcome known yet


def _backtest(briers: dict[str, float], aucs: dict[str, float]) -> BacktestResult:
    metrics = [{"scorer": s, "snapshot_date": None, "brier": b, "roc_auc": aucs[s]} for s, b in briers.items()]
    return BacktestResult([], metrics, pd.DataFrame(), baseline_notes={s: "" for s in briers if s != "model"})


def test_the_champion_has_the_lowest_brier_then_the_highest_auc() -> None:
    won = _backtest({"model": 0.10, "bg_nbd": 0.12, "recency_rule": 0.11}, {"model": 0.8, "bg_nbd": 0.9,
                                                                            "recency_rule": 0.7})
    assert choose_champion(won)[0] == "model" and runner_up(won, "model") == "recency_rule"
    tie = _backtest({"model": 0.10, "bg_nbd": 0.10}, {"model": 0.80, "bg_nbd": 0.85})
    assert choose_champion(tie)[0] == "bg_nbd" and runner_up(tie, "bg_nbd") == "model"
    lost = _backtest({"model": float("nan"), "bg_nbd": 0.2}, {"model": float("nan"), "bg_nbd": 0.7})
    assert choose_champion(lost)[0] == "bg_nbd"


def _eligible_customers(settings) -> set[str]:
    with connect(settings.warehouse, settings, read_only=True) as con:
        return {r[0] for r in con.sql("SELECT DISTINCT customer_id FROM fct_sales_lines WHERE invoice_date <= "
                                      "(SELECT as_of FROM build_params)").fetchall()}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_customer_is_scored_on_any_shape(generated: Path, tmp_path: Path, shape: str) -> None:
    settings = build_warehouse(write_shape(generated, tmp_path / "raw", shape), tmp_path)
    with connect(settings.warehouse, settings) as con:
        run = score_all(con, settings)
    status = {s.model: s for s in run.statuses}
    assert not [s.message for s in run.statuses if s.status == "failed"]
    # The risk page's zh edition shows each stand-in or skip reason in Chinese.
    assert not [s.warning for s in run.statuses if s.warning and reason_zh(s.warning) == UNKNOWN_ZH]
    churn = run.tables["risk_customer_churn"]
    assert status["churn"].status == "scored", status["churn"].message
    assert set(churn["customer_id"]) == _eligible_customers(settings)  # every customer seen, once each
    assert churn["customer_id"].is_unique and churn["probability"].between(0, 1).all()
    card = json.loads((settings.models_dir / "churn" / CARD_JSON).read_text(encoding="utf-8"))
    assert (churn["scored_by"] == card["champion"]["scorer"]).all()
    if SHAPES[shape][0] is not None:  # no customers file: its columns hold nothing to learn from
        assert not {f["name"] for f in card["features"]} & {"customer_type", "credit_days"}
    evaluation = run.tables[EVALUATION_TABLE]
    overall = evaluation[evaluation["scope"] == "overall"]
    lines = [f"{shape}:"]
    for s in run.statuses:
        if s.status != "scored":
            lines.append(f"  {s.model}: {s.status}: {s.message}")
            continue
        pooled = overall[overall["model"] == s.model].set_index("scorer")
        if not pooled.empty:  # champion never worse than any baseline on the backtest
            assert pooled.loc[s.scored_by, "brier"] <= pooled["brier"].min()
        lines.append(f"  {s.model}: {s.rows}/{s.eligible} scored by {s.scored_by}; backtest " + (", ".join(
            f"{k} AUC {r.roc_auc:.3f} Brier {r.brier:.4f}" for k, r in pooled.iterrows()) or "none") +
            (f"; stand-in: {s.fallback}" if s.fallback else ""))
        assert s.rows == s.eligible
    print("\n".join(lines))
