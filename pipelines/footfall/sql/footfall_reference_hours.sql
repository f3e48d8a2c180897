-- Reference counter hours split into day and clock hour.
SELECT
    counter_id,
    CAST(hour_start AS DATE) AS day,
    hour(hour_start) AS hour,
    "count"
FROM stg_footfall_reference
ORDER BY counter_id, hour_start
