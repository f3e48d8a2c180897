"""Blocking data tests on the metric marts built by SQL models (group metrics); docs/metrics.md lists them.

Each check counts violating rows; the sql_models op runs a table's checks right after building it and
stops before anything reads a table that failed. Checks on the Python-built marts live in
pipelines/metrics/checks.py.
"""

from __future__ import annotations

from pipelines.quality.table_checks_base import AS_OF, TableCheck, not_null, reconciles, unique_key

# Money compared after summing many rows: a cent plus float rounding.
TOL = "(0.01 + 1e-9 * abs({}))"


def violations(table: str, name: str, description: str, sql: str) -> TableCheck:
    """A custom check: `sql` returns the number of violating rows."""
    return TableCheck(table, name, description, sql)


def rows_where(table: str, name: str, description: str, bad_rows: str) -> TableCheck:
    """Violations are the rows of `table` matching the predicate `bad_rows`."""
    return TableCheck(table, name, description, f"SELECT count(*) FROM {table} WHERE {bad_rows}")


AS_OF_MONTH = f"CAST(date_trunc('month', {AS_OF}) AS DATE)"

RECEIVABLES_CHECKS: tuple[TableCheck, ...] = (
    reconciles("int_invoices", "int_invoices_reconciles_to_sales",
               "invoices hold every sales line up to the as-of date",
               "SELECT 0, sum(amount) FROM fct_sales_lines", "SELECT 0, sum(invoice_amount) FROM int_invoices"),
    reconciles("int_invoice_credits", "int_invoice_credits_reconciles_to_facts",
               "the credits are every receipt and return up to the as-of date",
               "SELECT count(*), sum(amount) FROM int_invoice_credits",
               "SELECT (SELECT count(*) FROM fct_collections) + (SELECT count(*) FROM fct_returns), "
               "(SELECT coalesce(sum(amount), 0) FROM fct_collections) + (SELECT coalesce(sum(amount), 0) "
               "FROM fct_returns)"),
    rows_where("int_invoice_balances", "int_invoice_balances_open_within_invoice",
               "an open invoice's balance is above 0 and at most its amount",
               "open_balance <= 0 OR open_balance > invoice_amount + 0.005"),
    unique_key("mart_receivables_aging", "customer_id"),
    rows_where("mart_receivables_aging", "mart_receivables_aging_buckets_sum_to_balance",
               "the aging buckets of every customer add up to its receivables balance",
               "abs(aged_0_30 + aged_31_60 + aged_61_90 + aged_91_180 + aged_over_180 - receivables_balance) > "
               + TOL.format("receivables_balance")),
    rows_where("mart_receivables_aging", "mart_receivables_aging_due_split_sums_to_balance",
               "not-yet-due plus overdue equals the receivables balance",
               "abs(not_yet_due + overdue_amount - receivables_balance) > " + TOL.format("receivables_balance")),
    reconciles("mart_receivables_aging", "mart_receivables_aging_reconciles_to_open_invoices",
               "the aged receivables add up to the open balances of the invoices",
               "SELECT 0, sum(receivables_balance) FROM mart_receivables_aging",
               "SELECT 0, sum(open_balance) FILTER (WHERE open_balance > 0) FROM int_invoice_balances"),
    reconciles("mart_receivables_aging", "mart_receivables_aging_reconciles_to_facts",
               "receivables minus unapplied credit = invoiced - collected - returned, up to the as-of date",
               "SELECT 0, sum(receivables_balance) - sum(unapplied_credit) FROM mart_receivables_aging",
               "SELECT 0, (SELECT coalesce(sum(amount), 0) FROM fct_sales_lines) "
               "- (SELECT coalesce(sum(amount), 0) FROM fct_collections) "
               "- (SELECT coalesce(sum(amount), 0) FROM fct_returns)"),
    rows_where("mart_collections_customer_month", "mart_collections_customer_month_current_within_balance",
               "the part not yet due is between 0 and the closing receivables",
               "closing_current < -0.005 OR closing_current > closing_receivables + 0.005"),
    unique_key("mart_collections_region_month", "region_id", "month_start"),
    unique_key("mart_collections_rep_month", "rep_id", "month_start"),
    unique_key("mart_collections_customer_month", "customer_id", "month_start"),
    reconciles("mart_collections_region_month", "mart_collections_region_month_reconciles_to_facts",
               "monthly collections by region add up to every receipt up to the as-of date",
               "SELECT 0, sum(collected_amount) FROM mart_collections_region_month",
               "SELECT 0, sum(amount) FROM fct_collections"),
    reconciles("mart_collections_region_month", "mart_collections_region_month_closing_matches_aging",
               "the as-of month's closing receivables equal the aged receivables",
               f"SELECT 0, sum(closing_receivables) FROM mart_collections_region_month "
               f"WHERE month_start = {AS_OF_MONTH}",
               "SELECT 0, sum(receivables_balance) FROM mart_receivables_aging"),
    unique_key("mart_collections_overdue_watchlist", "customer_id"),
    reconciles("mart_collections_overdue_watchlist", "mart_collections_overdue_watchlist_matches_aging",
               "the watchlist holds every overdue amount of the aging",
               "SELECT 0, sum(overdue_amount) FROM mart_collections_overdue_watchlist",
               "SELECT 0, sum(overdue_amount) FROM mart_receivables_aging"),
    unique_key("mart_collections_bad_debt_candidates", "customer_id"),
    rows_where("mart_collections_bad_debt_candidates", "mart_collections_bad_debt_at_risk_within_balance",
               "the amount at risk never exceeds the customer's receivables",
               "amount_at_risk > receivables_balance + " + TOL.format("receivables_balance")),
)

