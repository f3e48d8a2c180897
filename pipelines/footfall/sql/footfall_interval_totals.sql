-- Accepted count-sheet rows summed per sheet and interval (what the sheet checks and the estimates use),
-- interval times as minutes after midnight, and the file the interval came from.
SELECT
    study_id,
    site_id,
    observer_id,
    count_date,
    date_diff('minute', TIME '00:00', interval_start) AS start_min,
    date_diff('minute', TIME '00:00', interval_end) AS end_min,
    sum("count") AS "count",
    min(_source_file) AS source_file
FROM stg_footfall_counts
GROUP BY ALL
ORDER BY study_id, site_id, observer_id, count_date, start_min
