WITH seen AS (
    SELECT product_id, median(unit_price) AS typical_price FROM {{ source('salesops', 'stg_sales_lines') }} GROUP BY product_id
)
SELECT
    coalesce(p.product_id, s.product_id) AS product_id,
    coalesce(p.product_name, s.product_id) AS product_name,
    coalesce(p.category, 'unknown') AS category,
    p.unit_cost,
    coalesce(p.list_price, s.typical_price) AS list_price,
    p.supplier_lead_time_days,
    p.product_manager,
    p.product_id IS NOT NULL AS in_master
FROM {{ source('salesops', 'stg_products') }} p
FULL OUTER JOIN seen s ON s.product_id = p.product_id
