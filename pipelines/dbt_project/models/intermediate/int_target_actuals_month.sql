-- product_id is NULL for the all-product total; product rows exist only for products that have a target.
-- Sales: invoiced amount, credited to the rep on the invoice. Collections: receipts, credited as in
-- fct_collections. New customers (新客户开发): customers whose first invoice falls in the month, credited to the
-- rep on that first invoice. region_id is the customer's region (the region a region target counts).
WITH targeted_products AS (SELECT DISTINCT product_id FROM {{ source('salesops', 'stg_targets') }} WHERE product_id IS NOT NULL)
SELECT 'sales' AS metric, CAST(NULL AS VARCHAR) AS product_id, rep_id, region_id, month_start, sum(amount) AS value
FROM {{ ref('fct_sales_lines') }} GROUP BY rep_id, region_id, month_start
UNION ALL
SELECT 'sales', s.product_id, s.rep_id, s.region_id, s.month_start, sum(s.amount)
FROM {{ ref('fct_sales_lines') }} s JOIN targeted_products USING (product_id)
GROUP BY s.product_id, s.rep_id, s.region_id, s.month_start
UNION ALL
SELECT 'collections', NULL, rep_id, region_id, month_start, sum(amount)
FROM {{ ref('fct_collections') }} GROUP BY rep_id, region_id, month_start
UNION ALL
SELECT 'new_customers', NULL, rep_id, region_id, month_start, count(*)
FROM {{ ref('int_customer_first_invoice') }} GROUP BY rep_id, region_id, month_start
