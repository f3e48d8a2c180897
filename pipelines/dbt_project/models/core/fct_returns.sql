SELECT
    r.return_id, r.return_date, {{ month_start('r.return_date') }} AS month_start,
    r.customer_id, coalesce(c.region_id, 'UNKNOWN') AS region_id, c.rep_id, r.product_id,
    r.qty, r.amount, r.return_type, r.reason, r.original_invoice_id
FROM {{ source('salesops', 'stg_returns') }} r
LEFT JOIN {{ ref('dim_customer') }} c USING (customer_id)
WHERE r.return_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
