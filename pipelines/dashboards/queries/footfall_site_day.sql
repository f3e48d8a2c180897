-- Expanded daily totals of the latest study, one row per site and counted day.
SELECT study_id, site_id, site_name, count_date, day_type, observers, counted_hours, observed_count, hourly_rate,
       daily_estimate, lower, upper, interval_level, profile_source
FROM footfall_site_day
WHERE study_id = (SELECT max(study_id) FROM footfall_site_day)
ORDER BY site_id, count_date
