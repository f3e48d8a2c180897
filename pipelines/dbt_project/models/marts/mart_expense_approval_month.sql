SELECT
    region_id, month_start,
    sum(amount) AS expense_amount,
    count(*) AS vouchers,
    coalesce(sum(amount) FILTER (WHERE is_unapproved), 0) AS unapproved_amount,
    count(*) FILTER (WHERE is_unapproved) AS unapproved_vouchers,
    coalesce(sum(amount) FILTER (WHERE is_one_signature), 0) AS one_signature_amount,
    count(*) FILTER (WHERE is_one_signature) AS one_signature_vouchers,
    coalesce(sum(amount) FILTER (WHERE is_wrong_approver), 0) AS wrong_approver_amount,
    count(*) FILTER (WHERE is_wrong_approver) AS wrong_approver_vouchers,
    coalesce(sum(amount) FILTER (WHERE is_unapproved), 0) / sum(amount) AS unapproved_share,
    coalesce(sum(amount) FILTER (WHERE is_one_signature), 0) / sum(amount) AS one_signature_share,
    coalesce(sum(amount) FILTER (WHERE is_wrong_approver), 0) / sum(amount) AS wrong_approver_share
FROM {{ ref('int_expense_approvals') }}
GROUP BY region_id, month_start
