SELECT
    i.customer_id,
    min(i.invoice_date) AS first_invoice_date,
    CAST(date_trunc('month', min(i.invoice_date)) AS DATE) AS month_start,
    arg_min(i.rep_id, (i.invoice_date, i.invoice_id)) AS rep_id,
    any_value(c.region_id) AS region_id,
    max(i.invoice_date) AS last_invoice_date,
    count(*) AS invoices,
    sum(i.invoice_amount) AS lifetime_sales
FROM {{ ref('int_invoices') }} i
LEFT JOIN {{ ref('dim_customer') }} c USING (customer_id)
GROUP BY i.customer_id
