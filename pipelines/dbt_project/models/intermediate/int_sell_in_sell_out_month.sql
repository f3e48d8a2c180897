-- Units sold into distributors (sell-in: our invoices to distributor customers) and units they sold on
-- (sell-out: their reports) per region and month. The channel page and the analyst measures read it.
WITH sell_in AS (
    SELECT region_id, month_start, sum(qty) AS sell_in_qty
    FROM {{ ref('fct_sales_lines') }} WHERE customer_type = 'distributor'
    GROUP BY region_id, month_start
),
sell_out AS (
    SELECT region_id, month_start, sum(qty) AS sell_out_qty FROM {{ ref('fct_sell_out') }}
    GROUP BY region_id, month_start
)
SELECT coalesce(i.region_id, o.region_id, 'UNKNOWN') AS region_id, month_start,
       coalesce(i.sell_in_qty, 0) AS sell_in_qty, coalesce(o.sell_out_qty, 0) AS sell_out_qty
FROM sell_in i
FULL OUTER JOIN sell_out o USING (region_id, month_start)
