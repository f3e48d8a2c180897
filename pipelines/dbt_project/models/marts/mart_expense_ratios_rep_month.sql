-- Only expenses booked to a rep count here; department costs (no rep) appear in the region ratios.
WITH spend AS (
    SELECT rep_id, month_start,
           sum(amount) AS expense_amount,
           coalesce(sum(amount) FILTER (WHERE expense_group = 'market'), 0) AS market_expense,
           coalesce(sum(amount) FILTER (WHERE expense_group = 'personnel'), 0) AS personnel_expense
    FROM {{ ref('fct_expenses') }} WHERE rep_id IS NOT NULL GROUP BY rep_id, month_start
),
keys AS (
    SELECT rep_id, month_start FROM spend
    UNION SELECT rep_id, month_start FROM {{ ref('mart_sales_rep_month') }}
)
SELECT
    k.rep_id, coalesce(r.region_id, 'UNKNOWN') AS region_id, k.month_start,
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
LEFT JOIN spend e USING (rep_id, month_start)
LEFT JOIN {{ ref('mart_sales_rep_month') }} s USING (rep_id, month_start)
LEFT JOIN {{ ref('dim_rep') }} r ON r.rep_id = k.rep_id
