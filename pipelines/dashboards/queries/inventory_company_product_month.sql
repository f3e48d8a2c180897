-- Company-warehouse stock per product and month: closing and average value, cost of goods moved out.
SELECT m.product_id, coalesce(p.product_name, m.product_id) AS product_name, p.category, m.month_start,
       sum(m.closing_value) AS closing_value, sum(m.avg_value_in_month) AS avg_value,
       sum(m.cogs) AS cogs, bool_or(m.had_stock_out) AS had_stock_out
FROM mart_inventory_month m
LEFT JOIN dim_product p USING (product_id)
WHERE m.location_type = 'company_warehouse'
GROUP BY ALL
