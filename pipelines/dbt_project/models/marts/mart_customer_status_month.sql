-- Each customer's status at each month end since its first purchase, from the days since its last purchase at
-- the month's end (the as-of date for the as-of month): active up to active_within_days (90), dormant up to
-- lost_after_days (180), lost beyond. New = first invoice in the month (new customers are also active).
WITH p AS (SELECT * FROM {{ ref('int_metric_params') }} CROSS JOIN {{ source('salesops', 'build_params') }}),
purchases AS (
    SELECT customer_id, month_start, max(purchase_date) AS last_in_month
    FROM {{ ref('int_customer_purchase_days') }} GROUP BY customer_id, month_start
),
grid AS (
    SELECT f.customer_id, f.first_month, CAST(m AS DATE) AS month_start
    FROM (SELECT customer_id, min(month_start) AS first_month FROM purchases GROUP BY customer_id) f CROSS JOIN p,
         range(f.first_month, CAST(date_trunc('month', p.as_of) AS DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH) t(m)
),
last_purchase AS (
    SELECT g.customer_id, g.month_start, g.month_start = g.first_month AS is_new,
           u.last_in_month IS NOT NULL AS bought_in_month,
           max(u.last_in_month) OVER (PARTITION BY g.customer_id ORDER BY g.month_start) AS last_purchase_date,
           least(CAST(last_day(g.month_start) AS DATE), p.as_of) AS period_end,
           p.active_within_days, p.lost_after_days
    FROM grid g CROSS JOIN p
    LEFT JOIN purchases u ON u.customer_id = g.customer_id AND u.month_start = g.month_start
),
status AS (
    SELECT customer_id, month_start, is_new, bought_in_month, last_purchase_date,
           date_diff('day', last_purchase_date, period_end) AS days_since_last_purchase,
           CASE WHEN date_diff('day', last_purchase_date, period_end) <= active_within_days THEN 'active'
                WHEN date_diff('day', last_purchase_date, period_end) <= lost_after_days THEN 'dormant'
                ELSE 'lost' END AS status
    FROM last_purchase
),
customer_months AS (
    SELECT s.*, lag(s.status) OVER (PARTITION BY s.customer_id ORDER BY s.month_start) AS previous_status
    FROM status s
)
SELECT
    d.region_id, c.month_start,
    count(*) AS known_customers,
    count(*) FILTER (WHERE c.is_new) AS new_customers,
    count(*) FILTER (WHERE c.status = 'active') AS active_customers,
    count(*) FILTER (WHERE c.status = 'dormant') AS dormant_customers,
    count(*) FILTER (WHERE c.status = 'lost') AS lost_customers,
    count(*) FILTER (WHERE c.bought_in_month) AS buying_customers,
    count(*) FILTER (WHERE c.status = 'dormant' AND c.previous_status = 'active') AS became_dormant,
    count(*) FILTER (WHERE c.status = 'lost' AND c.previous_status IN ('active', 'dormant')) AS became_lost,
    count(*) FILTER (WHERE c.status = 'active' AND c.previous_status IN ('dormant', 'lost')) AS reactivated
FROM customer_months c
LEFT JOIN {{ ref('dim_customer') }} d USING (customer_id)
GROUP BY d.region_id, c.month_start
