-- One row per invoice: the sales lines summed once per run and kept as a temporary table (risk_invoices)
-- for the churn and stuffing queries, which would otherwise each scan every line again.
-- An invoice whose lines carry different terms falls due on the earliest of their due dates.
-- Money is summed as DECIMAL: exact, so the totals do not depend on the order DuckDB adds rows in
-- (double sums can differ in the last bit between two runs, and so could a model trained on them).
SELECT customer_id, invoice_id, invoice_date,
       CAST(date_trunc('month', invoice_date) AS DATE) AS month_start,
       date_diff('day', invoice_date, CAST(last_day(invoice_date) AS DATE)) < 5 AS in_last_5_days,
       min(due_date) AS due_date,
       sum(CAST(amount AS DECIMAL(18, 2))) AS amount,
       count(*) AS lines,
       sum(CAST(amount * discount_pct AS DECIMAL(18, 4))) AS discount_amount,
       sum(CAST(amount * payment_terms_days AS DECIMAL(18, 2))) AS terms_amount
FROM fct_sales_lines
GROUP BY customer_id, invoice_id, invoice_date
