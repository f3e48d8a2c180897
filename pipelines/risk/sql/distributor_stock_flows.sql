-- Per distributor x product x day, for the products it counts stock of: sell-out to terminals (its
-- demand), goods received from us (sell-in) and goods sent back (returns).
WITH counted AS (
    SELECT DISTINCT location_id, product_id FROM fct_inventory WHERE location_type = 'distributor'
),
sold_on AS (
    SELECT o.distributor_id AS location_id, o.product_id, o.sale_date AS day, sum(CAST(o.qty AS DECIMAL(18, 3))) AS qty
    FROM fct_sell_out o
    SEMI JOIN counted c ON c.location_id = o.distributor_id AND c.product_id = o.product_id
    GROUP BY ALL
),
received AS (
    SELECT s.customer_id AS location_id, s.product_id, s.invoice_date AS day, sum(CAST(s.qty AS DECIMAL(18, 3))) AS qty
    FROM fct_sales_lines s
    SEMI JOIN counted c ON c.location_id = s.customer_id AND c.product_id = s.product_id
    GROUP BY ALL
),
sent_back AS (
    SELECT r.customer_id AS location_id, r.product_id, r.return_date AS day, sum(CAST(r.qty AS DECIMAL(18, 3))) AS qty
    FROM fct_returns r
    SEMI JOIN counted c ON c.location_id = r.customer_id AND c.product_id = r.product_id
    GROUP BY ALL
)
SELECT location_id, product_id, day, CAST(sum(demand) AS DOUBLE) AS demand,
       CAST(sum(inflow) AS DOUBLE) AS inflow, CAST(sum(returned) AS DOUBLE) AS returned
FROM (
    SELECT location_id, product_id, day, qty AS demand, 0 AS inflow, 0 AS returned FROM sold_on
    UNION ALL SELECT location_id, product_id, day, 0, qty, 0 FROM received
    UNION ALL SELECT location_id, product_id, day, 0, 0, qty FROM sent_back
)
GROUP BY ALL
