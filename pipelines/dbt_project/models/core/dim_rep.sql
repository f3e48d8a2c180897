WITH RECURSIVE master AS (
    SELECT rep_id, rep_name, region_id, manager_rep_id, role, hire_date, leave_date, base_salary
    FROM {{ source('salesops', 'stg_reps') }}
),
chain AS (
    SELECT rep_id, rep_id AS top_rep_id, 0 AS depth, [rep_id] AS path
    FROM master WHERE manager_rep_id IS NULL OR manager_rep_id NOT IN (SELECT rep_id FROM master)
    UNION ALL
    SELECT m.rep_id, c.top_rep_id, c.depth + 1, list_append(c.path, m.rep_id)
    FROM master m JOIN chain c ON m.manager_rep_id = c.rep_id
    WHERE NOT list_contains(c.path, m.rep_id) AND c.depth < 20
),
seen_only AS (
    SELECT DISTINCT rep_id FROM {{ source('salesops', 'stg_sales_lines') }} WHERE rep_id NOT IN (SELECT rep_id FROM master)
)
SELECT
    m.rep_id, m.rep_name, coalesce(m.region_id, 'UNKNOWN') AS region_id, m.manager_rep_id,
    mgr.rep_name AS manager_name, m.role, m.hire_date, m.leave_date, m.base_salary,
    c.top_rep_id, c.depth AS hierarchy_depth, array_to_string(c.path, ' > ') AS hierarchy_path,
    true AS in_master
FROM master m
LEFT JOIN master mgr ON mgr.rep_id = m.manager_rep_id
LEFT JOIN (SELECT rep_id, arg_min(top_rep_id, depth) AS top_rep_id, min(depth) AS depth,
                  arg_min(path, depth) AS path FROM chain GROUP BY rep_id) c ON c.rep_id = m.rep_id
UNION ALL
SELECT rep_id, rep_id, 'UNKNOWN', NULL, NULL, 'rep', NULL, NULL, NULL, rep_id, 0, rep_id, false
FROM seen_only
