"""Drivers in words: hand-made cases where the reason for a score is obvious and must be named."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipelines.risk.asof import EventStream, Keys, day_numbers
from pipelines.risk.base import Context, read_context
from pipelines.risk.champion import SupervisedScorer
from pipelines.risk.churn import MONEY_VALUES, ChurnData, ChurnModel
from pipelines.risk.drivers import group_pushes, top_groups, typical_values
from pipelines.risk.estimator import design_matrix, fit_calibrated
from pipelines.risk.features import Feature, usable
from pipelines.risk.persist import load_bundle
from pipelines.risk.score import score_rows
from pipelines.risk.stockout import StockoutModel
from pipelines.risk.stuffing import StuffingModel
from pipelines.settings import Settings


def test_the_only_group_that_moves_the_label_is_the_one_named() -> None:
    rng = np.random.default_rng(0)
    n = 4000
    frame = pd.DataFrame({"a": rng.random(n), "b": rng.random(n), "c": rng.random(n)})
    frame["label"] = (rng.random(n) < np.where(frame["a"] > 0.7, 0.8, 0.05)).astype(int)
    feats = (Feature("a", "signal", "the signal"), Feature("b", "noise_1", "noise"), Feature("c", "noise_2", "noise"))
    X = design_matrix(frame, feats)
    model = fit_calibrated(X[:3000], frame["label"][:3000], X[3000:], frame["label"][3000:], feats)
    probe = pd.DataFrame({"a": [0.95, 0.1], "b": [0.5, 0.5], "c": [0.5, 0.5]})
    pushes = group_pushes(model.predict, probe, feats, typical_values(X, feats))
    names = top_groups(pushes)
    assert names[0][0] == "signal" and pushes.loc[0, "signal"] > 0.3
    assert pushes.loc[1, "signal"] < 0.05  # a low signal does not push a row up


def _hand_made_company(as_of: date) -> ChurnData:
    """300 customers buying every 5-15 days; a third stop at a random date. Sales lines only."""
    rng = np.random.default_rng(5)
    rows = []
    start = pd.Timestamp("2024-01-01")
    for i in range(300):
        gap = int(rng.integers(5, 16))
        stop = start + pd.Timedelta(days=int(rng.integers(200, 1000))) if i % 3 == 0 else pd.Timestamp(as_of)
        rows += [(f"C{i:03d}", d.date()) for d in pd.date_range(start, stop, freq=f"{gap}D")]
    # The two customers the test asks about: same weekly habit, one stopped 200 days ago.
    for cid, stop in (("STOPPED", pd.Timestamp(as_of) - pd.Timedelta(days=200)), ("REGULAR", pd.Timestamp(as_of))):
        rows += [(cid, d.date()) for d in pd.date_range(end=stop, periods=52, freq="7D")]
    purchases = pd.DataFrame(rows, columns=["customer_id", "day"])
    keys = Keys(purchases["customer_id"])
    k, d = keys.codes(purchases["customer_id"]), day_numbers(purchases["day"])
    order = np.lexsort((d, k))
    k, d = k[order], d[order]
    gaps = np.r_[0.0, np.where(k[1:] == k[:-1], np.diff(d), 0.0)]
    ids = keys.ids(np.arange(len(keys)))
    profile = pd.DataFrame({"customer_id": ids, "customer_name": ids, "customer_type": "retailer",
                            "customer_scale": "medium", "credit_days": 30.0,
                            "opened_date": pd.Timestamp("2023-06-01"), "rep_id": "P1", "region_id": "R1"},
                           index=np.arange(len(keys)))
    ctx = Context(as_of=as_of, first_day=date(2024, 1, 1), source_rows={"sales_lines": len(purchases)})
    ones = np.ones(len(k))
    def empty(*cols: str) -> EventStream:
        return EventStream(np.array([], int), np.array([], int), {c: np.array([]) for c in cols})

    return ChurnData(ctx, keys, EventStream(k, d, {"amount": 1000 * ones, "invoices": ones, "lines": 3 * ones,
                                                  "discount_amount": 30 * ones, "gap_sq": gaps**2}),
                     empty(*MONEY_VALUES), empty("visits"), profile)


def test_each_group_push_averages_its_two_what_ifs_worked_by_hand() -> None:
    # p = a * c / 10 + b / 10: a and c only matter together, so "without" and "alone" differ
    features = (Feature("a", "g1", "a"), Feature("c", "g2", "c"), Feature("b", "g1", "b"))
    X = pd.DataFrame({"a": [3.0, 1.0], "c": [4.0, 0.0], "b": [2.0, 5.0]})
    calls = []

    def predict(rows: pd.DataFrame) -> np.ndarray:
        calls.append(len(rows))
        return (rows["a"] * rows["c"] / 10 + rows["b"] / 10).to_numpy()

    pushes = group_pushes(predict, X, features, {"a": 1.0, "c": 0.0, "b": 2.0})
    # row 1 (3, 4, 2): p 1.4, typical row (1, 0, 2) 0.2. g1 (a, b): without (1, 4, 2) 0.6, alone (3, 0, 2) 0.2
    # -> ((1.4 - 0.6) + (0.2 - 0.2)) / 2 = 0.4; g2 (c): without (3, 0, 2) 0.2, alone (1, 4, 2) 0.6 -> 0.8.
    # row 2 (1, 0, 5): p 0.5. g1: without (1, 0, 2) 0.2, alone (1, 0, 5) 0.5 -> 0.3; g2: no change -> 0.
    np.testing.assert_allclose(pushes.to_numpy(), [[0.4, 0.8], [0.3, 0.0]], atol=1e-12)
    assert list(pushes.columns) == ["g1", "g2"]
    assert calls == [2, 1, 8]  # the rows, the typical row, then every group's what-ifs in one call


def test_a_customer_who_stopped_buying_is_flagged_for_recency_in_words() -> None:
    as_of = date(2026, 10, 31)
    data = _hand_made_company(as_of)
    model = ChurnModel()
    feats = usable(model.features, {"sales_lines"})
    history = model.frame(data, model.labeled_snapshots(data.ctx, 90), 90)
    later = history["snapshot_date"] >= date(2026, 1, 1)
    fit, cal = history[~later], history[later]
    fitted = fit_calibrated(design_matrix(fit, feats), fit["label"], design_matrix(cal, feats), cal["label"], feats)
    now = model.frame(data, [as_of], 90).set_index("customer_id").loc[["STOPPED", "REGULAR"]]
    X = design_matrix(now, feats)
    p = fitted.predict(X)
    assert p[0] > 0.5 > p[1]
    named = top_groups(group_pushes(fitted.predict, X, feats, typical_values(design_matrix(fit, feats), feats)))
    stopped = now.reset_index().to_dict("records")[0]
    assert "recency" in named[0]
    assert model.describe("recency", stopped) == "no purchase for 200 days, 28.6x their usual gap of 7 days"


def _supervised(settings: Settings, name: str) -> SupervisedScorer:
    """The saved gradient-boosted model, whichever scorer won the backtest."""
    return SupervisedScorer("model", load_bundle(settings.models_dir, name))


@pytest.fixture(scope="module")
def sample_frames(built_sample: Settings) -> dict[str, tuple[pd.DataFrame, Context]]:
    out = {}
    with duckdb.connect(str(built_sample.warehouse), read_only=True) as con:
        ctx = read_context(con, built_sample)
        for model in (StockoutModel(), StuffingModel()):
            h = model.horizon(built_sample)
            out[model.name] = (model.frame(model.load(con, ctx, h), model.scoring_snapshots(ctx, h), h), ctx)
    return out


def test_a_product_about_to_run_out_is_flagged_for_its_cover(built_sample: Settings, sample_frames) -> None:
    frame, ctx = sample_frames["stockout"]
    row = frame[(frame["location_type"] == "company_warehouse") & ~frame["already_out"]].head(1).copy()
    # Two days of stock left, a 40-day supplier lead time, nothing else unusual.
    row["on_hand"] = 2 * row["demand_28"]
    row["days_of_cover"], row["cover_to_lead_time"], row["lead_time_days"] = 2.0, 2.0 / 40, 40.0
    row["rop_gap_days"] = -38.0
    scored = score_rows(StockoutModel(), _supervised(built_sample, "stockout"), row, ctx)
    drivers = scored.loc[0, ["driver_1", "driver_2", "driver_3"]].tolist()
    assert any(isinstance(d, str) and "cover 2 days of demand, less than the 40-day supplier lead time" in d
               for d in drivers), drivers


def test_a_quarter_end_push_is_flagged_for_it(built_sample: Settings, sample_frames) -> None:
    frame, ctx = sample_frames["stuffing"]
    row = frame.head(1).copy()
    row["last_5_days_share"], row["last_5_days_share_vs_usual"] = 0.95, 0.7
    row["sell_in_vs_usual"], row["sell_in_vs_sell_out"] = 4.0, 4.0
    scored = score_rows(StuffingModel(), _supervised(built_sample, "stuffing"), row, ctx)
    drivers = " | ".join(d for d in scored.loc[0, ["driver_1", "driver_2", "driver_3"]] if isinstance(d, str))
    assert "95% of the month's sell-in invoiced in its last 5 days" in drivers or "4.0x" in drivers, drivers


def test_driver_sentences_read_like_a_manager_would_say_them() -> None:
    churn, stock, stuff = ChurnModel(), StockoutModel(), StuffingModel()
    assert churn.describe("recency", {"recency_days": 74, "usual_gap_days": 24}) == \
        "no purchase for 74 days, 3.1x their usual gap of 24 days"
    assert churn.describe("overdue", {"overdue": 23400, "overdue_share": 0.35, "oldest_overdue_days": 61}) == \
        "¥23,400 overdue (35% of a year's purchases), the oldest 61 days past due"
    assert stock.describe("replenishment", {"days_since_receipt": 52, "usual_receipt_interval": 30}) == \
        "no goods received for 52 days (usually every 30 days)"
    assert stuff.describe("terms", {"terms_extension_days": 35}) == "payment terms +35 days against its usual"



def test_driver_sentences_and_scorer_names_in_chinese_carry_the_same_figures() -> None:
    from pipelines.risk import words_zh

    assert words_zh.describe("churn", "recency", {"recency_days": 74, "usual_gap_days": 24}) == \
        "已 74 天未采购，是其平常间隔 24 天的 3.1 倍"
    assert words_zh.describe("churn", "overdue", {"overdue": 23400, "overdue_share": 0.35,
                                                   "oldest_overdue_days": 61}) == \
        "逾期 ¥2.3万（占一年采购的 35%），最早一笔已逾期 61 天"
    assert words_zh.describe("stuffing", "period_end_push", {"last_5_days_share": 0.68,
                                                             "last_5_days_share_vs_usual": 0.43}) == \
        "当月进货的 68% 在最后 5 天开票（平常 25%）"
    assert words_zh.scorer_name("bg_nbd", "zh") == "BG/NBD 复购模型"
    for model, groups in (("churn", ChurnModel), ("stockout", StockoutModel), ("stuffing", StuffingModel)):
        # every driver group a model can name has its own Chinese sentence
        assert all(words_zh.describe(model, f.group, {}) != f.group for f in groups.features), model
