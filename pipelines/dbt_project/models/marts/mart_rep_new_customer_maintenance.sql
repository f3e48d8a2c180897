-- Cohort: customers whose first invoice (credited to the rep on it) falls in the new_customer_cohort_days (730)
-- that end maintenance_window_days (120) before the as-of date, so every one has had a full window; customers
-- first seen in the data's first month are left out (they were most likely customers before the data starts).
-- Maintained = visited (by anyone) between maintenance_grace_days (30) and maintenance_window_days after the first
-- invoice. Flag: at least min_new_customers_for_flag new customers and a maintained share below
-- min_maintained_share.
WITH p AS (SELECT * FROM {{ ref('int_metric_params') }} CROSS JOIN {{ source('salesops', 'build_params') }}),
cohort AS (
    SELECT f.customer_id, f.rep_id, f.first_invoice_date FROM {{ ref('int_customer_first_invoice') }} f CROSS JOIN p
    WHERE f.first_invoice_date > p.as_of - to_days(CAST(p.new_customer_cohort_days + p.maintenance_window_days AS INT))
      AND f.first_invoice_date <= p.as_of - to_days(CAST(p.maintenance_window_days AS INT))
      AND f.first_invoice_date >= (SELECT min(first_invoice_date) FROM {{ ref('int_customer_first_invoice') }}) + INTERVAL 31 DAY
),
repeats AS (
    SELECT c.customer_id, count(*) AS repeat_purchase_days
    FROM cohort c CROSS JOIN p
    JOIN {{ ref('int_customer_purchase_days') }} s
      ON s.customer_id = c.customer_id AND s.purchase_date > c.first_invoice_date
     AND s.purchase_date <= c.first_invoice_date + to_days(CAST(p.maintenance_window_days AS INT))
    GROUP BY c.customer_id
),
visits AS (
    SELECT c.customer_id, count(*) AS visits_after_opening
    FROM cohort c CROSS JOIN p
    JOIN {{ ref('fct_visits') }} v
      ON v.customer_id = c.customer_id
     AND v.visit_date > c.first_invoice_date + to_days(CAST(p.maintenance_grace_days AS INT))
     AND v.visit_date <= c.first_invoice_date + to_days(CAST(p.maintenance_window_days AS INT))
    GROUP BY c.customer_id
),
followed AS (
    SELECT c.customer_id, c.rep_id, coalesce(v.visits_after_opening, 0) AS visits_after_opening,
           coalesce(r.repeat_purchase_days, 0) AS repeat_purchase_days
    FROM cohort c
    LEFT JOIN visits v USING (customer_id)
    LEFT JOIN repeats r USING (customer_id)
)
SELECT
    f.rep_id, r.rep_name, r.region_id, r.manager_rep_id,
    count(*) AS new_customers,
    count(*) FILTER (WHERE f.visits_after_opening > 0) AS maintained_customers,
    count(*) FILTER (WHERE f.visits_after_opening > 0) / count(*) AS maintained_share,
    sum(f.visits_after_opening) / count(*) AS visits_per_new_customer,
    count(*) FILTER (WHERE f.repeat_purchase_days > 0) / count(*) AS repeat_purchase_share,
    count(*) >= any_value(p.min_new_customers_for_flag)
        AND count(*) FILTER (WHERE f.visits_after_opening > 0) / count(*) < any_value(p.min_maintained_share)
        AS opens_but_not_maintains
FROM followed f
CROSS JOIN p
LEFT JOIN {{ ref('dim_rep') }} r ON r.rep_id = f.rep_id
GROUP BY f.rep_id, r.rep_name, r.region_id, r.manager_rep_id
