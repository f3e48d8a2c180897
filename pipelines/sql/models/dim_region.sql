-- Provincial sales departments: the master list plus any region code used elsewhere.
WITH seen AS (
    SELECT region_id FROM stg_regions
    UNION SELECT region_id FROM stg_customers
    UNION SELECT region_id FROM stg_reps
    UNION SELECT region_id FROM stg_expenses
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
LEFT JOIN stg_regions r USING (region_id)
WHERE s.region_id IS NOT NULL
