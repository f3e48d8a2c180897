-- Stock per product, location and month from the stock counts: the last count of the month (closing), the
-- average count and whether any count found it empty. Read by mart_inventory_month and int_non_effective_inventory.
SELECT product_id, location_id, location_type, month_start,
       arg_max(on_hand_qty, snapshot_date) AS closing_qty,
       arg_max(on_hand_value, snapshot_date) AS closing_value,
       avg(on_hand_value) AS avg_value_in_month,
       min(on_hand_qty) AS min_qty_in_month
FROM {{ ref('fct_inventory') }}
GROUP BY product_id, location_id, location_type, month_start
