SELECT
    p.customer_id,
    min(p.purchase_date) AS first_invoice_date,
    {{ month_start('min(p.purchase_date)') }} AS month_start,
    arg_min(p.first_rep_id, p.purchase_date) AS rep_id,
    any_value(c.region_id) AS region_id,
    max(p.purchase_date) AS last_invoice_date,
    CAST(sum(p.invoices) AS BIGINT) AS invoices,
    sum(p.amount) AS lifetime_sales
FROM {{ ref('int_customer_purchase_days') }} p
LEFT JOIN {{ ref('dim_customer') }} c USING (customer_id)
GROUP BY p.customer_id
