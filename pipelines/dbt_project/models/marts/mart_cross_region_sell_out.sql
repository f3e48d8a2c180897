-- 窜货: sell-out that placed a distributor's goods in a region outside its own, per month, distributor (with its
-- region), destination region and product: lines, terminals reached, units and value.
SELECT
    month_start, distributor_id, distributor_region_id AS region_id, terminal_region_id, product_id,
    count(*) AS lines, count(DISTINCT terminal_id) AS terminals, sum(qty) AS qty, sum(amount) AS amount
FROM {{ ref('int_sell_out_regions') }}
WHERE is_cross_region
GROUP BY month_start, distributor_id, distributor_region_id, terminal_region_id, product_id
