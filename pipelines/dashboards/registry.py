"""Every page and section, and the warehouse tables each section needs: the one place to extend.

A section is built only when every table in ``tables`` exists and holds rows (and, with ``any_tables``,
at least one of those does; with ``model_cards``, at least one model card is on disk; with ``sources``,
those raw exports were delivered); otherwise the page shows a "no data for this section" panel naming the
exports to add (pipelines/dashboards/exports.py) and where they go. The builder for section
"<page>.<name>" is the function ``BUILDERS["<page>.<name>"]`` in ``pipelines/dashboards/pages/<page>.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpec:
    key: str  # also its title's label key
    tables: tuple[str, ...] = ()
    any_tables: tuple[str, ...] = ()
    table_prefix: str = ""  # any table named <prefix>* holding rows will do
    model_cards: bool = False
    # Raw exports whose rows the section shows: without them its tables still have rows (zeros), not data.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageSpec:
    slug: str
    sections: tuple[SectionSpec, ...]

    @property
    def file_name(self) -> str:
        return f"{self.slug}.html"

    @property
    def title_key(self) -> str:
        return f"page_{self.slug}"


S = SectionSpec
SALES = "mart_sales_region_month"

# Metric marts (metrics issue) and risk tables (risk issue) this module reads.
AGING = "mart_receivables_aging"
OVERDUE = "mart_collections_overdue_watchlist"
DSO = "mart_collections_region_month"
BUDGET = "mart_budget_variance_month"  # also holds the overrun flag (费用超支)
TARGETS_MONTH = "mart_targets_rep_month"
GAPS = "mart_target_gap_list"
SCORECARD = "mart_rep_scorecard"
COMMISSIONS = "mart_commission_rep_period"
CHURN = "risk_customer_churn"
STOCKOUT = "risk_stockout"
STUFFING = "risk_channel_stuffing"
EXPENSE_RATIOS = "int_expense_ratios_month"
DISCIPLINE = "mart_rep_discipline_month"
APPROVALS = "int_expense_approvals"  # each voucher judged against the spender's reporting line

PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", (
        S("overview.kpis", tables=(SALES,)),
        S("overview.sales_trend", tables=(SALES,)),
        S("overview.region_sales", tables=(SALES,)),
        S("overview.margin_trend", tables=(SALES, "fct_expenses")),
        S("overview.alerts", any_tables=(OVERDUE, BUDGET, CHURN, STUFFING, STOCKOUT)),
    )),
    PageSpec("costs", (
        S("costs.kpis", tables=(SALES, "fct_expenses")),
        S("costs.structure", tables=("fct_expenses",)),
        S("costs.budget_vs_actual", tables=(BUDGET,)),
        S("costs.approvals", tables=("fct_expenses",)),
        S("costs.period_comparison", tables=("fct_expenses",)),
        S("costs.expense_ratio", tables=(EXPENSE_RATIOS,), sources=("expenses",)),
        S("costs.overruns", tables=(BUDGET,)),
        S("costs.skipped_approvals", tables=(APPROVALS,)),
    )),
    PageSpec("collections", (
        S("collections.kpis", tables=(SALES,), sources=("collections",)),
        S("collections.rate_trend", tables=(DSO,), sources=("collections",)),
        S("collections.aging", tables=(AGING, "dim_rep"), sources=("collections",)),
        S("collections.dso_trend", tables=(DSO,), sources=("collections",)),
        S("collections.overdue_watchlist", tables=(OVERDUE,), sources=("collections",)),
    )),
    PageSpec("targets", (
        S("targets.kpis", tables=(SALES, TARGETS_MONTH)),
        S("targets.attainment", tables=(TARGETS_MONTH,)),
        S("targets.run_rate", tables=(TARGETS_MONTH,)),
        S("targets.gap_list", tables=(GAPS,)),
        S("targets.scorecards", tables=(SCORECARD,)),
        S("targets.discipline", tables=(DISCIPLINE,), sources=("rep_checkins", "rep_reports")),
        S("targets.discipline_table", tables=(DISCIPLINE,), sources=("rep_checkins", "rep_reports")),
        S("targets.commissions", tables=(COMMISSIONS,), sources=("collections",)),
    )),
    PageSpec("inventory", (
        S("inventory.days_of_inventory", tables=("int_days_of_inventory_month",), sources=("inventory_snapshots",)),
        S("inventory.weeks_of_supply", tables=("fct_inventory", "fct_sell_out")),
        S("inventory.sell_in_out", tables=("fct_sales_lines", "fct_sell_out")),
        S("inventory.stockout_risk", tables=(STOCKOUT,)),
        S("inventory.non_effective", tables=("int_non_effective_inventory",), sources=("inventory_snapshots",)),
        # 窜货: every delivered sell-out line is judged (int_sell_out_regions); none crossing is news, not a gap.
        S("inventory.diversion", tables=("int_sell_out_regions", "dim_customer"), sources=("sell_out",)),
        S("inventory.diversion_table", tables=("int_sell_out_regions", "dim_customer"), sources=("sell_out",)),
    )),
    PageSpec("risk", (
        S("risk.model_status", tables=("risk_run_summary",)),  # why a risk panel below is empty, if one is
        S("risk.churn_bands", tables=(CHURN,)),
        S("risk.churn_watchlist", tables=(CHURN,)),
        S("risk.stuffing", tables=(STUFFING,)),
        S("risk.calibration", model_cards=True),
        S("risk.lift", model_cards=True),
        S("risk.model_metrics", model_cards=True),
    )),
    # Foot-traffic studies (人流量调研): the marts of pipelines/footfall/tables.py.
    PageSpec("footfall", (
        S("footfall.ranking", tables=("footfall_site_ranking",)),
        S("footfall.ranking_table", tables=("footfall_site_ranking",)),
        S("footfall.site_day", tables=("footfall_site_day",)),
        S("footfall.typical", tables=("footfall_site_typical",)),
        S("footfall.segment_mix", tables=("footfall_segment_mix",)),
        S("footfall.target_segment", tables=("footfall_target_segment",)),
        # No findings is good news, not missing data: shown whenever sheets were delivered.
        S("footfall.sheet_issues", any_tables=("footfall_sheet_issues", "footfall_site_day")),
        S("footfall.method_check", tables=("footfall_method_check",)),
        S("footfall.sample_plan", tables=("footfall_sample_plan",)),
        S("footfall.plan_table", tables=("footfall_sample_plan",)),
        S("footfall.profile", tables=("footfall_profile",)),
    )),
)

PAGE_BY_SLUG = {p.slug: p for p in PAGES}
