SELECT
    e.expense_id, e.expense_date, {{ month_start('e.expense_date') }} AS month_start,
    e.region_id, e.rep_id, e.category,
    CASE WHEN e.category IN ('market', 'promotion', 'entertainment', 'development_fee') THEN 'market'
         ELSE 'personnel' END AS expense_group,
    e.amount, e.regime, e.approval_level, e.approver_rep_id,
    e.approval_level = 'none' OR e.approver_rep_id IS NULL AS is_unapproved,
    e.approval_level = 'top_only' AS is_one_signature,
    coalesce(e.is_advance, false) AS is_advance,
    e.amortization_months
FROM {{ source('salesops', 'stg_expenses') }} e
WHERE e.expense_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
