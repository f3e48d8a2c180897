WITH per_advance AS (
    SELECT expense_id, any_value(rep_id) AS rep_id, any_value(region_id) AS region_id,
           any_value(advance_amount) AS advance_amount,
           coalesce(sum(amortization) FILTER (WHERE is_charged), 0) AS amortized_to_date,
           max(month_start) AS final_month,
           count(*) FILTER (WHERE NOT is_charged) AS months_remaining
    FROM {{ ref('mart_dev_fee_amortization') }} GROUP BY expense_id
)
SELECT
    a.rep_id, coalesce(r.region_id, any_value(a.region_id)) AS region_id, r.rep_name,
    count(*) AS advances,
    sum(a.advance_amount) AS advanced_amount,
    sum(a.amortized_to_date) AS amortized_to_date,
    sum(a.advance_amount) - sum(a.amortized_to_date) AS outstanding_balance,
    count(*) FILTER (WHERE a.months_remaining > 0) AS open_advances,
    max(a.final_month) AS last_amortization_month,
    r.leave_date IS NOT NULL AND r.leave_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }}) AS rep_has_left
FROM per_advance a
LEFT JOIN {{ ref('dim_rep') }} r ON r.rep_id = a.rep_id
GROUP BY a.rep_id, r.region_id, r.rep_name, r.leave_date
