{{ config(meta={'dagster': {'ref': {'name': 'mart_period_compare_region_month'}}, 'description': 'the compared regional sales add up to the facts'}) }}
-- the compared regional sales add up to the facts
WITH this_side AS (
    SELECT 0, sum(value) FROM {{ ref('mart_period_compare_region_month') }} WHERE metric = 'sales_amount'
),
other_side AS (
    SELECT 0, sum(amount) FROM {{ ref('fct_sales_lines') }}
)
{{ totals_disagree('this_side', 'other_side') }}
