-- The daily profile the expansion used: share of the day per hour and day type.
SELECT day_type, hour, share, share_sd, level, profile_source
FROM footfall_profile
ORDER BY day_type, hour
