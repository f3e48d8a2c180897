-- Long format: one row per rep, month and metric. previous_month_value / same_month_last_year_value are NULL
-- before the data starts; *_pct is NULL when the earlier value is 0. The as-of month may be partial
-- (is_partial_month). Any two periods: pipelines.metrics.period_compare.compare_periods.
WITH months AS (
    SELECT month_start, max(date_day) < max(month_end) AS is_partial_month FROM {{ ref('dim_calendar') }} GROUP BY month_start
),
vals AS (
    UNPIVOT (SELECT rep_id, month_start, sales_amount, gross_margin, collected_amount, returns_amount
             FROM {{ ref('mart_sales_rep_month') }})
    ON sales_amount, gross_margin, collected_amount, returns_amount INTO NAME metric VALUE value
    UNION ALL
    SELECT rep_id, month_start, 'expense_amount', sum(amount) FROM {{ ref('fct_expenses') }} WHERE rep_id IS NOT NULL GROUP BY ALL
),
grid AS (
    SELECT e.rep_id, e.metric, m.month_start, m.is_partial_month
    FROM (SELECT DISTINCT rep_id, metric FROM vals) e CROSS JOIN months m
),
filled AS (
    SELECT g.rep_id, g.metric, g.month_start, g.is_partial_month, coalesce(v.value, 0) AS value
    FROM grid g LEFT JOIN vals v USING (rep_id, metric, month_start)
)
SELECT
    c.rep_id, c.month_start, c.metric, c.value, c.is_partial_month,
    pm.value AS previous_month_value,
    c.value - pm.value AS mom_change,
    (c.value - pm.value) / nullif(abs(pm.value), 0) AS mom_pct,
    ly.value AS same_month_last_year_value,
    c.value - ly.value AS yoy_change,
    (c.value - ly.value) / nullif(abs(ly.value), 0) AS yoy_pct
FROM filled c
LEFT JOIN filled pm ON pm.rep_id = c.rep_id AND pm.metric = c.metric
    AND pm.month_start = CAST(c.month_start - INTERVAL 1 MONTH AS DATE)
LEFT JOIN filled ly ON ly.rep_id = c.rep_id AND ly.metric = c.metric
    AND ly.month_start = CAST(c.month_start - INTERVAL 12 MONTH AS DATE)
