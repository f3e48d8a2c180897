-- Each sell-out line with the region of the distributor that sold it (its territory: the customer master's
-- region) and the region of the terminal it sold to, when the terminal is a customer of known region.
-- is_cross_region (窜货): both regions known and different; NULL when the line names no terminal, or the
-- terminal's or the distributor's region is unknown, so it cannot be judged.
WITH lines AS (
    SELECT
        s.sell_out_id, s.sale_date, s.month_start, s.distributor_id,
        nullif(s.region_id, 'UNKNOWN') AS distributor_region_id,
        s.terminal_id, nullif(t.region_id, 'UNKNOWN') AS terminal_region_id,
        s.product_id, s.qty, s.amount
    FROM {{ ref('fct_sell_out') }} s
    LEFT JOIN {{ ref('dim_customer') }} t ON t.customer_id = s.terminal_id
)
SELECT
    *,
    CASE WHEN distributor_region_id IS NULL OR terminal_region_id IS NULL THEN NULL
         ELSE distributor_region_id <> terminal_region_id END AS is_cross_region
FROM lines
