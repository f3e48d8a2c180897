-- The expense ratio per region and for the company per month, with the rolling ratio the trend shows
-- (int_expense_ratios_month: trailing expense_ratio_window_months months).
SELECT grain, region_id, month_start, sales_amount, expense_amount, expense_to_sales, expense_to_sales_rolling
FROM int_expense_ratios_month
WHERE grain IN ('company', 'region')
