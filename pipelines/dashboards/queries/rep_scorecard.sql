-- Rep scorecards per month (discipline, activity, collections, attainment in one score), from a month on.
SELECT rep_id, coalesce(rep_name, rep_id) AS rep_name, region_id, month_start, score, rank_in_region,
       sales_attainment, collection_rate, checkin_compliance, report_on_time_share, work_saturation,
       sales_amount, collected_amount, new_customers, coalesce(is_unmanaged, false) AS is_unmanaged,
       coalesce(opens_but_not_maintains, false) AS opens_but_not_maintains
FROM mart_rep_scorecard
WHERE month_start >= CAST($since AS DATE)
ORDER BY score DESC NULLS LAST
