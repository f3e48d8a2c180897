-- is_unapproved: no approval (level 'none' or nobody signed).
-- is_one_signature (一笔签): signed only at the top ('top_only') by someone who is not the spender's line manager
--   (for department costs without a rep, the line manager is the region head), so the hierarchy was skipped.
-- is_wrong_approver: the signer is the spender, or not the person the level names: a 'line_manager' approval
--   not signed by the line manager, a 'department_head' approval not signed by the region head (for the head's
--   own spend, the head's manager).
WITH judged AS (
    SELECT
        e.expense_id, e.expense_date, e.month_start, e.region_id, e.rep_id, e.category, e.expense_group,
        e.amount, e.regime, e.approval_level, e.approver_rep_id, e.is_advance, e.amortization_months,
        coalesce(r.manager_rep_id, g.head_rep_id) AS line_manager_rep_id,
        CASE WHEN e.rep_id = g.head_rep_id THEN h.manager_rep_id ELSE g.head_rep_id END AS department_signer_rep_id,
        e.is_unapproved
    FROM {{ ref('fct_expenses') }} e
    LEFT JOIN {{ ref('dim_rep') }} r ON r.rep_id = e.rep_id
    LEFT JOIN {{ ref('dim_region') }} g ON g.region_id = e.region_id
    LEFT JOIN {{ ref('dim_rep') }} h ON h.rep_id = g.head_rep_id
)
SELECT
    * EXCLUDE (department_signer_rep_id),
    NOT is_unapproved AND approval_level = 'top_only'
        AND approver_rep_id IS DISTINCT FROM line_manager_rep_id AS is_one_signature,
    NOT is_unapproved AND (
        coalesce(approver_rep_id = rep_id, false)
        OR (approval_level = 'line_manager' AND approver_rep_id IS DISTINCT FROM line_manager_rep_id)
        OR (approval_level = 'department_head' AND department_signer_rep_id IS NOT NULL
            AND approver_rep_id IS DISTINCT FROM department_signer_rep_id)
    ) AND NOT (approval_level = 'top_only') AS is_wrong_approver
FROM judged
