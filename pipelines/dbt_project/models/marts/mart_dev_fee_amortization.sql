-- An advance of amount A over n months (default int_metric_params.default_amortization_months) is charged A/n
-- (rounded to cents, the last month takes the rounding rest) in each month from the month it was paid. A month
-- counts as charged once it has started on or before the as-of date.
WITH advances AS (
    SELECT e.expense_id, e.expense_date, e.month_start AS first_month, e.region_id, e.rep_id, e.category,
           e.amount, CAST(coalesce(e.amortization_months, p.default_amortization_months) AS INT) AS months
    FROM {{ ref('fct_expenses') }} e, {{ ref('int_metric_params') }} p
    WHERE e.is_advance
),
schedule AS (
    SELECT a.*, k AS month_no,
           CAST(a.first_month + to_months(CAST(k - 1 AS INT)) AS DATE) AS month_start,
           CASE WHEN k < a.months THEN round(a.amount / a.months, 2)
                ELSE a.amount - round(a.amount / a.months, 2) * (a.months - 1) END AS amortization
    FROM advances a, range(1, a.months + 1) AS t(k)
)
SELECT
    expense_id, rep_id, region_id, category, expense_date, amount AS advance_amount, months AS amortization_months,
    month_no, month_start, amortization,
    sum(amortization) OVER (PARTITION BY expense_id ORDER BY month_no) AS amortized_cumulative,
    amount - sum(amortization) OVER (PARTITION BY expense_id ORDER BY month_no) AS outstanding_after,
    month_start <= (SELECT as_of FROM {{ source('salesops', 'build_params') }}) AS is_charged
FROM schedule
