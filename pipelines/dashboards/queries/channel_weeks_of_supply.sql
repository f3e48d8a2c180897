-- Distributor stock at its latest count against its average weekly sell-out over the 8 weeks before it.
WITH latest AS (
    SELECT location_id AS distributor_id, max(snapshot_date) AS snapshot_date
    FROM fct_inventory WHERE location_type = 'distributor' GROUP BY ALL
),
stock AS (
    SELECT l.distributor_id, l.snapshot_date, sum(i.on_hand_qty) AS on_hand_qty
    FROM latest l
    JOIN fct_inventory i ON i.location_id = l.distributor_id AND i.snapshot_date = l.snapshot_date
    GROUP BY ALL
),
sold AS (
    SELECT s.distributor_id, sum(o.qty) / 8.0 AS sell_out_per_week
    FROM stock s
    JOIN fct_sell_out o ON o.distributor_id = s.distributor_id
        AND o.sale_date > s.snapshot_date - INTERVAL 56 DAY AND o.sale_date <= s.snapshot_date
    GROUP BY ALL
)
SELECT s.distributor_id, coalesce(c.customer_name, s.distributor_id) AS distributor_name,
       coalesce(c.region_id, 'UNKNOWN') AS region_id, s.snapshot_date, s.on_hand_qty,
       coalesce(d.sell_out_per_week, 0) AS sell_out_per_week,
       s.on_hand_qty / nullif(d.sell_out_per_week, 0) AS weeks_of_supply
FROM stock s
LEFT JOIN sold d USING (distributor_id)
LEFT JOIN dim_customer c ON c.customer_id = s.distributor_id
