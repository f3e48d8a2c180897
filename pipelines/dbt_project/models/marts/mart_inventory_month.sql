-- Stock, goods moved out, turnover and days of inventory per product, location and month
-- (int_days_of_inventory_month defines them; its all-company-warehouse rows are left out here).
SELECT
    product_id, location_id, location_type, month_start,
    closing_qty, closing_value, avg_value_in_month, min_qty_in_month = 0 AS had_stock_out,
    cogs, qty_out, turnover, days_of_inventory
FROM {{ ref('int_days_of_inventory_month') }}
WHERE location_id IS NOT NULL
