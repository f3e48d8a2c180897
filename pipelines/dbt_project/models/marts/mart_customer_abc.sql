-- Customers sorted by collected_12m (receipts in the 12 months up to the as-of month), largest first: A while the
-- cumulative share before the customer is below abc_a_share (80%), B below abc_b_share (95%), else C; customers
-- with nothing collected are C. abc_tier_in_type applies the same rule within the customer's type.
WITH p AS (SELECT * FROM {{ ref('int_metric_params') }} CROSS JOIN {{ source('salesops', 'build_params') }}),
last_12 AS (
    SELECT m.customer_id, sum(m.collected_amount) AS collected_12m, sum(m.sales_amount) AS sales_12m,
           sum(m.gross_margin) AS gross_margin_12m
    FROM {{ ref('int_sales_customer_month') }} m CROSS JOIN p
    WHERE m.month_start > CAST(date_trunc('month', p.as_of) - INTERVAL 12 MONTH AS DATE)
    GROUP BY m.customer_id
),
base AS (
    SELECT d.customer_id, d.customer_name, d.customer_type, coalesce(d.scale, 'unknown') AS scale, d.region_id,
           d.rep_id, coalesce(c.collected_12m, 0) AS collected_12m, coalesce(c.sales_12m, 0) AS sales_12m,
           coalesce(c.gross_margin_12m, 0) AS gross_margin_12m
    FROM {{ ref('dim_customer') }} d
    LEFT JOIN last_12 c USING (customer_id)
),
ranked AS (
    SELECT *,
           row_number() OVER (ORDER BY collected_12m DESC, customer_id) AS value_rank,
           sum(collected_12m) OVER (ORDER BY collected_12m DESC, customer_id ROWS UNBOUNDED PRECEDING)
               AS cumulative_collected,
           sum(collected_12m) OVER () AS total_collected,
           sum(collected_12m) OVER (PARTITION BY customer_type ORDER BY collected_12m DESC, customer_id
                                    ROWS UNBOUNDED PRECEDING) AS cumulative_in_type,
           sum(collected_12m) OVER (PARTITION BY customer_type) AS total_in_type
    FROM base
)
SELECT
    r.customer_id, r.customer_name, r.customer_type, r.scale, r.region_id, r.rep_id,
    r.collected_12m, r.sales_12m, r.gross_margin_12m, r.value_rank,
    r.collected_12m / nullif(r.total_collected, 0) AS share_of_collected,
    r.cumulative_collected / nullif(r.total_collected, 0) AS cumulative_share,
    CASE WHEN r.collected_12m <= 0 THEN 'C'
         WHEN (r.cumulative_collected - r.collected_12m) / r.total_collected < p.abc_a_share THEN 'A'
         WHEN (r.cumulative_collected - r.collected_12m) / r.total_collected < p.abc_b_share THEN 'B'
         ELSE 'C' END AS abc_tier,
    CASE WHEN r.collected_12m <= 0 THEN 'C'
         WHEN (r.cumulative_in_type - r.collected_12m) / r.total_in_type < p.abc_a_share THEN 'A'
         WHEN (r.cumulative_in_type - r.collected_12m) / r.total_in_type < p.abc_b_share THEN 'B'
         ELSE 'C' END AS abc_tier_in_type
FROM ranked r CROSS JOIN p
