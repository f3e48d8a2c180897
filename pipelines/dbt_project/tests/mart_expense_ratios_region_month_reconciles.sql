{{ config(meta={'dagster': {'ref': {'name': 'mart_expense_ratios_region_month'}}, 'description': 'regional expenses and sales add up to the facts'}) }}
-- regional expenses and sales add up to the facts
WITH this_side AS (
    SELECT 0, sum(expense_amount) + sum(sales_amount) FROM {{ ref('mart_expense_ratios_region_month') }}
),
other_side AS (
    SELECT 0, (SELECT coalesce(sum(amount), 0) FROM {{ ref('fct_expenses') }}) + (SELECT coalesce(sum(amount), 0) FROM {{ ref('fct_sales_lines') }})
)
{{ totals_disagree('this_side', 'other_side') }}
