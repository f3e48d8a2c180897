-- market_expense_to_sales divides the regime's market spend by all the region's sales that month, so the
-- two regimes of one region add up to the region's market expense-to-sales ratio.
WITH spend AS (
    SELECT region_id, month_start, regime,
           coalesce(sum(amount) FILTER (WHERE expense_group = 'market'), 0) AS market_expense,
           sum(amount) AS expense_amount,
           count(*) AS vouchers,
           coalesce(sum(amount) FILTER (WHERE is_unapproved), 0) AS unapproved_amount,
           coalesce(sum(amount) FILTER (WHERE is_one_signature), 0) AS one_signature_amount
    FROM {{ ref('int_expense_approvals') }} GROUP BY region_id, month_start, regime
),
budget AS (
    SELECT region_id, make_date(CAST(year AS INT), CAST(month AS INT), 1) AS month_start,
           -- the market categories of fct_expenses.expense_group
           sum(amount) FILTER (WHERE category IN ('market', 'promotion', 'entertainment', 'development_fee'))
               AS market_budget
    FROM {{ source('salesops', 'stg_budgets') }} GROUP BY region_id, year, month
)
SELECT
    e.region_id, e.month_start, e.regime, e.market_expense, e.expense_amount, e.vouchers,
    e.market_expense / nullif(sum(e.market_expense) OVER (PARTITION BY e.region_id, e.month_start), 0)
        AS regime_share_of_market_expense,
    coalesce(s.sales_amount, 0) AS region_sales_amount,
    e.market_expense / nullif(s.sales_amount, 0) AS market_expense_to_sales,
    b.market_budget AS region_market_budget,
    e.unapproved_amount / e.expense_amount AS unapproved_share,
    e.one_signature_amount / e.expense_amount AS one_signature_share
FROM spend e
LEFT JOIN {{ ref('int_expense_ratios_month') }} s ON s.grain = 'region' AND s.region_id = e.region_id
    AND s.month_start = e.month_start
LEFT JOIN budget b ON b.region_id = e.region_id AND b.month_start = e.month_start
