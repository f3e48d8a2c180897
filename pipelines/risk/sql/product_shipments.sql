-- The company's shipments (sell-in units) per product and day: the demand company warehouses serve.
SELECT product_id, invoice_date AS day, CAST(sum(CAST(qty AS DECIMAL(18, 3))) AS DOUBLE) AS qty
FROM fct_sales_lines
GROUP BY ALL
