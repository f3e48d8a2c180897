-- Rows delivered per optional source, to decide which features and models can run.
SELECT 'sales_lines' AS source, count(*) AS n FROM fct_sales_lines
UNION ALL SELECT 'collections', count(*) FROM fct_collections
UNION ALL SELECT 'returns', count(*) FROM fct_returns
UNION ALL SELECT 'visits', count(*) FROM fct_visits
UNION ALL SELECT 'inventory_snapshots', count(*) FROM fct_inventory
UNION ALL SELECT 'sell_out', count(*) FROM fct_sell_out
