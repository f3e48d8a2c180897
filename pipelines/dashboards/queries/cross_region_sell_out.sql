-- 窜货 (mart_cross_region_sell_out): sell-out placing a distributor's goods in another region, by month,
-- distributor (and its region), destination region and product, with the names the page shows.
SELECT m.month_start, m.distributor_id, coalesce(d.customer_name, m.distributor_id) AS distributor_name,
       m.region_id, m.terminal_region_id, m.product_id, coalesce(p.product_name, m.product_id) AS product_name,
       m.lines, m.terminals, m.qty, m.amount
FROM mart_cross_region_sell_out m
LEFT JOIN dim_customer d ON d.customer_id = m.distributor_id
LEFT JOIN dim_product p USING (product_id)
ORDER BY m.month_start DESC, m.qty DESC, m.distributor_id, m.product_id
