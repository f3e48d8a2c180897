"""Why a risk model did not score as designed, in Chinese: every English reason, built by the functions that
write it, has a Chinese twin with the same figures (the zh dashboards show it on the risk page)."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from pipelines.risk.base import Context
from pipelines.risk.churn import ChurnModel
from pipelines.risk.estimator import NotEnoughHistory, fit_calibrated
from pipelines.risk.features import Feature
from pipelines.risk.plan import SnapshotPlan, too_short_message
from pipelines.risk.reasons_zh import UNKNOWN_ZH, reason_zh
from pipelines.risk.run import stale_reason
from pipelines.risk.stockout import StockoutModel
from pipelines.risk.stuffing import StuffingModel
from pipelines.risk.train import SPEC_VERSION
from pipelines.settings import Settings
from pipelines.study_kind import NO_SALES_NOTE

LATIN = re.compile(r"[A-Za-z]{2,}")


def chinese(text: str) -> str:
    """The reason in Chinese, checked: no English word left (folder paths and BG/NBD may stay)."""
    zh = reason_zh(text)
    assert zh != UNKNOWN_ZH, f"no Chinese twin for: {text}"
    assert not LATIN.search(re.sub(r"data/raw/\w+/|BG/NBD", "", zh)), zh
    return zh


def _ctx(**rows: int) -> Context:
    return Context(as_of=date(2026, 4, 30), first_day=date(2026, 1, 1), source_rows={"sales_lines": 10, **rows})


def test_skip_reasons_of_each_model_have_a_chinese_twin() -> None:
    assert "data/raw/inventory_snapshots/" in chinese(StockoutModel().skip_reason(_ctx()))
    assert "经销商流向" in chinese(StuffingModel().skip_reason(_ctx()))
    assert "退货" in chinese(StuffingModel().skip_reason(_ctx(sell_out=5)))
    assert "人流量" in chinese(NO_SALES_NOTE)


def test_short_history_and_its_stand_in_keep_their_figures() -> None:
    plan = SnapshotPlan(step_days=14, warmup_days=30, labeled=[date(2026, 2, 1), date(2026, 2, 15)])
    english = too_short_message("Customer churn", plan, 90, date(2026, 1, 1), date(2026, 4, 30))
    stand_in = english + ". bg_nbd scores instead (label-free: it needs no labelled history)"
    zh = chinese(stand_in)
    assert zh.startswith("客户流失模型") and "119 天" in zh and "2 个带标签的快照" in zh and "90 天" in zh
    assert "BG/NBD 复购模型" in zh
    calibrated = chinese(english + ". recency_rule scores instead (calibrated on all 1,234 labelled rows, 56 "
                                   "events; not checked on a backtest)")
    assert "1234 行" in calibrated and "56 个事件" in calibrated and "最近购买间隔规则" in calibrated


def test_too_few_events_to_fit_is_said_in_chinese() -> None:
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.random(40)})
    y = np.zeros(40, dtype=int)
    y[:2] = 1
    with pytest.raises(NotEnoughHistory) as raised:
        fit_calibrated(X, y, X, y, (Feature("a", "a", "a"),))
    assert "训练数据只有 40 行、2 个事件" in chinese(str(raised.value))


def test_stale_model_reasons_and_the_weekly_retraining_hint(tmp_path) -> None:
    model, ctx, settings = ChurnModel(), _ctx(), Settings(project_dir=tmp_path)
    for card in ({"spec_version": SPEC_VERSION - 1},
                 {"spec_version": SPEC_VERSION, "horizon_days": 30},
                 {"spec_version": SPEC_VERSION, "horizon_days": model.horizon(settings), "features_considered": []}):
        why = stale_reason(card, model, ctx, settings)
        assert why, card
        chinese(f"{model.title}: not scored ({why}); run the weekly retraining")
    assert chinese(f"{model.title}: not scored (no model file yet); run the weekly retraining") == \
        "客户流失模型：未评分（尚无模型文件）；请运行每周重新训练"


def test_an_unknown_reason_points_to_the_build_log_instead_of_showing_english() -> None:
    assert reason_zh("the moon was in the wrong phase") == UNKNOWN_ZH
    assert reason_zh("Stock-out failed: KeyError: 'x'") == "断货模型运行失败，错误详情见构建日志"
    assert reason_zh(None) is None
