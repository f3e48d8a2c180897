{#- Long format: one row per `key` (region_id, rep_id), month and metric, with the previous month's and the
    same month last year's value and the changes. The metrics are the monthly sales mart's of that grain
    (`sales_mart`) and the expenses charged to the key (`expense_filter` leaves out rows without one). Values
    before the data starts are NULL; *_pct is NULL when the earlier value is 0; the as-of month may be partial
    (is_partial_month). Any two periods: pipelines.metrics.period_compare.compare_periods. -#}
{% macro period_compare(key, sales_mart, expense_filter="") %}
WITH months AS (
    SELECT month_start, max(date_day) < max(month_end) AS is_partial_month FROM {{ ref('dim_calendar') }} GROUP BY month_start
),
vals AS (
    UNPIVOT (SELECT {{ key }}, month_start, sales_amount, gross_margin, collected_amount, returns_amount
             FROM {{ ref(sales_mart) }})
    ON sales_amount, gross_margin, collected_amount, returns_amount INTO NAME metric VALUE value
    UNION ALL
    SELECT {{ key }}, month_start, 'expense_amount', sum(amount) FROM {{ ref('fct_expenses') }}
    {{ expense_filter }} GROUP BY {{ key }}, month_start
),
grid AS (
    SELECT e.{{ key }}, e.metric, m.month_start, m.is_partial_month
    FROM (SELECT DISTINCT {{ key }}, metric FROM vals) e CROSS JOIN months m
),
filled AS (
    SELECT g.{{ key }}, g.metric, g.month_start, g.is_partial_month, coalesce(v.value, 0) AS value
    FROM grid g LEFT JOIN vals v USING ({{ key }}, metric, month_start)
)
SELECT
    c.{{ key }}, c.month_start, c.metric, c.value, c.is_partial_month,
    pm.value AS previous_month_value,
    c.value - pm.value AS mom_change,
    (c.value - pm.value) / nullif(abs(pm.value), 0) AS mom_pct,
    ly.value AS same_month_last_year_value,
    c.value - ly.value AS yoy_change,
    (c.value - ly.value) / nullif(abs(ly.value), 0) AS yoy_pct
FROM filled c
LEFT JOIN filled pm ON pm.{{ key }} = c.{{ key }} AND pm.metric = c.metric
    AND pm.month_start = CAST(c.month_start - INTERVAL 1 MONTH AS DATE)
LEFT JOIN filled ly ON ly.{{ key }} = c.{{ key }} AND ly.metric = c.metric
    AND ly.month_start = CAST(c.month_start - INTERVAL 12 MONTH AS DATE)
{% endmacro %}
