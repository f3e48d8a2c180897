-- Counting plan: precision by day class and counting hours, with the best window and days needed.
SELECT day_class, count_hours, best_start, best_end, share_of_day, rel_precision_one_day, meets_target_one_day,
       days_for_typical_estimate, target_rel_precision, interval_level, recommended, profile_source
FROM footfall_sample_plan
ORDER BY CASE day_class WHEN 'weekday' THEN 0 WHEN 'saturday' THEN 1 WHEN 'sunday' THEN 2 ELSE 3 END, count_hours
