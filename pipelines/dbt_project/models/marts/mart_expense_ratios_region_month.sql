WITH spend AS (
    SELECT region_id, month_start,
           sum(amount) AS expense_amount,
           coalesce(sum(amount) FILTER (WHERE expense_group = 'market'), 0) AS market_expense,
           coalesce(sum(amount) FILTER (WHERE expense_group = 'personnel'), 0) AS personnel_expense
    FROM {{ ref('fct_expenses') }} GROUP BY region_id, month_start
),
keys AS (
    SELECT region_id, month_start FROM spend
    UNION SELECT region_id, month_start FROM {{ ref('mart_sales_region_month') }}
)
SELECT
    k.region_id, k.month_start,
    coalesce(s.sales_amount, 0) AS sales_amount,
    coalesce(s.collected_amount, 0) AS collected_amount,
    coalesce(s.gross_margin, 0) AS gross_margin,
    coalesce(e.expense_amount, 0) AS expense_amount,
    coalesce(e.market_expense, 0) AS market_expense,
    coalesce(e.personnel_expense, 0) AS personnel_expense,
    coalesce(e.expense_amount, 0) / nullif(s.sales_amount, 0) AS expense_to_sales,
    coalesce(e.expense_amount, 0) / nullif(s.collected_amount, 0) AS expense_to_collections,
    coalesce(e.market_expense, 0) / nullif(s.sales_amount, 0) AS market_expense_to_sales,
    coalesce(e.personnel_expense, 0) / nullif(s.collected_amount, 0) AS personnel_cost_per_collected
FROM keys k
LEFT JOIN spend e USING (region_id, month_start)
LEFT JOIN {{ ref('mart_sales_region_month') }} s USING (region_id, month_start)
