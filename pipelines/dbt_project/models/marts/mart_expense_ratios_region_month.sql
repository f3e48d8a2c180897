-- Expense ratios per region and month (int_expense_ratios_month holds the definitions).
SELECT region_id, month_start, sales_amount, collected_amount, gross_margin, expense_amount, market_expense,
       personnel_expense, expense_to_sales, expense_to_collections, market_expense_to_sales,
       personnel_cost_per_collected, expense_to_sales_rolling
FROM {{ ref('int_expense_ratios_month') }}
WHERE grain = 'region'
