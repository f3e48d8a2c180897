WITH purchases AS (
    SELECT customer_id, min(invoice_date) AS first_invoice_date, max(invoice_date) AS last_invoice_date,
           arg_max(rep_id, invoice_date) AS last_rep_id
    FROM {{ source('salesops', 'stg_sales_lines') }} GROUP BY customer_id
)
SELECT
    coalesce(c.customer_id, p.customer_id) AS customer_id,
    coalesce(c.customer_name, p.customer_id) AS customer_name,
    coalesce(c.customer_type, 'unknown') AS customer_type,
    coalesce(c.region_id, rep.region_id, 'UNKNOWN') AS region_id,
    coalesce(c.rep_id, p.last_rep_id) AS rep_id,
    coalesce(c.opened_date, p.first_invoice_date) AS opened_date,
    c.scale, c.parent_distributor_id, c.credit_days,
    p.first_invoice_date, p.last_invoice_date,
    c.customer_id IS NOT NULL AS in_master
FROM {{ source('salesops', 'stg_customers') }} c
FULL OUTER JOIN purchases p ON p.customer_id = c.customer_id
LEFT JOIN {{ source('salesops', 'stg_reps') }} rep ON rep.rep_id = coalesce(c.rep_id, p.last_rep_id)
