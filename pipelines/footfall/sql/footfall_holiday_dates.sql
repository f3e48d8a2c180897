-- Public holidays delivered with the study (optional source footfall_holidays).
SELECT DISTINCT holiday_date
FROM stg_footfall_holidays
ORDER BY holiday_date
