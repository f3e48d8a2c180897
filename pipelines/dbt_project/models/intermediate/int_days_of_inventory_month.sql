-- Days of inventory (库存天数) and turnover (货物周转率) per product, stock location and month: the month-end stock
-- value over the cost of the goods that left the location that month, times 30, and that cost over the month's
-- average stock value. Goods leave a company warehouse as the company's sales at cost (split evenly over the
-- company warehouses holding the product that month) and a distributor as its sell-out at cost. One more row per
-- product and month with location_id NULL for all company warehouses together (ratios of the sums, not means of
-- ratios): what the inventory page and the notebooks show. The one definition of both ratios.
WITH month_end AS (SELECT * FROM {{ ref('int_stock_month_end') }}),
outflow_company AS (
    SELECT product_id, month_start, sum(cost) AS cogs, sum(qty) AS qty_out
    FROM {{ ref('fct_sales_lines') }} GROUP BY product_id, month_start
),
outflow_distributor AS (
    SELECT product_id, distributor_id AS location_id, month_start, sum(cost) AS cogs, sum(qty) AS qty_out
    FROM {{ ref('fct_sell_out') }} GROUP BY product_id, distributor_id, month_start
),
company_locations AS (
    SELECT product_id, month_start, count(DISTINCT location_id) AS n_locations
    FROM {{ ref('fct_inventory') }} WHERE location_type = 'company_warehouse'
    GROUP BY product_id, month_start
),
per_location AS (
    SELECT
        m.product_id, m.location_id, m.location_type, m.month_start,
        m.closing_qty, m.closing_value, m.avg_value_in_month, m.min_qty_in_month,
        CASE WHEN m.location_type = 'distributor' THEN d.cogs ELSE oc.cogs / nullif(cl.n_locations, 0) END AS cogs,
        CASE WHEN m.location_type = 'distributor' THEN d.qty_out ELSE oc.qty_out / nullif(cl.n_locations, 0) END
            AS qty_out
    FROM month_end m
    LEFT JOIN outflow_company oc ON oc.product_id = m.product_id AND oc.month_start = m.month_start
    LEFT JOIN company_locations cl ON cl.product_id = m.product_id AND cl.month_start = m.month_start
    LEFT JOIN outflow_distributor d
        ON d.product_id = m.product_id AND d.location_id = m.location_id AND d.month_start = m.month_start
),
company_total AS (
    SELECT product_id, CAST(NULL AS VARCHAR) AS location_id, location_type, month_start,
           sum(closing_qty) AS closing_qty, sum(closing_value) AS closing_value,
           sum(avg_value_in_month) AS avg_value_in_month, min(min_qty_in_month) AS min_qty_in_month,
           sum(cogs) AS cogs, sum(qty_out) AS qty_out
    FROM per_location
    WHERE location_type = 'company_warehouse'
    GROUP BY product_id, location_type, month_start
),
stock AS (
    SELECT * FROM per_location
    UNION ALL BY NAME
    SELECT * FROM company_total
)
SELECT
    *,
    cogs / nullif(avg_value_in_month, 0) AS turnover,
    30.0 * closing_value / nullif(cogs, 0) AS days_of_inventory
FROM stock
