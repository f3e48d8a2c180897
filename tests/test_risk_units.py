"""Small pieces of the risk models checked by hand: as-of window sums, time splits, metrics, roll-ups."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from pipelines.risk import bgnbd
from pipelines.risk.asof import EventStream, Keys, Windows
from pipelines.risk.metrics import lift_at, precision_recall_at, score_probabilities
from pipelines.risk.splits import backtest_splits, month_ends, regular_grid, train_split
from pipelines.risk.stuffing import rep_month


def test_window_sums_match_a_brute_force_count_and_never_see_later_rows() -> None:
    rng = np.random.default_rng(3)
    keys, days = rng.integers(0, 20, 400), rng.integers(0, 300, 400)
    values = rng.integers(0, 100_000, 400) / 100  # money: exact to the cent
    stream = EventStream(keys, days, {"v": values})
    qk, qa, qb = rng.integers(0, 22, 300), rng.integers(-5, 200, 300), rng.integers(0, 320, 300)
    got = stream.total("v", qk, qa, qb)
    want = [values[(keys == k) & (days > a) & (days <= b)].sum() for k, a, b in zip(qk, qa, qb, strict=True)]
    np.testing.assert_allclose(got, want)
    last = stream.last_day(qk, qb)
    want_last = [days[(keys == k) & (days <= b)].max() if ((keys == k) & (days <= b)).any() else np.nan
                 for k, b in zip(qk, qb, strict=True)]
    np.testing.assert_array_equal(last, want_last)
    nxt = stream.next_day(qk, qb)
    want_next = [days[(keys == k) & (days > b)].min() if ((keys == k) & (days > b)).any() else np.nan
                 for k, b in zip(qk, qb, strict=True)]
    np.testing.assert_array_equal(nxt, want_next)


def test_a_stream_drops_unknown_entities_sorts_its_rows_and_counts_missing_values_as_zero() -> None:
    keys, days = np.array([2, -1, 1, 2, 1]), np.array([5, 1, 9, 3, 2])
    values = np.array([1.25, 100.0, np.nan, 2.5, 0.75])
    stream = EventStream(keys, days, {"v": values})
    assert stream.keys.tolist() == [1, 1, 2, 2] and stream.days.tolist() == [2, 9, 3, 5]
    assert stream.total("v", np.array([1, 1, 2, 2]), None, np.array([9, 8, 4, 5])).tolist() == [0.75, 0.75, 2.5, 3.75]
    assert values[2] != values[2]  # the caller's array is left as it was


def test_windows_back_from_each_snapshot_give_each_window_sum_and_count_exactly() -> None:
    stream = EventStream(np.array([1, 1, 1, 2, 2]), np.array([10, 17, 24, 3, 30]),
                         {"v": np.array([1.5, -2.25, 4.0, 7.0, 0.1])})
    keys, t = np.array([1, 1, 2, 3]), np.array([24, 17, 30, 30])
    w = Windows(stream, keys, t)
    # by hand: entity 1 at day 24 has day 17 in (10, 17] and day 24 in (17, 24]; at day 17 it has day 10 in
    # (3, 10] and day 17 in (10, 17]; entity 2 at day 30 has day 3 before (16, 30] and day 30 in it; entity 3 none
    assert w.total("v", 14).tolist() == [1.75, -0.75, 0.1, 0.0]
    assert w.total("v", 14, 7).tolist() == [-2.25, 1.5, 0.0, 0.0]
    assert w.total("v", 7).tolist() == [4.0, -2.25, 0.1, 0.0]
    assert w.total("v", None, 7).tolist() == [-0.75, 1.5, 7.0, 0.0]
    assert w.total("v", 7, 14).tolist() == [0.0, 0.0, 0.0, 0.0]  # a reversed window is empty
    assert w.count(14).tolist() == [2, 2, 1, 0] and w.count(None).tolist() == [3, 2, 2, 0]
    for start, end in ((14, 0), (14, 7), (None, 7), (7, 14), (None, 0)):
        a = None if start is None else t - start
        np.testing.assert_array_equal(w.total("v", start, end), stream.total("v", keys, a, t - end))
        np.testing.assert_array_equal(w.count(start, end), stream.count(keys, a, t - end))


def test_keys_map_ids_to_codes_and_back() -> None:
    keys = Keys(pd.Series(["C2", "C1", None]), ["C3", "C1"])
    codes = keys.codes(["C3", "C1", "nope"])
    assert codes[2] == -1
    assert list(keys.ids(codes[:2])) == ["C3", "C1"]


def test_backtest_splits_keep_a_horizon_between_fitting_calibration_and_evaluation() -> None:
    snaps = regular_grid(date(2026, 8, 2), date(2024, 5, 1), 30)
    horizon = 90
    splits = backtest_splits(snaps, horizon, n_eval=6, block=3, n_cal=2, min_fit=4)
    assert sorted({d for s in splits for d in s.eval_dates}) == snaps[-6:]
    for s in splits:
        gap = timedelta(days=horizon)
        assert max(s.fit_dates) + gap <= min(s.cal_dates)
        assert max(s.cal_dates) + gap <= min(s.eval_dates)
        assert len(s.cal_dates) == 2 and len(s.fit_dates) >= 4
    final = train_split(snaps, horizon, date(2026, 10, 31), n_cal=2, min_fit=4)
    assert final is not None and max(final.cal_dates) + timedelta(days=horizon) <= date(2026, 10, 31)
    assert train_split(snaps[:3], horizon, date(2026, 10, 31), n_cal=2, min_fit=4) is None


def test_month_ends() -> None:
    assert month_ends(date(2024, 1, 15), date(2024, 4, 30)) == [date(2024, 1, 31), date(2024, 2, 29),
                                                                date(2024, 3, 31), date(2024, 4, 30)]


def test_metrics_on_a_hand_made_ranking() -> None:
    y = np.array([1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    p = np.array([0.9, 0.2, 0.8, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
    m = score_probabilities(y, p)
    assert m["roc_auc"] == pytest.approx(15 / 16)  # 0.9 beats all 8 negatives, 0.2 beats 7 of them
    assert m["brier"] == pytest.approx(np.mean((p - y) ** 2))
    assert lift_at(y, p, 0.1) == pytest.approx(1 / 0.2)
    assert precision_recall_at(y, p, 0.2)[:2] == (0.5, 0.5)


def test_bg_nbd_no_purchase_probability_falls_with_frequency_and_rises_with_recency() -> None:
    params = bgnbd.BgNbdParams(r=0.8, alpha=4.0, a=0.6, b=2.5)
    often = bgnbd.prob_no_purchase(params, np.array([20.0]), np.array([50.0]), np.array([52.0]), 13.0)
    rare = bgnbd.prob_no_purchase(params, np.array([2.0]), np.array([50.0]), np.array([52.0]), 13.0)
    gone = bgnbd.prob_no_purchase(params, np.array([20.0]), np.array([20.0]), np.array([52.0]), 13.0)
    assert often < rare and often < gone and 0 < often[0] < 1


def test_rep_roll_up_combines_distributor_probabilities() -> None:
    scored = pd.DataFrame({
        "distributor_id": ["D1", "D2", "D3"], "month_start": [date(2026, 6, 1)] * 3,
        "as_of_date": [date(2026, 7, 31)] * 3, "distributor_name": ["One", "Two", "Three"],
        "rep_id": ["P1", "P1", "P2"], "region_id": ["R1"] * 3, "sell_in_amount": [100.0, 300.0, 50.0],
        "probability": [0.5, 0.2, 0.1], "driver_1": ["big push", "long terms", None]})
    out = rep_month(scored).set_index("rep_id")
    assert out.loc["P1", "probability_any"] == pytest.approx(1 - 0.5 * 0.8)
    assert out.loc["P1", "expected_events"] == pytest.approx(0.7)
    assert out.loc["P1", "sell_in_at_risk"] == pytest.approx(0.5 * 100 + 0.2 * 300)
    assert out.loc["P1", "driver_1"].startswith("One (50%): big push")


def test_a_winning_rule_scores_the_same_after_its_fit_is_saved_in_the_card() -> None:
    import json

    from pipelines.risk.baselines import RuleBaseline

    rng = np.random.default_rng(4)
    train = pd.DataFrame({"recency_days": rng.integers(0, 400, 500).astype(float)})
    train["label"] = (rng.random(500) < train["recency_days"] / 400).astype(float)
    rule = RuleBaseline("recency_rule", "", lambda df: df["recency_days"].to_numpy(), groups=("recency",)).fit(train)
    saved = json.loads(json.dumps(rule.fitted()))
    again = RuleBaseline("recency_rule", "", lambda df: df["recency_days"].to_numpy()).restore(saved)
    probe = pd.DataFrame({"recency_days": [-5.0, 0.0, 37.5, 200.0, 399.0, 1000.0]})
    np.testing.assert_array_equal(rule.predict(probe), again.predict(probe))
    assert np.all(np.diff(rule.predict(probe)) >= 0)  # longer since the last purchase, never less risk
    assert rule.driver_groups(probe) == [["recency"]] * len(probe)


def test_ratio_rules_name_the_red_flags_a_row_raises() -> None:
    from pipelines.risk.stuffing import flagged_groups, red_flags

    rows = pd.DataFrame({"last_5_days_share": [0.8, 0.1], "sell_in_vs_sell_out": [2.0, 1.0],
                         "weeks_of_supply": [np.nan, 20.0]})
    assert red_flags(rows).tolist() == [2.0, 1.0]
    assert flagged_groups(rows) == [["period_end_push", "sell_through"], ["channel_stock"]]
