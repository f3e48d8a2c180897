-- Daily check-ins, one row per check-in.
SELECT
    k.checkin_id, k.rep_id, r.region_id, k.checkin_time, CAST(k.checkin_time AS DATE) AS checkin_date,
    CAST(date_trunc('month', k.checkin_time) AS DATE) AS month_start, k.channel
FROM stg_rep_checkins k
LEFT JOIN dim_rep r USING (rep_id)
WHERE CAST(k.checkin_time AS DATE) <= (SELECT as_of FROM build_params)
