-- Working days are Monday-Friday days the rep was employed, up to the as-of date. A rep is flagged unmanaged
-- (放牧式管理) when, over the last three months, check-in compliance is below min_checkin_compliance and the
-- on-time report share below min_report_on_time_share (a source that was not delivered at all is not judged).
WITH p AS (SELECT * FROM {{ ref('int_metric_params') }} CROSS JOIN {{ source('salesops', 'build_params') }}),
delivered AS (
    SELECT (SELECT count(*) FROM {{ ref('fct_checkins') }}) > 0 AS has_checkins,
           (SELECT count(*) FROM {{ ref('fct_rep_reports') }}) > 0 AS has_reports
),
employed_days AS (
    SELECT r.rep_id, c.date_day, c.month_start
    FROM {{ ref('dim_rep') }} r
    JOIN {{ ref('dim_calendar') }} c
      ON c.is_working_day AND c.date_day >= coalesce(r.hire_date, DATE '1900-01-01')
     AND c.date_day <= coalesce(r.leave_date, DATE '2999-12-31')
    WHERE r.rep_id <> '{{ var("unassigned_id") }}'  -- the placeholder of an export without reps is nobody
),
days AS (
    SELECT e.rep_id, e.month_start, count(*) AS working_days, count(k.checkin_date) AS days_checked_in
    FROM employed_days e
    LEFT JOIN (SELECT DISTINCT rep_id, checkin_date FROM {{ ref('fct_checkins') }}) k
        ON k.rep_id = e.rep_id AND k.checkin_date = e.date_day
    GROUP BY e.rep_id, e.month_start
),
reports AS (
    SELECT rep_id, month_start,
           count(*) AS reports_due, count(*) FILTER (WHERE is_on_time) AS reports_on_time,
           count(*) FILTER (WHERE report_type = 'daily') AS daily_due,
           count(*) FILTER (WHERE report_type = 'daily' AND is_on_time) AS daily_on_time,
           count(*) FILTER (WHERE report_type = 'weekly') AS weekly_due,
           count(*) FILTER (WHERE report_type = 'weekly' AND is_on_time) AS weekly_on_time,
           count(*) FILTER (WHERE report_type = 'monthly') AS monthly_due,
           count(*) FILTER (WHERE report_type = 'monthly' AND is_on_time) AS monthly_on_time,
           count(*) FILTER (WHERE NOT is_submitted) AS reports_missing
    FROM {{ ref('fct_rep_reports') }} GROUP BY rep_id, month_start
),
visits AS (
    SELECT rep_id, month_start, count(*) AS visits,
           count(*) FILTER (WHERE visit_type = 'development') AS development_visits,
           count(*) FILTER (WHERE visit_type = 'maintenance') AS maintenance_visits,
           count(*) FILTER (WHERE is_co_visit) AS co_visits
    FROM {{ ref('fct_visits') }} GROUP BY rep_id, month_start
),
opened AS (SELECT rep_id, month_start, count(*) AS new_customers FROM {{ ref('int_customer_first_invoice') }}
          GROUP BY rep_id, month_start),
joined AS (
    SELECT d.rep_id, r.rep_name, r.region_id, r.role, r.manager_rep_id, d.month_start, d.working_days,
           d.days_checked_in,
           coalesce(p.reports_due, 0) AS reports_due, coalesce(p.reports_on_time, 0) AS reports_on_time,
           coalesce(p.reports_missing, 0) AS reports_missing,
           p.daily_on_time / nullif(p.daily_due, 0) AS daily_report_on_time_share,
           p.weekly_on_time / nullif(p.weekly_due, 0) AS weekly_report_on_time_share,
           p.monthly_on_time / nullif(p.monthly_due, 0) AS monthly_report_on_time_share,
           coalesce(v.visits, 0) AS visits, coalesce(v.development_visits, 0) AS development_visits,
           coalesce(v.maintenance_visits, 0) AS maintenance_visits, coalesce(v.co_visits, 0) AS co_visits,
           coalesce(o.new_customers, 0) AS new_customers
    FROM days d
    JOIN {{ ref('dim_rep') }} r USING (rep_id)
    LEFT JOIN reports p USING (rep_id, month_start)
    LEFT JOIN visits v USING (rep_id, month_start)
    LEFT JOIN opened o USING (rep_id, month_start)
),
rolling AS (
    SELECT j.*,
           sum(days_checked_in) OVER w3 / sum(working_days) OVER w3 AS checkin_compliance_3m,
           sum(reports_on_time) OVER w3 / nullif(sum(reports_due) OVER w3, 0) AS report_on_time_share_3m
    FROM joined j
    WINDOW w3 AS (PARTITION BY rep_id ORDER BY month_start RANGE BETWEEN INTERVAL 2 MONTH PRECEDING AND CURRENT ROW)
)
SELECT
    r.* EXCLUDE (checkin_compliance_3m, report_on_time_share_3m),
    r.days_checked_in / r.working_days AS checkin_compliance,
    r.reports_on_time / nullif(r.reports_due, 0) AS report_on_time_share,
    r.visits / r.working_days AS visits_per_working_day,
    r.visits / r.working_days / p.standard_visits_per_working_day AS work_saturation,
    r.co_visits / nullif(r.visits, 0) AS co_visit_rate,
    r.development_visits / nullif(r.maintenance_visits, 0) AS development_to_maintenance,
    r.checkin_compliance_3m, r.report_on_time_share_3m,
    r.role = 'rep'
        AND (NOT d.has_checkins OR r.checkin_compliance_3m < p.min_checkin_compliance)
        AND (NOT d.has_reports OR coalesce(r.report_on_time_share_3m, 0) < p.min_report_on_time_share)
        AND (d.has_checkins OR d.has_reports) AS is_unmanaged
FROM rolling r CROSS JOIN p CROSS JOIN delivered d
