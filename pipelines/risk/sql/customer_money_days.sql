-- The receivables per customer and day (int_customer_receivables_days) as the churn features read them:
-- amounts falling overdue, credits settling them, the overdue balance, receipts naming an invoice with their
-- amount-weighted delay, and returns. Exact sums there; doubles here for numpy.
SELECT customer_id, day, CAST(falls_overdue AS DOUBLE) AS falls_overdue,
       CAST(settled - prepaid_not_due AS DOUBLE) AS settles_overdue, CAST(overdue_balance AS DOUBLE) AS overdue,
       CAST(named_receipts AS DOUBLE) AS receipts, CAST(delay_amount AS DOUBLE) AS delay_amount,
       CAST(returns_credited AS DOUBLE) AS returns
FROM int_customer_receivables_days
