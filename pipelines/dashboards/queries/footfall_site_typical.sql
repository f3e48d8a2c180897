-- Typical weekday / weekend / week-average traffic per site of the latest study.
SELECT study_id, site_id, site_name, day_class, estimate, lower, upper, interval_level, days_used, basis,
       profile_source
FROM footfall_site_typical
WHERE study_id = (SELECT max(study_id) FROM footfall_site_typical)
ORDER BY site_id, day_class
