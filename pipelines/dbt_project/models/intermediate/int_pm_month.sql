-- The inputs of the product-manager bonus (pipelines/metrics/pm_bonus.py) except stock, which it reads from
-- int_non_effective_inventory. Collected revenue is attributed to products by product mix: a customer's receipts
-- in a month are split by the product mix of its invoices in the same calendar year (to date), or over all its
-- invoices when it bought nothing that year. Products without a product manager drop out.
WITH customer_year_pm AS (
    SELECT s.customer_id, year(s.month_start) AS year, p.product_manager, sum(s.amount) AS amount
    FROM {{ ref('fct_sales_lines') }} s JOIN {{ ref('dim_product') }} p USING (product_id)
    GROUP BY s.customer_id, year(s.month_start), p.product_manager
),
year_mix AS (
    SELECT customer_id, year, product_manager,
           amount / nullif(sum(amount) OVER (PARTITION BY customer_id, year), 0) AS share
    FROM customer_year_pm
),
all_time_mix AS (
    SELECT customer_id, product_manager,
           sum(amount) / nullif(sum(sum(amount)) OVER (PARTITION BY customer_id), 0) AS share
    FROM customer_year_pm GROUP BY customer_id, product_manager
),
receipts AS (
    SELECT m.customer_id, m.month_start, m.collected_amount,
           EXISTS (SELECT 1 FROM year_mix y WHERE y.customer_id = m.customer_id AND y.year = year(m.month_start))
               AS has_year_mix
    FROM {{ ref('int_sales_customer_month') }} m WHERE m.collected_amount <> 0
),
collected AS (
    SELECT product_manager, month_start, sum(amount) AS collected_amount FROM (
        SELECT y.product_manager, r.month_start, r.collected_amount * y.share AS amount
        FROM receipts r JOIN year_mix y ON y.customer_id = r.customer_id AND y.year = year(r.month_start)
        UNION ALL
        SELECT a.product_manager, r.month_start, r.collected_amount * a.share
        FROM receipts r JOIN all_time_mix a ON a.customer_id = r.customer_id
        WHERE NOT r.has_year_mix
    ) GROUP BY product_manager, month_start
),
sales AS (
    -- a product's month counts as costed when any of its lines has a cost (a SKU has one standard cost)
    SELECT p.product_manager, m.month_start, sum(m.sales_amount) AS sales_amount,
           sum(m.sales_amount) FILTER (WHERE m.gross_margin IS NOT NULL) AS costed_sales_amount,
           sum(m.gross_margin) AS gross_margin
    FROM (SELECT product_id, month_start, sum(amount) AS sales_amount, sum(gross_margin) AS gross_margin
          FROM {{ ref('fct_sales_lines') }} GROUP BY product_id, month_start) m
    JOIN {{ ref('dim_product') }} p USING (product_id) GROUP BY p.product_manager, m.month_start
),
rets AS (
    SELECT p.product_manager, r.month_start,
           coalesce(sum(r.amount) FILTER (WHERE r.return_type = 'batch'), 0) AS batch_returns_amount,
           coalesce(sum(r.amount) FILTER (WHERE r.return_type = 'sporadic'), 0) AS sporadic_returns_amount
    FROM {{ ref('fct_returns') }} r JOIN {{ ref('dim_product') }} p USING (product_id)
    GROUP BY p.product_manager, r.month_start
),
keys AS (
    SELECT product_manager, month_start FROM collected UNION SELECT product_manager, month_start FROM sales
    UNION SELECT product_manager, month_start FROM rets
)
SELECT
    k.product_manager, k.month_start,
    coalesce(c.collected_amount, 0) AS collected_amount,
    coalesce(s.sales_amount, 0) AS sales_amount,
    coalesce(s.costed_sales_amount, 0) AS costed_sales_amount,
    coalesce(s.gross_margin, 0) AS gross_margin,
    coalesce(r.batch_returns_amount, 0) AS batch_returns_amount,
    coalesce(r.sporadic_returns_amount, 0) AS sporadic_returns_amount
FROM keys k
LEFT JOIN collected c USING (product_manager, month_start)
LEFT JOIN sales s USING (product_manager, month_start)
LEFT JOIN rets r USING (product_manager, month_start)
WHERE k.product_manager IS NOT NULL