COST_CHECKS: tuple[TableCheck, ...] = (
    unique_key("int_expense_approvals", "expense_id"),
    rows_where("int_expense_approvals", "int_expense_approvals_flags_exclusive",
               "a voucher is at most one of unapproved, one-signature and wrong signer",
               "CAST(is_unapproved AS INT) + CAST(is_one_signature AS INT) + CAST(is_wrong_approver AS INT) > 1"),
    reconciles("mart_expense_month", "mart_expense_month_reconciles_to_facts",
               "monthly expenses add up to every voucher up to the as-of date",
               "SELECT sum(vouchers), sum(expense_amount) FROM mart_expense_month",
               "SELECT count(*), sum(amount) FROM fct_expenses"),
    unique_key("mart_expense_ratios_region_month", "region_id", "month_start"),
    reconciles("mart_expense_ratios_region_month", "mart_expense_ratios_region_month_reconciles",
               "regional expenses and sales add up to the facts",
               "SELECT 0, sum(expense_amount) + sum(sales_amount) FROM mart_expense_ratios_region_month",
               "SELECT 0, (SELECT coalesce(sum(amount), 0) FROM fct_expenses) "
               "+ (SELECT coalesce(sum(amount), 0) FROM fct_sales_lines)"),
    unique_key("mart_expense_ratios_rep_month", "rep_id", "month_start"),
    unique_key("mart_profit_region_month", "region_id", "month_start"),
    rows_where("mart_profit_region_month", "mart_profit_region_month_is_margin_minus_expenses",
               "profit = gross margin - expenses", "abs(profit - (gross_margin - expense_amount)) > 0.005"),
    unique_key("mart_budget_variance_month", "region_id", "category", "month_start"),
    rows_where("mart_budget_variance_month", "mart_budget_variance_month_variance_formula",
               "variance = actual - budget and the overrun flag agrees with it",
               "abs(variance - (actual_amount - coalesce(budget_amount, 0))) > 0.005 "
               "OR (is_overrun AND NOT actual_amount > budget_amount)"),
    unique_key("mart_expense_regime_month", "region_id", "month_start", "regime"),
    unique_key("mart_expense_approval_month", "region_id", "month_start"),
    rows_where("mart_expense_approval_month", "mart_expense_approval_month_shares_are_shares",
               "the unapproved and one-signature shares lie between 0 and 1 and do not overlap",
               "unapproved_share < 0 OR one_signature_share < 0 OR unapproved_share + one_signature_share > 1 + 1e-9"),
    unique_key("mart_dev_fee_amortization", "expense_id", "month_no"),
    violations("mart_dev_fee_amortization", "mart_dev_fee_amortization_sums_to_advance",
               "every advance's schedule adds up to the amount advanced",
               "SELECT count(*) FROM (SELECT expense_id FROM mart_dev_fee_amortization GROUP BY expense_id "
               "HAVING abs(sum(amortization) - any_value(advance_amount)) > 0.005)"),
    reconciles("mart_dev_fee_amortization", "mart_dev_fee_amortization_covers_every_advance",
               "every advance up to the as-of date has a schedule",
               "SELECT count(DISTINCT expense_id), 0 FROM mart_dev_fee_amortization",
               "SELECT count(*), 0 FROM fct_expenses WHERE is_advance"),
    rows_where("mart_dev_fee_balance_rep", "mart_dev_fee_balance_rep_outstanding_within_advanced",
               "the outstanding balance lies between 0 and the amount advanced",
               "outstanding_balance < -0.005 OR outstanding_balance > advanced_amount + 0.005"),
)

