-- Company warehouses move goods out as sell-in; distributors as sell-out.
WITH month_end AS (SELECT * FROM {{ ref('int_stock_month_end') }}),
outflow_company AS (
    SELECT product_id, month_start, sum(cost) AS cogs, sum(qty) AS qty_out
    FROM {{ ref('fct_sales_lines') }} GROUP BY ALL
),
outflow_distributor AS (
    SELECT product_id, distributor_id AS location_id, month_start, sum(cost) AS cogs, sum(qty) AS qty_out
    FROM {{ ref('fct_sell_out') }} GROUP BY ALL
),
company_locations AS (
    SELECT product_id, month_start, count(DISTINCT location_id) AS n_locations
    FROM {{ ref('fct_inventory') }} WHERE location_type = 'company_warehouse' GROUP BY ALL
)
SELECT
    m.product_id, m.location_id, m.location_type, m.month_start,
    m.closing_qty, m.closing_value, m.avg_value_in_month, m.min_qty_in_month = 0 AS had_stock_out,
    -- Company outflow is split evenly across the company's warehouses holding the product.
    CASE WHEN m.location_type = 'distributor' THEN d.cogs ELSE oc.cogs / nullif(cl.n_locations, 0) END
        AS cogs,
    CASE WHEN m.location_type = 'distributor' THEN d.qty_out ELSE oc.qty_out / nullif(cl.n_locations, 0) END
        AS qty_out,
    CASE WHEN m.location_type = 'distributor' THEN d.cogs ELSE oc.cogs / nullif(cl.n_locations, 0) END
        / nullif(m.avg_value_in_month, 0) AS turnover,
    30.0 * m.closing_value / nullif(
        CASE WHEN m.location_type = 'distributor' THEN d.cogs ELSE oc.cogs / nullif(cl.n_locations, 0) END, 0
    ) AS days_of_inventory
FROM month_end m
LEFT JOIN outflow_company oc ON oc.product_id = m.product_id AND oc.month_start = m.month_start
LEFT JOIN company_locations cl ON cl.product_id = m.product_id AND cl.month_start = m.month_start
LEFT JOIN outflow_distributor d
    ON d.product_id = m.product_id AND d.location_id = m.location_id AND d.month_start = m.month_start
