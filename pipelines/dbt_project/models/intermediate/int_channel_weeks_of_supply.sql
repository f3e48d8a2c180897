-- Channel weeks of supply (库存可售周数) and days of cover at every distributor stock count: the stock counted
-- against the average sell-out of the same products over the channel_supply_window_days (int_metric_params) up
-- to and including the count day. One row per distributor, product and count date, and one per distributor and
-- count date with product_id NULL for all the products counted that day (ratio of the sums, not a mean of
-- ratios). Point in time: a row reads only stock and sell-out dated on or before its count date, so the risk
-- features may read it at any past snapshot.
WITH p AS (SELECT channel_supply_window_days AS window_days FROM {{ ref('int_metric_params') }}),
counts AS (
    SELECT location_id AS distributor_id, product_id, snapshot_date AS count_date,
           sum(CAST(on_hand_qty AS DECIMAL(18, 3))) AS on_hand_qty
    FROM {{ ref('fct_inventory') }}
    WHERE location_type = 'distributor'
    GROUP BY location_id, product_id, snapshot_date
),
sold AS (
    SELECT c.distributor_id, c.product_id, c.count_date, sum(CAST(o.qty AS DECIMAL(18, 3))) AS sell_out_qty
    FROM counts c
    CROSS JOIN p
    JOIN {{ ref('fct_sell_out') }} o
      ON o.distributor_id = c.distributor_id AND o.product_id = c.product_id
     AND o.sale_date > {{ dbt.dateadd('day', '-p.window_days', 'c.count_date') }} AND o.sale_date <= c.count_date
    GROUP BY c.distributor_id, c.product_id, c.count_date
),
sums AS (
    SELECT c.distributor_id, c.product_id, c.count_date,
           CAST(sum(c.on_hand_qty) AS DOUBLE) AS on_hand_qty,
           CAST(coalesce(sum(s.sell_out_qty), 0) AS DOUBLE) AS sell_out_qty
    FROM counts c
    LEFT JOIN sold s USING (distributor_id, product_id, count_date)
    GROUP BY GROUPING SETS ((c.distributor_id, c.product_id, c.count_date), (c.distributor_id, c.count_date))
)
SELECT
    s.distributor_id, s.product_id, s.count_date, p.window_days, s.on_hand_qty, s.sell_out_qty,
    s.sell_out_qty / (p.window_days / 7.0) AS sell_out_per_week,
    s.on_hand_qty / nullif(s.sell_out_qty / (p.window_days / 7.0), 0) AS weeks_of_supply,
    s.on_hand_qty / nullif(s.sell_out_qty / p.window_days, 0) AS days_of_cover
FROM sums s
CROSS JOIN p