CUSTOMER_CHECKS: tuple[TableCheck, ...] = (
    unique_key("int_customer_first_invoice", "customer_id"),
    unique_key("mart_customer_abc", "customer_id"),
    reconciles("mart_customer_abc", "mart_customer_abc_covers_every_customer",
               "every customer gets a tier", "SELECT count(*), 0 FROM mart_customer_abc",
               "SELECT count(*), 0 FROM dim_customer"),
    rows_where("mart_customer_abc", "mart_customer_abc_tier_values", "tiers are A, B or C",
               "abc_tier NOT IN ('A', 'B', 'C') OR abc_tier_in_type NOT IN ('A', 'B', 'C') OR abc_tier IS NULL"),
    violations("mart_customer_abc", "mart_customer_abc_tiers_ordered_by_value",
               "no B or C customer collected more than an A customer (and no C more than a B)",
               "WITH t AS (SELECT abc_tier, min(collected_12m) AS lo, max(collected_12m) AS hi "
               "FROM mart_customer_abc GROUP BY abc_tier) "
               "SELECT count(*) FROM t x JOIN t y ON x.abc_tier > y.abc_tier AND x.hi > y.lo + 0.005"),
    unique_key("mart_customer_status_month", "region_id", "month_start"),
    rows_where("mart_customer_status_month", "mart_customer_status_month_statuses_add_up",
               "active + dormant + lost = known customers, and new customers are active",
               "active_customers + dormant_customers + lost_customers <> known_customers "
               "OR new_customers > active_customers"),
    unique_key("mart_customer_segments", "customer_type", "scale", "abc_tier"),
    unique_key("mart_customer_not_buying", "customer_id"),
)

REP_CHECKS: tuple[TableCheck, ...] = (
    unique_key("mart_rep_discipline_month", "rep_id", "month_start"),
    rows_where("mart_rep_discipline_month", "mart_rep_discipline_month_rates_are_shares",
               "check-in compliance and on-time shares lie between 0 and 1",
               "checkin_compliance NOT BETWEEN 0 AND 1 OR report_on_time_share NOT BETWEEN 0 AND 1 "
               "OR co_visit_rate NOT BETWEEN 0 AND 1"),
    unique_key("mart_rep_new_customer_maintenance", "rep_id"),
)

COMPARE_CHECKS: tuple[TableCheck, ...] = (
    unique_key("mart_period_compare_region_month", "region_id", "month_start", "metric"),
    reconciles("mart_period_compare_region_month", "mart_period_compare_region_month_sales_reconcile",
               "the compared regional sales add up to the facts",
               "SELECT 0, sum(value) FROM mart_period_compare_region_month WHERE metric = 'sales_amount'",
               "SELECT 0, sum(amount) FROM fct_sales_lines"),
    rows_where("mart_period_compare_region_month", "mart_period_compare_region_month_change_formula",
               "mom_change = value - previous month and yoy_change = value - same month last year",
               "abs(mom_change - (value - previous_month_value)) > 0.005 "
               "OR abs(yoy_change - (value - same_month_last_year_value)) > 0.005"),
    unique_key("mart_period_compare_rep_month", "rep_id", "month_start", "metric"),
)

TARGET_INPUT_CHECKS: tuple[TableCheck, ...] = (
    reconciles("int_target_actuals_month", "int_target_actuals_month_sales_reconcile",
               "sales actuals (all products) add up to the facts",
               "SELECT 0, sum(value) FROM int_target_actuals_month WHERE metric = 'sales' AND product_id IS NULL",
               "SELECT 0, sum(amount) FROM fct_sales_lines"),
    unique_key("int_pm_month", "product_manager", "month_start"),
    rows_where("int_pm_month", "int_pm_month_amounts_not_negative", "amounts are never negative",
               "collected_amount < -0.005 OR sales_amount < 0 OR batch_returns_amount < 0 "
               "OR sporadic_returns_amount < 0"),
    not_null("int_pm_month", "product_manager"),
)

METRIC_CHECKS: tuple[TableCheck, ...] = (
    RECEIVABLES_CHECKS + COST_CHECKS + CUSTOMER_CHECKS + REP_CHECKS + COMPARE_CHECKS + TARGET_INPUT_CHECKS
)
