WITH sales AS (
    SELECT region_id, month_start, sum(amount) AS sales_amount, sum(qty) AS sales_qty,
           sum(gross_margin) AS gross_margin, count(DISTINCT invoice_id) AS invoices,
           count(DISTINCT customer_id) AS buying_customers
    FROM {{ ref('fct_sales_lines') }} GROUP BY ALL
),
rets AS (SELECT region_id, month_start, sum(amount) AS returns_amount FROM {{ ref('fct_returns') }} GROUP BY ALL),
cash AS (SELECT region_id, month_start, sum(amount) AS collected_amount FROM {{ ref('fct_collections') }} GROUP BY ALL),
keys AS (SELECT region_id, month_start FROM sales UNION SELECT region_id, month_start FROM cash
         UNION SELECT region_id, month_start FROM rets)
SELECT k.region_id, k.month_start,
       coalesce(s.sales_amount, 0) AS sales_amount, coalesce(s.sales_qty, 0) AS sales_qty,
       coalesce(s.gross_margin, 0) AS gross_margin, coalesce(s.invoices, 0) AS invoices,
       coalesce(s.buying_customers, 0) AS buying_customers,
       coalesce(r.returns_amount, 0) AS returns_amount,
       coalesce(c.collected_amount, 0) AS collected_amount
FROM keys k
LEFT JOIN sales s USING (region_id, month_start)
LEFT JOIN rets r USING (region_id, month_start)
LEFT JOIN cash c USING (region_id, month_start)
