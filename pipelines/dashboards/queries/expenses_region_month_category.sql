-- Expenses per region, month, category and group (structure, period against period).
SELECT region_id, month_start, category, expense_group, sum(amount) AS amount
FROM fct_expenses
GROUP BY ALL
