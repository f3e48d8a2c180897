-- One row per customer and day with receivables events: amounts falling due (on the due date), cash
-- received and returns credited (both settle the oldest dues first), receipts against an invoice with
-- their delay after its due date (amount-weighted), and returns. Money summed as DECIMAL (exact).
WITH dues AS (
    SELECT customer_id, due_date AS day, sum(amount) AS due FROM risk_invoices GROUP BY ALL
),
receipts AS (
    SELECT k.customer_id, k.receipt_date AS day, sum(CAST(k.amount AS DECIMAL(18, 2))) AS settled,
           coalesce(sum(CAST(k.amount AS DECIMAL(18, 2))) FILTER (WHERE i.due_date IS NOT NULL), 0) AS receipts,
           coalesce(sum(CAST(k.amount * date_diff('day', i.due_date, k.receipt_date) AS DECIMAL(18, 2))), 0)
               AS delay_amount
    FROM fct_collections k LEFT JOIN risk_invoices i USING (invoice_id)
    GROUP BY ALL
),
credited AS (
    SELECT customer_id, return_date AS day, sum(CAST(amount AS DECIMAL(18, 2))) AS amount
    FROM fct_returns GROUP BY ALL
),
events AS (
    SELECT customer_id, day, due, 0 AS settled, 0 AS receipts, 0 AS delay_amount, 0 AS returns FROM dues
    UNION ALL
    SELECT customer_id, day, 0, settled, receipts, delay_amount, 0 FROM receipts
    UNION ALL
    SELECT customer_id, day, 0, amount, 0, 0, amount FROM credited
)
SELECT customer_id, day, CAST(sum(due) AS DOUBLE) AS due, CAST(sum(settled) AS DOUBLE) AS settled,
       CAST(sum(receipts) AS DOUBLE) AS receipts, CAST(sum(delay_amount) AS DOUBLE) AS delay_amount,
       CAST(sum(returns) AS DOUBLE) AS returns
FROM events
GROUP BY ALL
