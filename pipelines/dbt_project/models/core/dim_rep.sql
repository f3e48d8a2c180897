-- Every rep any staged source names: the master's rows, and for an id without one a member named by its id, in
-- the department most often named with it (customers it owns in the customers master, its expenses and targets,
-- the master departments of customers it sold to or visited; ties to the lowest code), else UNKNOWN.
WITH RECURSIVE ids AS (
    {{ referenced_ids('reps') }}
),
master AS (
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
members AS (
    SELECT member_id AS rep_id, seen_in FROM ids WHERE NOT EXISTS (SELECT 1 FROM master m WHERE m.rep_id = ids.member_id)
),
region_evidence AS (
    SELECT rep_id, region_id FROM {{ source('salesops', 'stg_customers') }}
    UNION ALL SELECT rep_id, region_id FROM {{ source('salesops', 'stg_expenses') }}
    UNION ALL SELECT rep_id, region_id FROM {{ source('salesops', 'stg_targets') }}
    UNION ALL SELECT s.rep_id, c.region_id FROM {{ source('salesops', 'stg_sales_lines') }} s
        JOIN {{ source('salesops', 'stg_customers') }} c USING (customer_id)
    UNION ALL SELECT v.rep_id, c.region_id FROM {{ source('salesops', 'stg_visits') }} v
        JOIN {{ source('salesops', 'stg_customers') }} c USING (customer_id)
),
member_region AS (
    SELECT rep_id, region_id FROM (
        SELECT rep_id, region_id, row_number() OVER (PARTITION BY rep_id ORDER BY count(*) DESC, region_id) AS pick
        FROM region_evidence
        WHERE region_id IS NOT NULL AND rep_id IN (SELECT rep_id FROM members)
        GROUP BY rep_id, region_id
    ) ranked WHERE pick = 1
)
SELECT
    m.rep_id, m.rep_name, coalesce(m.region_id, 'UNKNOWN') AS region_id, m.manager_rep_id,
    mgr.rep_name AS manager_name, m.role, m.hire_date, m.leave_date, m.base_salary,
    c.top_rep_id, c.depth AS hierarchy_depth, array_to_string(c.path, ' > ') AS hierarchy_path,
    true AS in_master, 'stg_reps' AS seen_in
FROM master m
LEFT JOIN master mgr ON mgr.rep_id = m.manager_rep_id
LEFT JOIN (SELECT rep_id, arg_min(top_rep_id, depth) AS top_rep_id, min(depth) AS depth,
                  arg_min(path, depth) AS path FROM chain GROUP BY rep_id) c ON c.rep_id = m.rep_id
UNION ALL
SELECT s.rep_id, s.rep_id, coalesce(r.region_id, 'UNKNOWN'), NULL, NULL, 'rep', NULL, NULL, NULL, s.rep_id, 0,
       s.rep_id, false, s.seen_in
FROM members s
LEFT JOIN member_region r USING (rep_id)
