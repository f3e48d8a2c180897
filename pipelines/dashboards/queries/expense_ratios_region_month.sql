-- Sales and expenses per region and month, for the expense-ratio trend.
SELECT region_id, month_start, sales_amount, expense_amount, expense_to_sales
FROM mart_expense_ratios_region_month
