{{ config(meta={'dagster': {'ref': {'name': 'int_target_actuals_month'}}, 'description': 'sales actuals (all products) add up to the facts'}) }}
-- sales actuals (all products) add up to the facts
WITH this_side AS (
    SELECT 0, sum(value) FROM {{ ref('int_target_actuals_month') }} WHERE metric = 'sales' AND product_id IS NULL
),
other_side AS (
    SELECT 0, sum(amount) FROM {{ ref('fct_sales_lines') }}
)
{{ totals_disagree('this_side', 'other_side') }}
