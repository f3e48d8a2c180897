WITH sales AS (
    SELECT product_id, month_start, sum(qty) AS sales_qty, sum(amount) AS sales_amount,
           sum(cost) AS cost_of_sales, sum(gross_margin) AS gross_margin,
           avg(discount_pct) AS avg_discount_pct
    FROM {{ ref('fct_sales_lines') }} GROUP BY product_id, month_start
),
rets AS (SELECT product_id, month_start, sum(qty) AS returns_qty, sum(amount) AS returns_amount
         FROM {{ ref('fct_returns') }} GROUP BY product_id, month_start),
keys AS (SELECT product_id, month_start FROM sales UNION SELECT product_id, month_start FROM rets)
SELECT k.product_id, p.category, k.month_start,
       coalesce(s.sales_qty, 0) AS sales_qty, coalesce(s.sales_amount, 0) AS sales_amount,
       s.cost_of_sales, s.gross_margin,
       s.gross_margin / nullif(s.sales_amount, 0) AS gross_margin_pct,
       s.avg_discount_pct,
       coalesce(r.returns_qty, 0) AS returns_qty, coalesce(r.returns_amount, 0) AS returns_amount
FROM keys k
LEFT JOIN sales s USING (product_id, month_start)
LEFT JOIN rets r USING (product_id, month_start)
LEFT JOIN {{ ref('dim_product') }} p USING (product_id)
