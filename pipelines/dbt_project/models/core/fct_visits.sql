SELECT
    v.visit_id, v.visit_date, {{ month_start('v.visit_date') }} AS month_start,
    v.rep_id, r.region_id, v.customer_id, v.visit_type, v.manager_rep_id, v.duration_min,
    v.visit_type = 'co_visit' OR v.manager_rep_id IS NOT NULL AS is_co_visit
FROM {{ source('salesops', 'stg_visits') }} v
LEFT JOIN {{ ref('dim_rep') }} r USING (rep_id)
WHERE v.visit_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
