"""The metric marts computed in Python, built from the SQL marts in one direction (SQL models -> these).

Each builder reads what it needs from the warehouse, applies the rules from pipelines/config/ and returns
its tables as DataFrames; `write_table` stores one with a fixed schema (so an empty result still has
typed columns). The Dagster op in pipelines/orchestration/metric_assets.py only wires these together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.metrics.commission import commission_table, load_commission_rules
from pipelines.metrics.config import load_yaml
from pipelines.metrics.period_compare import compare_periods, default_periods
from pipelines.metrics.pm_bonus import load_bonus_rules, pm_bonus_table
from pipelines.metrics.scorecard import load_scorecard_rules, rep_scorecard
from pipelines.metrics.sql import metric_sql
from pipelines.metrics.targets import (
    Context,
    attainment_to_date,
    decompose_targets,
    gap_list,
    load_target_rules,
    targets_rep_month,
)

V, D, F, N, B = "VARCHAR", "DATE", "DOUBLE", "BIGINT", "BOOLEAN"  # text, date, number, whole number, flag

SCHEMAS: dict[str, dict[str, str]] = {
    "mart_target_sources": {
        "target_id": V, "year": N, "month": N, "region_id": V, "rep_id": V, "product_id": V, "metric": V,
        "level": V, "target_value": F, "deducted_for_specific_targets": F, "allocated_value": F},
    "mart_targets_decomposed": {
        "target_id": V, "year": N, "month_start": D, "region_id": V, "rep_id": V, "product_id": V, "metric": V,
        "target_value": F, "split_rule": V, "month_rule": V},
    "mart_targets_rep_month": {
        "year": N, "month_start": D, "region_id": V, "rep_id": V, "product_id": V, "metric": V, "target_value": F,
        "actual_value": F, "attainment": F, "target_ytd": F, "actual_ytd": F, "attainment_ytd": F},
    "mart_target_attainment": {
        "year": N, "level": V, "region_id": V, "rep_id": V, "product_id": V, "metric": V, "target_year": F,
        "target_to_date": F, "actual_to_date": F, "attainment_to_date": F, "attainment_of_year": F,
        "elapsed_share": F, "run_rate_projection": F, "seasonal_projection": F, "gap_to_date": F,
        "remaining_to_target": F, "projected_gap": F, "needed_per_remaining_month": F, "status": V},
    "mart_target_gap_list": {
        "year": N, "metric": V, "product_id": V, "region_id": V, "rep_id": V, "rep_name": V, "manager_rep_id": V,
        "target_year": F, "target_to_date": F, "actual_to_date": F, "attainment_to_date": F, "gap_to_date": F,
        "remaining_to_target": F, "run_rate_projection": F, "projected_gap": F, "needed_per_remaining_month": F,
        "status": V, "rank_in_region": N, "rank_overall": N, "message": V},
    "mart_commission_rep_period": {
        "rep_id": V, "region_id": V, "period_type": V, "period_start": D, "collected_amount": F, "commission": F,
        "effective_rate": F, "marginal_rate": F},
    "mart_pm_bonus": {
        "product_manager": V, "period_start": D, "period_end": D, "months_in_period": N, "is_complete_period": B,
        "collected_revenue": F, "guaranteed_base": F, "base_rule": V, "base_sales": F, "growth_sales": F,
        "reward": F, "sales_amount": F, "gross_margin": F, "gross_margin_pct": F, "margin_coefficient": F,
        "adjusted_reward": F, "batch_returns": F, "sporadic_returns": F, "quality_deduction": F,
        "avg_inventory_last_two_months": F, "avg_monthly_sales": F, "inventory_excess": F,
        "inventory_deduction": F, "bonus": F},
    # Preceded by the `by` columns of pipelines/config/period_compare.yaml (text).
    "mart_period_compare_default": {
        "metric": V, "period_a_start": D, "period_a_end": D, "period_b_start": D, "period_b_end": D,
        "value_a": F, "value_b": F, "change": F, "change_pct": F, "months_a": N, "months_b": N, "per_month_a": F,
        "per_month_b": F, "per_month_change_pct": F},
    "mart_rep_scorecard": {
        "rep_id": V, "rep_name": V, "region_id": V, "manager_rep_id": V, "month_start": D, "checkin_compliance": F,
        "report_on_time_share": F, "work_saturation": F, "collection_rate": F, "sales_attainment": F,
        "sales_amount": F, "collected_amount": F, "new_customers": N, "is_unmanaged": B,
        "opens_but_not_maintains": B, "score": F, "rank_in_region": N},
}


def write_table(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame,
                schema: dict[str, str] | None = None) -> int:
    """(Re)create `name` with its declared column types from the DataFrame; returns the row count."""
    schema = schema or schema_for(name, df)
    missing = [c for c in schema if c not in df.columns]
    if missing:
        raise ValueError(f"{name}: the computed table lacks columns {', '.join(missing)}")
    frame = df[list(schema)]
    casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in schema.items())
    # A cursor of its own: registering a frame needs a connection with no half-read result.
    with con.cursor() as cur:
        cur.register("_metric_frame", frame)
        cur.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT {casts} FROM _metric_frame')
        cur.unregister("_metric_frame")
    return len(frame)


def schema_for(name: str, df: pd.DataFrame) -> dict[str, str]:
    """The declared columns of a table; grouping columns a rule file adds come first, as text."""
    fixed = SCHEMAS[name]
    if name == "mart_period_compare_default":
        return {**{c: V for c in df.columns if c not in fixed}, **fixed}
    return fixed


def empty_table(name: str, config_dir: Path | None = None) -> pd.DataFrame:
    """The table with its declared columns and no rows (a study without sales: the builder is not run)."""
    by = list(load_yaml("period_compare.yaml", config_dir).get("by") or []) \
        if name == "mart_period_compare_default" else []
    return pd.DataFrame(columns=[*by, *SCHEMAS[name]])


def _as_of(con: duckdb.DuckDBPyConnection) -> date:
    return con.execute("SELECT as_of FROM build_params").fetchone()[0]


def target_context(con: duckdb.DuckDBPyConnection) -> Context:
    reps = con.execute("SELECT rep_id, region_id, role, manager_rep_id, rep_name, hire_date, leave_date "
                       "FROM dim_rep").df()
    for c in ("hire_date", "leave_date"):
        reps[c] = [None if pd.isna(v) else pd.Timestamp(v).date() for v in reps[c]]
    regions = [r for (r,) in con.execute(
        "SELECT region_id FROM dim_region WHERE in_master OR region_id IN (SELECT region_id FROM dim_rep "
        "WHERE region_id <> 'UNKNOWN') ORDER BY region_id").fetchall()]
    actuals = con.execute("SELECT metric, product_id, rep_id, region_id, month_start, value "
                          "FROM int_target_actuals_month").df()
    actuals["month_start"] = pd.to_datetime(actuals["month_start"])
    actuals["year"] = actuals["month_start"].dt.year
    data_start = con.execute("SELECT min(invoice_date) FROM fct_sales_lines").fetchone()[0] or _as_of(con)
    return Context(reps=reps, regions=regions, actuals=actuals, data_start=data_start, as_of=_as_of(con))


def build_targets(con: duckdb.DuckDBPyConnection, config_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    ctx = target_context(con)
    targets = con.execute("SELECT target_id, year, month, region_id, rep_id, product_id, metric, target_value "
                          "FROM stg_targets ORDER BY target_id").df()
    dec = decompose_targets(targets, ctx, load_target_rules(config_dir))
    monthly = targets_rep_month(dec.cells, ctx)
    attainment = attainment_to_date(monthly, ctx)
    return {
        "mart_target_sources": dec.sources,
        "mart_targets_decomposed": dec.cells,
        "mart_targets_rep_month": monthly,
        "mart_target_attainment": attainment,
        "mart_target_gap_list": gap_list(attainment, ctx.reps, ctx.as_of),
    }


def build_commission(con: duckdb.DuckDBPyConnection, config_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    collected = con.execute("SELECT rep_id, month_start, collected_amount FROM mart_sales_rep_month "
                            "WHERE collected_amount <> 0").df()
    reps = con.execute("SELECT rep_id, region_id, role FROM dim_rep").df()
    return {"mart_commission_rep_period": commission_table(collected, reps, load_commission_rules(config_dir))}


def build_pm_bonus(con: duckdb.DuckDBPyConnection, config_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    pm_month = con.execute("SELECT * FROM int_pm_month").df()
    stock = con.execute("SELECT * FROM int_non_effective_inventory WHERE product_manager IS NOT NULL").df()
    data_start = con.execute("SELECT min(invoice_date) FROM fct_sales_lines").fetchone()[0] or _as_of(con)
    return {"mart_pm_bonus": pm_bonus_table(pm_month, stock, load_bonus_rules(config_dir), _as_of(con),
                                            data_start)}


def build_period_compare(con: duckdb.DuckDBPyConnection, config_dir: Path | None = None
                         ) -> dict[str, pd.DataFrame]:
    cfg = load_yaml("period_compare.yaml", config_dir)
    (a0, a1), (b0, b1) = default_periods(_as_of(con), int(cfg.get("months", 5)))
    by = list(cfg.get("by") or [])
    out = compare_periods(con, cfg["table"], (a0, a1), (b0, b1), by=by, metrics=cfg.get("metrics"),
                          ratios={k: tuple(v) for k, v in (cfg.get("ratios") or {}).items()})
    out = out.assign(period_a_start=a0, period_a_end=a1, period_b_start=b0, period_b_end=b1)
    for col in [*by, *SCHEMAS["mart_period_compare_default"]]:
        if col not in out.columns:
            out[col] = None
    return {"mart_period_compare_default": out[[*by, *SCHEMAS["mart_period_compare_default"]]]}


def build_scorecard(con: duckdb.DuckDBPyConnection, config_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    inputs = con.execute(metric_sql("scorecard_inputs")).df()
    return {"mart_rep_scorecard": rep_scorecard(inputs, load_scorecard_rules(config_dir))}


@dataclass(frozen=True)
class MetricGroup:
    """Tables computed together by one builder, with the warehouse tables the builder reads."""

    build: Callable[[duckdb.DuckDBPyConnection, Path | None], dict[str, pd.DataFrame]]
    tables: tuple[str, ...]
    reads: tuple[str, ...]
    description: str


# In build order: the scorecard reads the targets' monthly table.
GROUPS: tuple[MetricGroup, ...] = (
    MetricGroup(build_targets, ("mart_target_sources", "mart_targets_decomposed", "mart_targets_rep_month",
                                "mart_target_attainment", "mart_target_gap_list"),
                ("stg_targets", "dim_rep", "dim_region", "int_target_actuals_month", "fct_sales_lines",
                 "build_params"),
                "Targets decomposed to rep x month (pipelines/config/target_rules.yaml), attainment and gap list"),
    MetricGroup(build_commission, ("mart_commission_rep_period",), ("mart_sales_rep_month", "dim_rep"),
                "Commission on collections with marginal tiers (pipelines/config/commission_tiers.yaml)"),
    MetricGroup(build_pm_bonus, ("mart_pm_bonus",),
                ("int_pm_month", "int_non_effective_inventory", "fct_sales_lines", "build_params"),
                "Product-manager bonus (pipelines/config/pm_bonus.yaml)"),
    MetricGroup(build_period_compare, ("mart_period_compare_default",), ("mart_sales_region_month", "build_params"),
                "Last 5 months against the 5 before, per region (pipelines/config/period_compare.yaml)"),
    MetricGroup(build_scorecard, ("mart_rep_scorecard",),
                ("mart_rep_discipline_month", "mart_sales_rep_month", "mart_targets_rep_month",
                 "mart_rep_new_customer_maintenance", "build_params"),
                "Rep scorecard (pipelines/config/scorecard.yaml)"),
)

TABLE_DESCRIPTIONS: dict[str, str] = {
    "mart_target_sources": "Each target as given, its level and the value left after more specific targets.",
    "mart_targets_decomposed": "Every target split to rep x month, with the split and month rules used.",
    "mart_targets_rep_month": "Monthly targets per rep with actuals, attainment and year-to-date attainment.",
    "mart_target_attainment": "Attainment to date, run-rate projection and gap per rep and region and year.",
    "mart_target_gap_list": "The as-of year's gap per rep, ranked worst first within the region, with a message.",
    "mart_commission_rep_period": "Commission (提成) per rep and period on collected sales, marginal tiers.",
    "mart_pm_bonus": "Product-manager bonus per period with every intermediate of the formula.",
    "mart_period_compare_default": "Default comparison: last 5 complete months against the 5 before, per region.",
    "mart_rep_scorecard": "Rep scorecard per month: discipline, activity, collections and attainment in one score.",
}
