-- Expenses per region and month (overview profit, expense ratio).
SELECT region_id, month_start, sum(amount) AS expenses
FROM fct_expenses
GROUP BY ALL
