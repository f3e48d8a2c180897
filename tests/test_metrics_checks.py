"""The blocking data tests on the metric marts pass on good data and fire on broken data."""

from __future__ import annotations

import duckdb
import pytest
from metrics_company import build_models
from tiny_company import write_tiny_company

from pipelines.dbt_layer.compiled_sql import guarded_table, run_test, run_tests
from pipelines.metrics.checks import python_table_checks
from pipelines.metrics.tables import GROUPS, write_table
from pipelines.quality.table_checks_base import run_check

# Checks on the marts Python builds; the SQL models' checks are the dbt project's data tests.
PYTHON_CHECKS = {c.name: c for c in python_table_checks()}


def violations(con: duckdb.DuckDBPyConnection, name: str) -> int:
    return run_check(con, PYTHON_CHECKS[name]) if name in PYTHON_CHECKS else run_test(con, name)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """The tiny company with every SQL model and every Python metric table, built without Dagster."""
    root = tmp_path_factory.mktemp("metric_checks")
    con = build_models(write_tiny_company(root / "raw"), root / "w.duckdb")
    for group in GROUPS:
        for table, frame in group.build(con, None).items():
            write_table(con, table, frame)
    yield con
    con.close()


@pytest.fixture
def con(built: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Each test breaks data inside a transaction that is rolled back afterwards."""
    built.execute("BEGIN TRANSACTION")
    yield built
    built.execute("ROLLBACK")


def test_every_metric_check_passes_on_good_data(con: duckdb.DuckDBPyConnection) -> None:
    failing = {name: n for name, c in PYTHON_CHECKS.items() if (n := run_check(con, c))}
    dbt_tests = run_tests(con)
    assert len(dbt_tests) > 80 and guarded_table("mart_customer_abc_tiers_ordered_by_value") == "mart_customer_abc"
    assert failing | {name: n for name, n in dbt_tests.items() if n} == {}


@pytest.mark.parametrize(("breakage", "fires"), [
    ("UPDATE mart_receivables_aging SET aged_0_30 = aged_0_30 + 10 WHERE customer_id = 'C1'",
     ["mart_receivables_aging_buckets_sum_to_balance"]),
    ("UPDATE mart_receivables_aging SET receivables_balance = receivables_balance + 10, "
     "aged_0_30 = aged_0_30 + 10, not_yet_due = not_yet_due + 10 WHERE customer_id = 'C1'",
     ["mart_receivables_aging_reconciles_to_open_invoices", "mart_receivables_aging_reconciles_to_facts"]),
    ("UPDATE mart_commission_rep_period SET commission = -1",
     ["mart_commission_rep_period_never_negative"]),
    ("UPDATE mart_commission_rep_period SET commission = collected_amount",
     ["mart_commission_rep_period_within_top_rate"]),
    ("UPDATE mart_target_attainment SET actual_to_date = actual_to_date + 100 WHERE level = 'rep'",
     ["mart_target_attainment_is_actual_over_target", "mart_target_attainment_actuals_match_facts"]),
    ("DELETE FROM mart_targets_decomposed WHERE month_start = '2024-06-01'",
     ["mart_targets_decomposed_adds_up_to_targets"]),
    ("UPDATE mart_targets_rep_month SET target_value = target_value * 2 WHERE month_start = '2024-01-01'",
     ["mart_targets_rep_month_reconciles_to_cells", "mart_target_attainment_targets_match_months"]),
    ("UPDATE mart_dev_fee_amortization SET amortization = amortization + 1 WHERE month_no = 3",
     ["mart_dev_fee_amortization_sums_to_advance"]),
    ("UPDATE mart_budget_variance_month SET is_overrun = true", ["mart_budget_variance_month_variance_formula"]),
    ("UPDATE mart_customer_abc SET abc_tier = CASE customer_id WHEN 'C1' THEN 'C' ELSE 'A' END",
     ["mart_customer_abc_tiers_ordered_by_value"]),
    ("UPDATE mart_expense_month SET expense_amount = expense_amount + 1", ["mart_expense_month_reconciles_to_facts"]),
])
def test_checks_fire_on_broken_data(con: duckdb.DuckDBPyConnection, breakage: str, fires: list[str]) -> None:
    con.execute(breakage)
    for name in fires:
        assert violations(con, name) > 0, f"{name} did not notice: {breakage}"
