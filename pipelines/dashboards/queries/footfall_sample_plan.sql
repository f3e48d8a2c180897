-- Counting plans by day class and counting hours: expected error, coverage, one-day precision, days needed.
SELECT day_class, count_hours, plan, blocks, share_of_day, expected_mape, expected_coverage, min_counter_coverage,
       expected_rel_width, rel_precision_one_day, meets_target_one_day, days_for_typical_estimate, meets_coverage_rule,
       rank_in_length,
       best_for_length, recommended, target_rel_precision, interval_level, reference_counters, profile_source
FROM footfall_sample_plan
ORDER BY CASE day_class WHEN 'weekday' THEN 0 WHEN 'saturday' THEN 1 WHEN 'sunday' THEN 2 ELSE 3 END, count_hours,
         rank_in_length
