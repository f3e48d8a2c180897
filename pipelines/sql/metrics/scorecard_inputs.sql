-- One row per field rep and month with the scorecard's components (pipelines/metrics/scorecard.py scores them).
-- collection_rate: collected / sales credited to the rep over the last three months; sales_attainment: year-to-date
-- sales against the year-to-date sales target (all products); the new-customer flag shows on the as-of month only.
WITH sales AS (
    SELECT rep_id, month_start, sales_amount, collected_amount,
           sum(collected_amount) OVER w3 / nullif(sum(sales_amount) OVER w3, 0) AS collection_rate
    FROM mart_sales_rep_month
    WINDOW w3 AS (PARTITION BY rep_id ORDER BY month_start RANGE BETWEEN INTERVAL 2 MONTH PRECEDING AND CURRENT ROW)
),
attainment AS (
    SELECT rep_id, month_start, sum(actual_ytd) / nullif(sum(target_ytd), 0) AS sales_attainment
    FROM mart_targets_rep_month
    WHERE metric = 'sales' AND product_id IS NULL AND rep_id IS NOT NULL
    GROUP BY rep_id, month_start
)
SELECT
    d.rep_id, d.rep_name, d.region_id, d.manager_rep_id, d.month_start,
    d.checkin_compliance, d.report_on_time_share, d.work_saturation,
    s.collection_rate, a.sales_attainment,
    coalesce(s.sales_amount, 0) AS sales_amount, coalesce(s.collected_amount, 0) AS collected_amount,
    d.new_customers, d.is_unmanaged,
    coalesce(n.opens_but_not_maintains AND d.month_start = date_trunc('month', b.as_of), false)
        AS opens_but_not_maintains
FROM mart_rep_discipline_month d
CROSS JOIN build_params b
LEFT JOIN sales s ON s.rep_id = d.rep_id AND s.month_start = d.month_start
LEFT JOIN attainment a ON a.rep_id = d.rep_id AND a.month_start = d.month_start
LEFT JOIN mart_rep_new_customer_maintenance n ON n.rep_id = d.rep_id
WHERE d.role = 'rep'
