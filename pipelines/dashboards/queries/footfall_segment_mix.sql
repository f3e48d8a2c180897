-- Segment shares per site of the latest study, with their bootstrap intervals.
SELECT study_id, site_id, site_name, dimension, segment, count, share, lower, upper, interval_level
FROM footfall_segment_mix
WHERE study_id = (SELECT max(study_id) FROM footfall_segment_mix)
ORDER BY dimension, site_id, segment
