-- Each distributor's channel weeks of supply at its latest stock count (int_channel_weeks_of_supply: stock
-- over the average weekly sell-out of the counted products in the channel_supply_window_days before the count).
WITH latest AS (
    SELECT distributor_id, max(count_date) AS count_date
    FROM int_channel_weeks_of_supply WHERE product_id IS NULL GROUP BY ALL
)
SELECT w.distributor_id, coalesce(c.customer_name, w.distributor_id) AS distributor_name,
       coalesce(c.region_id, 'UNKNOWN') AS region_id, w.count_date AS snapshot_date, w.on_hand_qty,
       w.sell_out_per_week, w.weeks_of_supply
FROM int_channel_weeks_of_supply w
JOIN latest l USING (distributor_id, count_date)
LEFT JOIN dim_customer c ON c.customer_id = w.distributor_id
WHERE w.product_id IS NULL
