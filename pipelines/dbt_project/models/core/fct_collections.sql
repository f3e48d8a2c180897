WITH invoice_rep AS (
    SELECT invoice_id, {{ dbt.any_value("rep_id") }} AS rep_id FROM {{ source('salesops', 'stg_sales_lines') }} GROUP BY invoice_id
)
SELECT
    k.receipt_id, k.receipt_date, {{ month_start('k.receipt_date') }} AS month_start,
    k.customer_id, coalesce(c.region_id, 'UNKNOWN') AS region_id,
    coalesce(i.rep_id, c.rep_id) AS rep_id, k.invoice_id, k.amount, k.method,
    k.invoice_id IS NULL AS is_unallocated
FROM {{ source('salesops', 'stg_collections') }} k
LEFT JOIN {{ ref('dim_customer') }} c USING (customer_id)
LEFT JOIN invoice_rep i USING (invoice_id)
WHERE k.receipt_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
