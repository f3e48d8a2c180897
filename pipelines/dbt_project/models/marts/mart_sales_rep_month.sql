WITH sales AS (
    SELECT rep_id, month_start, sum(amount) AS sales_amount, sum(gross_margin) AS gross_margin,
           count(DISTINCT customer_id) AS buying_customers
    FROM {{ ref('fct_sales_lines') }} GROUP BY ALL
),
rets AS (SELECT rep_id, month_start, sum(amount) AS returns_amount FROM {{ ref('fct_returns') }} GROUP BY ALL),
cash AS (SELECT rep_id, month_start, sum(amount) AS collected_amount FROM {{ ref('fct_collections') }} GROUP BY ALL),
keys AS (SELECT rep_id, month_start FROM sales UNION SELECT rep_id, month_start FROM cash
         UNION SELECT rep_id, month_start FROM rets)
SELECT k.rep_id, coalesce(d.region_id, 'UNKNOWN') AS region_id, k.month_start,
       coalesce(s.sales_amount, 0) AS sales_amount, coalesce(s.gross_margin, 0) AS gross_margin,
       coalesce(s.buying_customers, 0) AS buying_customers,
       coalesce(r.returns_amount, 0) AS returns_amount,
       coalesce(c.collected_amount, 0) AS collected_amount
FROM keys k
LEFT JOIN sales s USING (rep_id, month_start)
LEFT JOIN rets r USING (rep_id, month_start)
LEFT JOIN cash c USING (rep_id, month_start)
LEFT JOIN {{ ref('dim_rep') }} d USING (rep_id)
WHERE k.rep_id IS NOT NULL
