-- Product attributes for stock-out scoring: name, line and the supplier lead time.
SELECT product_id, product_name, category, supplier_lead_time_days
FROM dim_product
