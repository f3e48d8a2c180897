WITH working AS (
    SELECT month_start, count(*) FILTER (WHERE is_working_day) AS working_days
    FROM {{ ref('dim_calendar') }} GROUP BY month_start
),
checkins AS (
    SELECT rep_id, month_start, count(DISTINCT checkin_date) AS days_checked_in
    FROM {{ ref('fct_checkins') }} WHERE isodow(checkin_date) <= 5
    GROUP BY rep_id, month_start
),
visits AS (
    SELECT rep_id, month_start, count(*) AS visits,
           count(*) FILTER (WHERE visit_type = 'development') AS development_visits,
           count(*) FILTER (WHERE visit_type = 'maintenance') AS maintenance_visits,
           count(*) FILTER (WHERE is_co_visit) AS co_visits,
           count(*) FILTER (WHERE visit_type = 'training') AS training_visits
    FROM {{ ref('fct_visits') }} GROUP BY rep_id, month_start
),
reports AS (
    SELECT rep_id, month_start, count(*) AS reports_due,
           count(*) FILTER (WHERE is_submitted) AS reports_submitted,
           count(*) FILTER (WHERE is_on_time) AS reports_on_time
    FROM {{ ref('fct_rep_reports') }} GROUP BY rep_id, month_start
),
active AS (
    SELECT r.rep_id, r.region_id, w.month_start, w.working_days
    FROM {{ ref('dim_rep') }} r CROSS JOIN working w
    WHERE (r.hire_date IS NULL OR r.hire_date <= last_day(w.month_start))
      AND (r.leave_date IS NULL OR r.leave_date >= w.month_start)
)
SELECT a.rep_id, a.region_id, a.month_start, a.working_days,
       coalesce(c.days_checked_in, 0) AS days_checked_in,
       coalesce(v.visits, 0) AS visits, coalesce(v.development_visits, 0) AS development_visits,
       coalesce(v.maintenance_visits, 0) AS maintenance_visits, coalesce(v.co_visits, 0) AS co_visits,
       coalesce(v.training_visits, 0) AS training_visits,
       coalesce(p.reports_due, 0) AS reports_due, coalesce(p.reports_submitted, 0) AS reports_submitted,
       coalesce(p.reports_on_time, 0) AS reports_on_time
FROM active a
LEFT JOIN checkins c USING (rep_id, month_start)
LEFT JOIN visits v USING (rep_id, month_start)
LEFT JOIN reports p USING (rep_id, month_start)
