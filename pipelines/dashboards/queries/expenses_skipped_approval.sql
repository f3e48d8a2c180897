-- Vouchers whose approval skipped the spender's reporting line (无审批 / 一笔签 / wrong signer), from a month on,
-- the biggest $per_month per region and month.
SELECT e.expense_date, e.month_start, e.expense_id, e.region_id, coalesce(r.rep_name, e.rep_id) AS rep_name,
       e.category, e.amount, e.approval_level, coalesce(a.rep_name, e.approver_rep_id) AS approver_name,
       CASE WHEN e.is_unapproved THEN 'unapproved' WHEN e.is_one_signature THEN 'one_signature'
            ELSE 'wrong_approver' END AS issue
FROM int_expense_approvals e
LEFT JOIN dim_rep r ON r.rep_id = e.rep_id
LEFT JOIN dim_rep a ON a.rep_id = e.approver_rep_id
WHERE (e.is_unapproved OR e.is_one_signature OR e.is_wrong_approver) AND e.month_start >= CAST($since AS DATE)
QUALIFY row_number() OVER (PARTITION BY e.region_id, e.month_start ORDER BY e.amount DESC) <= $per_month
ORDER BY e.amount DESC
