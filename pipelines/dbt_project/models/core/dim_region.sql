WITH seen AS (
    SELECT region_id FROM {{ source('salesops', 'stg_regions') }}
    UNION SELECT region_id FROM {{ source('salesops', 'stg_customers') }}
    UNION SELECT region_id FROM {{ source('salesops', 'stg_reps') }}
    UNION SELECT region_id FROM {{ source('salesops', 'stg_expenses') }}
    UNION SELECT 'UNKNOWN'
)
SELECT
    s.region_id,
    coalesce(r.region_name, CASE WHEN s.region_id = 'UNKNOWN' THEN 'Unassigned' ELSE s.region_id END)
        AS region_name,
    r.province,
    r.head_rep_id,
    r.region_id IS NOT NULL AS in_master
FROM seen s
LEFT JOIN {{ source('salesops', 'stg_regions') }} r USING (region_id)
WHERE s.region_id IS NOT NULL
