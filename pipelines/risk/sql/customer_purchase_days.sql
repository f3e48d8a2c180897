-- One row per customer and day with a purchase: the stream churn features and labels are read from.
SELECT customer_id, invoice_date AS day,
       CAST(sum(amount) AS DOUBLE) AS amount,
       count(*) AS invoices,
       sum(lines) AS lines,
       CAST(sum(discount_amount) AS DOUBLE) AS discount_amount
FROM risk_invoices
GROUP BY ALL
