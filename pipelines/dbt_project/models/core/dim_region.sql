-- Every region any staged source names (the master's rows, the others named by their code), plus UNKNOWN: the
-- region of customers and reps nothing places in a department.
WITH named AS (
    {{ referenced_ids('regions') }}
),
ids AS (
    SELECT member_id, seen_in FROM named
    UNION ALL SELECT 'UNKNOWN', NULL WHERE 'UNKNOWN' NOT IN (SELECT member_id FROM named)
)
SELECT
    i.member_id AS region_id,
    coalesce(r.region_name, CASE WHEN i.member_id = 'UNKNOWN' THEN 'Unassigned' ELSE i.member_id END)
        AS region_name,
    r.province,
    r.head_rep_id,
    r.region_id IS NOT NULL AS in_master,
    i.seen_in
FROM ids i
LEFT JOIN {{ source('salesops', 'stg_regions') }} r ON r.region_id = i.member_id
