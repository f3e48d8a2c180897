"""The metric marts built through the full Dagster job: hand-checked values on the tiny company, shape on the sample.

Tiny company (tests/tiny_company.py), as of 2024-03-05, the last invoice date.
"""

from __future__ import annotations

import duckdb
import pytest

from pipelines.dbt_layer.models import model_group, model_names
from pipelines.metrics.tables import SCHEMAS
from pipelines.settings import Settings

SQL_METRIC_TABLES = [name for name in model_names() if model_group(name) == "metrics"]
PYTHON_TABLES = sorted(SCHEMAS)


def published(settings: Settings) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(settings.warehouse), read_only=True)


def one(con: duckdb.DuckDBPyConnection, sql: str) -> dict:
    df = con.execute(sql).df()
    assert len(df) == 1, f"expected one row from: {sql}\n{df}"
    return df.iloc[0].to_dict()


def test_tiny_company_metric_values(built_tiny: Settings) -> None:
    con = published(built_tiny)
    tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert set(SQL_METRIC_TABLES + PYTHON_TABLES) <= tables

    # E2 (120, 12 months from February) has amortized February and March by 2024-03-05.
    fee = one(con, "SELECT * FROM mart_dev_fee_balance_rep WHERE rep_id = 'P2'")
    assert (fee["advanced_amount"], fee["amortized_to_date"], fee["outstanding_balance"]) == pytest.approx(
        (120, 20, 100))
    budget = one(con, "SELECT * FROM mart_budget_variance_month WHERE region_id = 'R1' AND category = 'promotion'")
    assert (budget["variance"], budget["variance_pct"], budget["is_overrun"]) == (pytest.approx(-10),
                                                                                   pytest.approx(-0.2), False)
    # E2 was signed top-only by D1, who is P2's own line manager: no level was skipped.
    assert not one(con, "SELECT is_one_signature FROM int_expense_approvals WHERE expense_id = 'E2'")[
        "is_one_signature"]

    # P1 in March: 3 working days to the as-of date (1, 4, 5), 2 check-ins, 1 of 2 reports on time, 1 co-visit.
    p1 = one(con, "SELECT * FROM mart_rep_discipline_month WHERE rep_id = 'P1' AND month_start = '2024-03-01'")
    assert (p1["working_days"], p1["days_checked_in"]) == (3, 2)
    assert (p1["checkin_compliance"], p1["report_on_time_share"], p1["co_visit_rate"]) == pytest.approx(
        (2 / 3, 0.5, 1.0))
    assert p1["work_saturation"] == pytest.approx(1 / 3 / 4)

    # RC1 (300 in February, credited to P1) at the first tier's 1%.
    com = one(con, "SELECT * FROM mart_commission_rep_period WHERE rep_id = 'P1'")
    assert (com["collected_amount"], com["commission"]) == pytest.approx((300, 3))

    # T1 (5000, R1, 2024): P1 is R1's only field rep; no 2023 history, so months by working days
    # (Jan 23, Feb 21, Mar 21 of 262). To date: Jan + Feb + 5/31 of March; actual 300 + 380.
    att = one(con, "SELECT * FROM mart_target_attainment WHERE level = 'rep' AND rep_id = 'P1' AND metric = 'sales'")
    to_date = 5000 * (23 + 21 + 21 * 5 / 31) / 262
    assert (att["target_year"], att["target_to_date"], att["actual_to_date"]) == pytest.approx((5000, to_date, 680))
    assert att["attainment_to_date"] == pytest.approx(680 / to_date)
    gap = one(con, "SELECT * FROM mart_target_gap_list WHERE rep_id = 'P1'")
    assert (gap["manager_rep_id"], gap["rank_in_region"], gap["status"]) == ("M1", 1, "behind")

    # Default comparison: Oct 2023-Feb 2024 (the last complete months) against May-Sep 2023.
    cmp = one(con, "SELECT * FROM mart_period_compare_default WHERE region_id = 'R1' AND metric = 'sales_amount'")
    assert (cmp["value_a"], cmp["value_b"], str(cmp["period_a_start"])[:10]) == (
        pytest.approx(680), pytest.approx(0), "2023-10-01")
    assert con.execute("SELECT count(*) FROM mart_pm_bonus").fetchone()[0] == 0  # no product managers in tiny
    con.close()


def test_sample_company_builds_every_metric_mart(built_sample: Settings) -> None:
    con = published(built_sample)
    counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in SQL_METRIC_TABLES + PYTHON_TABLES}
    empty = [t for t, n in counts.items() if n == 0]
    # The sample's distributors sell only inside their own region (the generator plants no 窜货): the diversion
    # mart is empty there, while every sell-out line was still judged.
    assert empty == ["mart_cross_region_sell_out"], f"empty metric marts on the sample company: {empty}"
    judged = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE is_cross_region) FROM int_sell_out_regions").fetchone()
    assert judged[0] == con.execute("SELECT count(*) FROM fct_sell_out").fetchone()[0] > 0 and judged[1] == 0
    assert con.execute("SELECT min(commission) FROM mart_commission_rep_period").fetchone()[0] >= 0
    # Every region has a gap list and the scorecard covers the field reps' months.
    assert con.execute("SELECT count(DISTINCT region_id) FROM mart_target_gap_list").fetchone()[0] == \
        con.execute("SELECT count(DISTINCT region_id) FROM stg_targets").fetchone()[0]
    assert con.execute("SELECT count(*) FROM mart_rep_scorecard WHERE score IS NULL").fetchone()[0] == 0
    con.close()
