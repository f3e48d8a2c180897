"""Blocking data tests on the Python-built metric marts (run by the metric op right after each table)."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.metrics.commission import load_commission_rules
from pipelines.metrics.config import ConfigError, load_yaml
from pipelines.quality.table_checks_base import TableCheck, reconciles, unique_key

TOL = "(0.01 + 1e-9 * abs({}))"


def _rows(table: str, name: str, description: str, bad_rows: str) -> TableCheck:
    return TableCheck(table, name, description, f"SELECT count(*) FROM {table} WHERE {bad_rows}")


def python_table_checks(config_dir: Path | None = None) -> tuple[TableCheck, ...]:
    # The commission ceiling is a number from the validated tier file (never free text).
    max_rate = float(load_commission_rules(config_dir).max_rate)
    compare_by = [str(c) for c in load_yaml("period_compare.yaml", config_dir).get("by") or []]
    for col in compare_by:
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", col):
            raise ConfigError(f"period_compare.yaml: by must list column names, got {col!r}")
    return (
        unique_key("mart_target_sources", "target_id"),
        _rows("mart_target_sources", "mart_target_sources_allocated_is_remainder",
              "each target's allocated value is its value less the more specific targets, never below 0",
              "abs(allocated_value - greatest(target_value - deducted_for_specific_targets, 0)) > 0.005"),
        TableCheck("mart_targets_decomposed", "mart_targets_decomposed_adds_up_to_targets",
                   "the rep x month cells of every target add up to its allocated value",
                   "SELECT count(*) FROM mart_target_sources s LEFT JOIN (SELECT target_id, sum(target_value) AS v "
                   "FROM mart_targets_decomposed GROUP BY target_id) d USING (target_id) "
                   "WHERE abs(coalesce(d.v, 0) - s.allocated_value) > " + TOL.format("s.allocated_value")),
        _rows("mart_targets_decomposed", "mart_targets_decomposed_not_negative", "no cell has a negative target",
              "target_value < 0"),
        unique_key("mart_targets_rep_month", "year", "month_start", "region_id", "rep_id", "product_id", "metric"),
        reconciles("mart_targets_rep_month", "mart_targets_rep_month_reconciles_to_cells",
                   "monthly targets add up to the decomposed cells",
                   "SELECT 0, sum(target_value) FROM mart_targets_rep_month",
                   "SELECT 0, sum(target_value) FROM mart_targets_decomposed"),
        unique_key("mart_target_attainment", "year", "level", "region_id", "rep_id", "product_id", "metric"),
        _rows("mart_target_attainment", "mart_target_attainment_is_actual_over_target",
              "attainment to date = actual to date / target to date, and of the year = actual / year target",
              "(target_to_date > 0 AND abs(attainment_to_date - actual_to_date / target_to_date) > 1e-9) "
              "OR (target_year > 0 AND abs(attainment_of_year - actual_to_date / target_year) > 1e-9) "
              "OR target_to_date > target_year + " + TOL.format("target_year")),
        TableCheck("mart_target_attainment", "mart_target_attainment_targets_match_months",
                   "each region's and rep's year target is the sum of its monthly targets",
                   "SELECT count(*) FROM mart_target_attainment a LEFT JOIN (SELECT year, region_id, rep_id, "
                   "product_id, metric, sum(target_value) AS v FROM mart_targets_rep_month GROUP BY ALL) r "
                   "ON r.year = a.year AND r.region_id = a.region_id AND r.metric = a.metric "
                   "AND r.product_id IS NOT DISTINCT FROM a.product_id AND r.rep_id IS NOT DISTINCT FROM a.rep_id "
                   "WHERE a.level = 'rep' AND abs(coalesce(r.v, 0) - a.target_year) > " + TOL.format("a.target_year")),
        TableCheck("mart_target_attainment", "mart_target_attainment_actuals_match_facts",
                   "each rep's actual to date is the rep's actual in int_target_actuals_month",
                   "SELECT count(*) FROM mart_target_attainment a LEFT JOIN (SELECT year(month_start) AS year, "
                   "rep_id, product_id, metric, sum(value) AS v FROM int_target_actuals_month GROUP BY ALL) f "
                   "ON f.year = a.year AND f.rep_id = a.rep_id AND f.metric = a.metric "
                   "AND f.product_id IS NOT DISTINCT FROM a.product_id "
                   "WHERE a.level = 'rep' AND abs(coalesce(f.v, 0) - a.actual_to_date) > "
                   + TOL.format("a.actual_to_date")),
        unique_key("mart_target_gap_list", "metric", "product_id", "rep_id"),
        unique_key("mart_commission_rep_period", "rep_id", "period_start"),
        _rows("mart_commission_rep_period", "mart_commission_rep_period_never_negative",
              "commissions are never negative", "commission < 0 OR commission IS NULL"),
        _rows("mart_commission_rep_period", "mart_commission_rep_period_within_top_rate",
              "no commission exceeds the collected amount at the top tier's rate",
              f"commission > collected_amount * {max_rate!r} + 0.01"),
        _rows("mart_pm_bonus", "mart_pm_bonus_formula",
              "bonus = reward x coefficient - quality deduction - inventory deduction (floored at 0 when set)",
              "abs(adjusted_reward - reward * margin_coefficient) > 0.005 OR bonus < 0 AND bonus IS NOT NULL "
              "OR (abs(bonus - (adjusted_reward - quality_deduction - inventory_deduction)) > 0.005 AND bonus > 0)"),
        unique_key("mart_pm_bonus", "product_manager", "period_start"),
        unique_key("mart_period_compare_default", *compare_by, "metric"),
        _rows("mart_period_compare_default", "mart_period_compare_default_change_formula",
              "change = value in period A - value in period B", "abs(change - (value_a - value_b)) > 0.005"),
        unique_key("mart_rep_scorecard", "rep_id", "month_start"),
        _rows("mart_rep_scorecard", "mart_rep_scorecard_score_range", "scores lie between 0 and 100",
              "score < 0 OR score > 100"),
    )
