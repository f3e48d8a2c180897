-- Accepted count-sheet rows by segment (what the segment mix uses), interval times as minutes after midnight
-- (24:00 stays representable), unclassified segment cells as 'unknown'.
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
    "count"
FROM stg_footfall_counts
