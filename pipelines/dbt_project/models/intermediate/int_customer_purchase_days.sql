-- One row per customer and day with a purchase (an invoice dated that day): the grain that serves any date, so
-- recency, frequency and spend at a date (metrics at the as-of date, risk features at every snapshot) are a
-- filter and a sum over these rows.
SELECT
    customer_id,
    invoice_date AS purchase_date,
    any_value(month_start) AS month_start,
    sum(invoice_amount) AS amount,
    count(*) AS invoices,
    CAST(sum(line_count) AS BIGINT) AS lines,
    sum(discount_amount) AS discount_amount,
    -- the rep on the day's first invoice (by number): on a customer's first day, the rep who opened it
    arg_min(rep_id, invoice_id) AS first_rep_id
FROM {{ ref('int_invoices') }}
GROUP BY customer_id, invoice_date
