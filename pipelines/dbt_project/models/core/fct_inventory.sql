SELECT
    i.snapshot_date, {{ month_start('i.snapshot_date') }} AS month_start,
    i.location_id, i.location_type, i.product_id,
    CASE WHEN i.location_type = 'distributor' THEN c.region_id END AS region_id,
    i.on_hand_qty, i.on_hand_qty * p.unit_cost AS on_hand_value
FROM {{ source('salesops', 'stg_inventory_snapshots') }} i
LEFT JOIN {{ ref('dim_product') }} p USING (product_id)
LEFT JOIN {{ ref('dim_customer') }} c ON c.customer_id = i.location_id
WHERE i.snapshot_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
