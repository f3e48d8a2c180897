-- For any other N use pipelines.metrics.customers.customers_not_buying(con, days=N).
WITH p AS (SELECT * FROM {{ ref('int_metric_params') }} CROSS JOIN {{ source('salesops', 'build_params') }}),
history AS (
    -- from the facts, so purchases after the as-of date do not count
    SELECT customer_id, first_invoice_date, last_invoice_date, invoices, lifetime_sales
    FROM {{ ref('int_customer_first_invoice') }}
)
SELECT
    d.customer_id, d.customer_name, d.customer_type, d.region_id, d.rep_id, r.rep_name,
    h.first_invoice_date, h.last_invoice_date,
    date_diff('day', h.last_invoice_date, p.as_of) AS days_since_last_purchase,
    CASE WHEN date_diff('day', h.last_invoice_date, p.as_of) <= p.active_within_days THEN 'active'
         WHEN date_diff('day', h.last_invoice_date, p.as_of) <= p.lost_after_days THEN 'dormant'
         ELSE 'lost' END AS status,
    h.invoices, CAST(h.lifetime_sales AS DOUBLE) AS lifetime_sales,  -- a double, like every mart amount
    date_diff('day', h.first_invoice_date, h.last_invoice_date) / nullif(h.invoices - 1, 0)
        AS avg_days_between_invoices,
    a.abc_tier, coalesce(g.receivables_balance, 0) AS receivables_balance
FROM {{ ref('dim_customer') }} d
CROSS JOIN p
JOIN history h ON h.customer_id = d.customer_id
LEFT JOIN {{ ref('dim_rep') }} r ON r.rep_id = d.rep_id
LEFT JOIN {{ ref('mart_customer_abc') }} a ON a.customer_id = d.customer_id
LEFT JOIN {{ ref('mart_receivables_aging') }} g ON g.customer_id = d.customer_id
WHERE date_diff('day', h.last_invoice_date, p.as_of) >= p.not_buying_days
