-- Accepted count-sheet rows, interval times as minutes after midnight (24:00 stays representable),
-- unclassified segment cells as 'unknown'.
SELECT
    study_id,
    site_id,
    observer_id,
    count_date,
    date_diff('minute', TIME '00:00', interval_start) AS start_min,
    date_diff('minute', TIME '00:00', interval_end) AS end_min,
    coalesce(age_band, 'unknown') AS age_band,
    coalesce(gender, 'unknown') AS gender,
    coalesce(income_tier, 'unknown') AS income_tier,
    coalesce(direction, 'unknown') AS direction,
    "count",
    _source_file AS source_file
FROM stg_footfall_counts
ORDER BY study_id, site_id, observer_id, count_date, start_min
