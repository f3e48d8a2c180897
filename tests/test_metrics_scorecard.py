"""The rep scorecard: weighted component points worked out by hand, missing data and the rule file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.metrics.config import ConfigError
from pipelines.metrics.scorecard import ScorecardRules, load_scorecard_rules, rep_scorecard

RULES = ScorecardRules(
    weights={"checkin_compliance": 1, "report_on_time_share": 1, "work_saturation": 1, "collection_rate": 1,
             "sales_attainment": 2},
    standards={"checkin_compliance": 1.0, "report_on_time_share": 1.0, "work_saturation": 1.0,
               "collection_rate": 1.0, "sales_attainment": 1.0},
)


def inputs(**components: list[float]) -> pd.DataFrame:
    n = len(next(iter(components.values())))
    base = {"rep_id": [f"P{i}" for i in range(n)], "rep_name": "x", "region_id": "R1", "manager_rep_id": "M",
            "month_start": date(2026, 9, 1), "sales_amount": 0.0, "collected_amount": 0.0, "new_customers": 0,
            "is_unmanaged": False, "opens_but_not_maintains": False}
    return pd.DataFrame({**base, **components})


def test_points_are_capped_weighted_and_ranked() -> None:
    df = inputs(checkin_compliance=[0.9, 0.5], report_on_time_share=[0.8, 0.5], work_saturation=[1.3, 0.5],
                collection_rate=[0.7, 0.5], sales_attainment=[1.1, np.nan])
    out = rep_scorecard(df, RULES).set_index("rep_id")
    # P0: 90 + 80 + 100 (saturation capped) + 70 + 2 x 100 (attainment capped) = 540 over weight 6 = 90.
    assert out.loc["P0", "score"] == pytest.approx(90)
    # P1 has no target: its four components (50 each) are averaged over weight 4.
    assert out.loc["P1", "score"] == pytest.approx(50)
    assert out["rank_in_region"].to_dict() == {"P0": 1, "P1": 2}


def test_shipped_weights_load_and_bad_components_are_refused(tmp_path: Path) -> None:
    assert sum(load_scorecard_rules().weights.values()) == pytest.approx(1.0)
    (tmp_path / "scorecard.yaml").write_text("weights:\n  charm: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="scorecard.yaml: unknown components charm"):
        load_scorecard_rules(tmp_path)
