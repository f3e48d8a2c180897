-- Budget against actual per region, category and month, with the overrun flag (费用超支).
SELECT region_id, category, month_start, budget_amount, actual_amount, variance, variance_pct, is_overrun,
       is_unbudgeted
FROM mart_budget_variance_month
