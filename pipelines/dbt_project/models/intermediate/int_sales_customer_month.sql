-- Each customer's money flows per month: invoiced sales (with margin, invoices, products), returns and cash
-- collected. The one place these sums are taken per customer; marts, collections and the PM bonus read it.
WITH sales AS (
    SELECT customer_id, month_start, sum(amount) AS sales_amount, sum(gross_margin) AS gross_margin,
           count(DISTINCT invoice_id) AS invoices, count(DISTINCT product_id) AS products_bought
    FROM {{ ref('fct_sales_lines') }} GROUP BY ALL
),
rets AS (SELECT customer_id, month_start, sum(amount) AS returns_amount FROM {{ ref('fct_returns') }} GROUP BY ALL),
cash AS (SELECT customer_id, month_start, sum(amount) AS collected_amount FROM {{ ref('fct_collections') }} GROUP BY ALL),
keys AS (SELECT customer_id, month_start FROM sales UNION SELECT customer_id, month_start FROM cash
         UNION SELECT customer_id, month_start FROM rets)
SELECT k.customer_id, k.month_start,
       coalesce(s.sales_amount, 0) AS sales_amount, coalesce(s.gross_margin, 0) AS gross_margin,
       coalesce(s.invoices, 0) AS invoices, coalesce(s.products_bought, 0) AS products_bought,
       coalesce(r.returns_amount, 0) AS returns_amount,
       coalesce(c.collected_amount, 0) AS collected_amount
FROM keys k
LEFT JOIN sales s USING (customer_id, month_start)
LEFT JOIN rets r USING (customer_id, month_start)
LEFT JOIN cash c USING (customer_id, month_start)
