-- Target-segment share and daily traffic per site and day class of the latest study.
SELECT study_id, site_id, site_name, segment_label, segment_filter, day_class, target_share, share_lower,
       share_upper, target_daily_estimate, lower, upper, interval_level, basis
FROM footfall_target_segment
WHERE study_id = (SELECT max(study_id) FROM footfall_target_segment)
ORDER BY site_id, day_class
