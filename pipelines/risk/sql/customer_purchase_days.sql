-- The customer purchase days (int_customer_purchase_days) as the churn features and labels read them:
-- exact sums there, doubles here for numpy.
SELECT customer_id, purchase_date AS day, CAST(amount AS DOUBLE) AS amount, invoices, lines,
       CAST(discount_amount AS DOUBLE) AS discount_amount
FROM int_customer_purchase_days
