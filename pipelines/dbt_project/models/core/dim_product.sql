-- Every product any staged source names: the master's rows, and for an id without one a member named by its id
-- (category unknown, list price the median price it sold at, cost unknown).
WITH ids AS (
    {{ referenced_ids('products') }}
),
sold AS (
    SELECT product_id, median(unit_price) AS typical_price FROM {{ source('salesops', 'stg_sales_lines') }} GROUP BY product_id
)
SELECT
    i.member_id AS product_id,
    coalesce(p.product_name, i.member_id) AS product_name,
    coalesce(p.category, 'unknown') AS category,
    p.unit_cost,
    coalesce(p.list_price, s.typical_price) AS list_price,
    p.supplier_lead_time_days,
    p.product_manager,
    p.product_id IS NOT NULL AS in_master,
    i.seen_in
FROM ids i
LEFT JOIN {{ source('salesops', 'stg_products') }} p ON p.product_id = i.member_id
LEFT JOIN sold s ON s.product_id = i.member_id
