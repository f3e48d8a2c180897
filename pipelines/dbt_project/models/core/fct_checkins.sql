SELECT
    k.checkin_id, k.rep_id, r.region_id, k.checkin_time, CAST(k.checkin_time AS DATE) AS checkin_date,
    {{ month_start('k.checkin_time') }} AS month_start, k.channel
FROM {{ source('salesops', 'stg_rep_checkins') }} k
LEFT JOIN {{ ref('dim_rep') }} r USING (rep_id)
WHERE CAST(k.checkin_time AS DATE) <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
