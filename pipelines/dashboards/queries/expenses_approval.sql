-- Expenses per region, rep, month and highest signature (approvals section).
SELECT e.region_id, e.rep_id, coalesce(r.rep_name, e.rep_id) AS rep_name, e.month_start, e.approval_level,
       sum(e.amount) AS amount
FROM fct_expenses e
LEFT JOIN dim_rep r USING (rep_id)
GROUP BY ALL
