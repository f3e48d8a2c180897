-- Field reps' discipline per month: check-ins (每日电话报到), reports on time, visits and work saturation (工作饱和度).
SELECT rep_id, coalesce(rep_name, rep_id) AS rep_name, region_id, month_start, working_days, days_checked_in,
       visits, co_visits, reports_due, reports_on_time,
       checkin_compliance AS checkin_rate, report_on_time_share AS report_on_time_rate,
       visits_per_working_day AS visits_per_day, work_saturation, coalesce(is_unmanaged, false) AS is_unmanaged
FROM mart_rep_discipline_month
WHERE role = 'rep' AND month_start >= CAST($since AS DATE)
