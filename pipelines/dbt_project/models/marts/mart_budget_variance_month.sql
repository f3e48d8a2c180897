-- Months after the as-of month are left out (their budget is not yet due); the as-of month is compared as is.
WITH budget AS (
    SELECT region_id, category, make_date(CAST(year AS INT), CAST(month AS INT), 1) AS month_start,
           sum(amount) AS budget_amount
    FROM {{ source('salesops', 'stg_budgets') }} GROUP BY region_id, category, year, month
),
actual AS (
    SELECT region_id, category, month_start, sum(amount) AS actual_amount,
           coalesce(sum(amount) FILTER (WHERE regime = 'contract'), 0) AS actual_contract_regime,
           coalesce(sum(amount) FILTER (WHERE regime = 'budget'), 0) AS actual_budget_regime
    FROM {{ ref('fct_expenses') }} GROUP BY region_id, category, month_start
),
joined AS (
    SELECT coalesce(b.region_id, a.region_id) AS region_id, coalesce(b.category, a.category) AS category,
           coalesce(b.month_start, a.month_start) AS month_start,
           b.budget_amount, coalesce(a.actual_amount, 0) AS actual_amount,
           coalesce(a.actual_contract_regime, 0) AS actual_contract_regime,
           coalesce(a.actual_budget_regime, 0) AS actual_budget_regime
    FROM budget b
    FULL OUTER JOIN actual a USING (region_id, category, month_start)
)
SELECT
    region_id, category, month_start, budget_amount, actual_amount, actual_contract_regime, actual_budget_regime,
    actual_amount - coalesce(budget_amount, 0) AS variance,
    (actual_amount - budget_amount) / nullif(budget_amount, 0) AS variance_pct,
    budget_amount IS NOT NULL AND actual_amount > budget_amount AS is_overrun,
    budget_amount IS NULL AS is_unbudgeted,
    sum(coalesce(budget_amount, 0)) OVER ytd AS budget_ytd,
    sum(actual_amount) OVER ytd AS actual_ytd,
    sum(actual_amount - coalesce(budget_amount, 0)) OVER ytd AS variance_ytd
FROM joined
WHERE month_start <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
WINDOW ytd AS (PARTITION BY region_id, category, year(month_start) ORDER BY month_start
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
