SELECT
    month_start, region_id, rep_id, category, expense_group, regime,
    sum(amount) AS expense_amount,
    count(*) AS vouchers,
    coalesce(sum(amount) FILTER (WHERE is_unapproved), 0) AS unapproved_amount,
    coalesce(sum(amount) FILTER (WHERE is_one_signature), 0) AS one_signature_amount,
    coalesce(sum(amount) FILTER (WHERE is_wrong_approver), 0) AS wrong_approver_amount,
    coalesce(sum(amount) FILTER (WHERE is_advance), 0) AS advance_amount
FROM {{ ref('int_expense_approvals') }}
GROUP BY month_start, region_id, rep_id, category, expense_group, regime
