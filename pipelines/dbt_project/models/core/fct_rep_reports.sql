SELECT
    p.report_id, p.rep_id, r.region_id, p.report_type, p.period_start,
    {{ month_start('p.period_start') }} AS month_start,
    p.due_time, p.submitted_time,
    p.submitted_time IS NOT NULL AS is_submitted,
    coalesce(p.submitted_time <= p.due_time, false) AS is_on_time,
    {{ dbt.datediff("p.due_time", "p.submitted_time", "minute") }} / 60.0 AS hours_late
FROM {{ source('salesops', 'stg_rep_reports') }} p
LEFT JOIN {{ ref('dim_rep') }} r USING (rep_id)
WHERE CAST(p.due_time AS DATE) <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
