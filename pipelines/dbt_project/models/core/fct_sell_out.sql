SELECT
    s.sell_out_id, s.sale_date, {{ month_start('s.sale_date') }} AS month_start,
    s.distributor_id, coalesce(c.region_id, 'UNKNOWN') AS region_id, c.rep_id, s.terminal_id,
    s.product_id, s.qty, s.amount, s.qty * p.unit_cost AS cost
FROM {{ source('salesops', 'stg_sell_out') }} s
LEFT JOIN {{ ref('dim_customer') }} c ON c.customer_id = s.distributor_id
LEFT JOIN {{ ref('dim_product') }} p USING (product_id)
WHERE s.sale_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
